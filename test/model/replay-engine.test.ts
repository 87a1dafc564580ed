import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { benchMixTopology, syntheticEvents } from "../../src/bench/synthetic.js";
import { virtioBlkWorkload } from "../../src/bench/virtio-workload.js";
import { CHECKPOINT_BYTES_PER_EVENT, CHECKPOINT_EVERY, replay } from "../../src/engine/replay.js";
import { parseQemuTraceText } from "../../src/io/qemu-trace/parse-log.js";
import { TraceCatalog } from "../../src/io/qemu-trace/trace-events.js";
import { Machine } from "../../src/model/machine/machine.js";
import { eventFromJson } from "../../src/schema/json.js";
import { Access, type EventProps } from "../../src/schema/proto.js";
import { Store } from "../../src/store/store.js";

const dir = mkdtempSync(join(tmpdir(), "devtape-replay-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("replay from the store with checkpoints", () => {
  const path = join(dir, "w.devtape");
  const store = Store.open(path, { mode: "write", create: true });
  const session = store.createSession({ name: "w" });
  const events = virtioBlkWorkload({ version: 2, requests: 1500, batch: 6, deviceDma: true });
  const app = store.appender(session);
  for (const ev of events) app.append(ev);
  app.flush();
  afterAll(() => store.close());

  it("writes a snapshot every CHECKPOINT_EVERY events and reports zero divergences", () => {
    const full = replay(store, session, { saveCheckpoints: true, fromScratch: true });
    expect(full.machine.divergences).toEqual([]);
    expect(full.restoredFrom).toBeNull();
    const n = Math.floor(events.length / CHECKPOINT_EVERY);
    expect(n).toBeGreaterThan(1);
    const rows = store.db.prepare("SELECT seq FROM checkpoints WHERE session_id = ? ORDER BY seq").all(session.id) as { seq: number }[];
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: n }, (_, i) => (i + 1) * CHECKPOINT_EVERY - 1));
  });

  it.each([0, CHECKPOINT_EVERY - 1, CHECKPOINT_EVERY + 17, 2 * CHECKPOINT_EVERY + 5000])(
    "state at event %i is the same from the nearest checkpoint as from event 0",
    (at) => {
      const fast = replay(store, session, { to: at });
      const slow = replay(store, session, { to: at, fromScratch: true });
      expect(fast.stateHash).toBe(slow.stateHash);
      expect(fast.events).toBe(at + 1);
      if (at >= CHECKPOINT_EVERY - 1) expect(fast.restoredFrom).not.toBeNull();
    },
  );
});

describe("checkpoints of a large state", () => {
  it("come no closer than the snapshot's size / CHECKPOINT_BYTES_PER_EVENT events apart, and restore exactly", () => {
    // A driver that fills 2 MiB of RAM page by page, then keeps writing small values: a
    // state of 2 MiB, which every 8,192 events would be 100 MB of snapshots.
    const events: EventProps[] = [{ agent: { host: true }, machine: { type: "microvm", ramSize: 64 * 2 ** 20 } }];
    for (let p = 0; p < 512; p++)
      events.push({
        agent: { cpu: 0 },
        memory: { op: Access.ACCESS_WRITE, addr: 0x100_0000 + p * 4096, fillLength: 4096, fillByte: p & 0xff },
      });
    for (let i = 0; events.length < 420_000; i++)
      events.push({
        agent: { cpu: 0 },
        memory: { op: Access.ACCESS_WRITE, addr: 0x100_0000 + ((i * 7919) % (2 << 20)), data: Uint8Array.of(i & 0xff, 1, 2, 3) },
      });
    const path = join(dir, "big.devtape");
    const store = Store.open(path, { mode: "write", create: true });
    try {
      const session = store.createSession({ name: "big" });
      const app = store.appender(session);
      for (const ev of events) app.append(ev);
      app.flush();
      const full = replay(store, session, { saveCheckpoints: true, fromScratch: true });
      const rows = store.db
        .prepare("SELECT seq, length(state) AS bytes FROM checkpoints WHERE session_id = ? ORDER BY seq")
        .all(session.id) as { seq: number; bytes: number }[];
      expect(rows.length).toBeGreaterThan(2);
      expect(rows.length).toBeLessThan(events.length / CHECKPOINT_EVERY / 4);
      for (let i = 1; i < rows.length; i++) {
        const [a, b] = [rows[i - 1], rows[i]] as [{ seq: number; bytes: number }, { seq: number; bytes: number }];
        expect(b.seq - a.seq).toBeGreaterThanOrEqual(a.bytes / CHECKPOINT_BYTES_PER_EVENT);
        expect((b.seq + 1) % CHECKPOINT_EVERY).toBe(0);
      }
      const at = events.length - 1000;
      expect(replay(store, session, { to: at }).stateHash).toBe(replay(store, session, { to: at, fromScratch: true }).stateHash);
      expect(full.restoredFrom).toBeNull();
    } finally {
      store.close();
    }
  });
});

describe("replay from a chunk's columns", () => {
  const catalog = TraceCatalog.load("test/fixtures/qemu-trace/trace-events-7.2");
  const sessions: [string, () => EventProps[]][] = [
    ...["linux-boot-virtio-blk-legacy", "linux-boot-virtio-devices", "linux-boot-megasas-gen2"].map(
      (base): [string, () => EventProps[]] => [
        base,
        () => {
          const text = readFileSync(`traces/qemu/${base}.trace.log`, "utf8");
          return parseQemuTraceText(text, { catalog, files: [`${base}.trace.log`], strict: true }).events;
        },
      ],
    ),
    ...["virtio-blk-mmio-v1", "virtio-scsi-mmio-v2", "megasas-gen1"].map((base): [string, () => EventProps[]] => [
      base,
      () =>
        readFileSync(`traces/qemu/${base}.jsonl`, "utf8")
          .split("\n")
          .filter((l) => l.trim() !== "")
          .map((l) => eventFromJson(l)),
    ]),
    // Guest errors and divergences of every kind, 10,000 of each and more (counted beyond).
    ["the bench mix", () => [...benchMixTopology(), ...syntheticEvents(60_000, 3)]],
    ["virtio-blk with the device's DMA", () => virtioBlkWorkload({ version: 1, requests: 400, batch: 5, deviceDma: true })],
  ];

  it.each(sessions)("ends in the state applying each decoded event object gives: %s", (name, make) => {
    const path = join(dir, `columns-${sessions.findIndex(([n]) => n === name)}.devtape`);
    const store = Store.open(path, { mode: "write", create: true });
    try {
      const session = store.createSession({ name });
      const app = store.appender(session);
      for (const ev of make()) app.append(ev);
      app.flush();
      const columns = replay(store, session, { fromScratch: true }).machine;
      const objects = new Machine();
      for (const ev of store.events(session.id)) objects.apply(ev);
      expect(columns.events).toBe(objects.events);
      expect(columns.divergences).toEqual(objects.divergences);
      expect(columns.guestErrors).toEqual(objects.guestErrors);
      expect([columns.droppedDivergences, columns.droppedGuestErrors]).toEqual([objects.droppedDivergences, objects.droppedGuestErrors]);
      expect(Buffer.from(columns.encode()).equals(Buffer.from(objects.encode()))).toBe(true);
      expect(columns.devices.size).toBeGreaterThan(0);
    } finally {
      store.close();
    }
  });
});
