// Appending events and reading them back: every field survives, seqs are dense from 0,
// filtered reads return exactly what they ask for, and a reopened store continues where
// it ended.
import { afterAll, describe, expect, it } from "vitest";
import { syntheticEvents } from "../../src/bench/synthetic.js";
import { kindBit, kindLetter, kindMaskOf } from "../../src/schema/kinds.js";
import { Access, BarrierFlavour, BarrierKind, type DecodedEvent, Event, type EventProps, IrqAction } from "../../src/schema/proto.js";
import { type StoredChunk, Store } from "../../src/store/store.js";
import { verifyStore } from "../../src/store/verify.js";
import { TempDirs } from "../helpers/tmp.js";

const tmp = new TempDirs();
afterAll(() => tmp.cleanup());

const HIGH_ADDR = 0x7_ffff_ffff_f000;
const T32 = 2 ** 32;

/** Events the synthetic mix lacks: every kind, 64-bit values, missing times, other agents. */
function unusualEvents(): EventProps[] {
  const W = Access.ACCESS_WRITE;
  const R = Access.ACCESS_READ;
  return [
    { timeNs: T32 + 17, agent: { cpu: 3 }, mmio: { op: R, addr: HIGH_ADDR, size: 8, value: 0xdeadbeef, valueHi: 0x1234 } },
    { agent: { host: true }, marker: { text: "no time, host agent" } },
    { timeNs: 5 * T32 + 1, agent: { device: "x" }, memory: { op: W, addr: HIGH_ADDR + 0x10, data: new Uint8Array([1, 2, 3, 255]) } },
    // Time going backwards: the chunk stores a negative delta.
    { timeNs: 12, agent: { device: "x" }, memory: { op: R, addr: 0x1000, fillLength: 4096, fillByte: 0xaa } },
    { timeNs: 2 ** 52 + 3, agent: { cpu: 0 }, pio: { op: W, port: 0xcf8, size: 4, value: 0x80000000 } },
    { agent: { cpu: 1 }, pio: { op: R, port: 0x60, size: 1, value: 7 } },
    { timeNs: 2 ** 40, agent: { cpu: 0 }, pciConfig: { op: W, bdf: 0x20, offset: 0x4, size: 2, value: 6 } },
    { agent: { cpu: 0 }, pciConfig: { op: R, bdf: 0x20, offset: 0x100, size: 4, value: 0xffffffff } },
    {
      timeNs: 2 ** 40 + 1,
      agent: { cpu: 0 },
      barrier: { kind: BarrierKind.BARRIER_KIND_READ, flavour: BarrierFlavour.BARRIER_FLAVOUR_DMA },
    },
    { agent: { device: "x" }, interrupt: { msi: { address: 0xfee0_0000, data: 0x4021 }, action: IrqAction.IRQ_ACTION_PULSE } },
    { timeNs: 0, agent: { device: "x" }, interrupt: { line: 11, action: IrqAction.IRQ_ACTION_ASSERT } },
    {
      timeNs: 2 ** 40 + 2,
      agent: { device: "virtio-blk@00:04.0" },
      observation: {
        name: "virtqueue_fill",
        args: [
          { name: "idx", uint: 2 ** 50 },
          { name: "delta", int: -(2 ** 40) },
          { name: "vq", str: "requestq" },
          { name: "raw", raw: new Uint8Array([0, 1, 2]) },
        ],
      },
    },
    {
      agent: { host: true },
      source: { file: 2, line: 12345 },
      attach: {
        id: "virtio-mmio@0x7ffffffff000",
        kind: "virtio-mmio",
        mmioBase: HIGH_ADDR,
        mmioSize: 0x200,
        irq: 0,
        props: [{ name: "backend", value: "file" }],
      },
    },
    { agent: { host: true }, attach: { id: "virtio-blk@00:04.0", kind: "virtio-blk-pci", pciBdf: 0x20, mmioSize: 0x1000 } },
    { timeNs: 2 ** 41, agent: { host: true }, detach: { id: "virtio-blk@00:04.0" } },
    { agent: { host: true }, machine: { type: "q35", ramSize: 16 * T32 } },
    { timeNs: 2 ** 41 + 5, source: { file: 0, line: 1 }, marker: { text: "no agent" } },
  ];
}

/** Synthetic events with the unusual ones spread through them. */
function mixedEvents(n: number, seed: number): EventProps[] {
  const out = syntheticEvents(n, seed);
  unusualEvents().forEach((ev, i) => {
    out.splice(Math.min(out.length, 3 + i * 11), 0, ev);
  });
  return out;
}

const CONVERT = { longs: String, enums: String, bytes: String, defaults: true } as const;

/**
 * An event as protobuf's JSON-ish object form with every field present (defaults: the
 * store's encoding does not keep proto3 fields that are zero, so "absent" and "0" are the
 * same value).
 */
function asObject(ev: EventProps | DecodedEvent, seq?: number): Record<string, unknown> {
  const e = seq === undefined ? ev : { ...ev, seq };
  return Event.toObject(e as DecodedEvent, CONVERT);
}

interface Filled {
  store: Store;
  sessionId: number;
  input: EventProps[];
  seqs: number[];
}

/** A new store holding `input` in one session. */
function filledStore(input: EventProps[], opts: Parameters<Store["appender"]>[1]): Filled {
  const store = Store.open(tmp.file(), { mode: "write", create: true });
  const session = store.createSession({ name: "s" });
  const app = store.appender(session, opts);
  const seqs = input.map((ev) => app.append(ev));
  app.flush();
  return { store, sessionId: session.id, input, seqs };
}

const seqsOf = (evs: Iterable<DecodedEvent>) => [...evs].map((e) => e.seq);
const range = (lo: number, hi: number) => Array.from({ length: Math.max(0, hi - lo + 1) }, (_, i) => lo + i);

describe("appending and reading back", () => {
  const f = filledStore(mixedEvents(600, 42), { chunkEvents: 7 });
  const { store, sessionId, input } = f;
  const n = input.length;
  const chunks: StoredChunk[] = [...store.chunks(sessionId)];
  afterAll(() => store.close());

  it("returns every event equal field by field to what was appended", () => {
    const out = [...store.events(sessionId)];
    expect(out.length).toBe(n);
    for (let i = 0; i < n; i++) {
      expect(asObject(out[i] as DecodedEvent), `event ${i}`).toEqual(asObject(input[i] as EventProps, i));
    }
  });

  it("keeps 64-bit addresses, times above 2^32, missing times and host/device agents exactly", () => {
    const out = [...store.events(sessionId)];
    const high = out.filter((e) => e.mmio?.addr === HIGH_ADDR || e.memory?.addr === HIGH_ADDR + 0x10);
    expect(high.map((e) => e.timeNs)).toEqual([T32 + 17, 5 * T32 + 1]);
    expect(out.find((e) => e.pio?.port === 0xcf8)?.timeNs).toBe(2 ** 52 + 3);
    expect(out.find((e) => e.attach?.kind === "virtio-mmio")?.attach?.mmioBase).toBe(HIGH_ADDR);
    expect(out.find((e) => e.machine != null)?.machine?.ramSize).toBe(16 * T32);
    expect(out.find((e) => e.observation != null)?.observation?.args?.[1]?.int).toBe(-(2 ** 40));
    // A time of 0 is a time; no time is none.
    expect(out.find((e) => e.interrupt?.line === 11)?.timeNs).toBe(0);
    const untimed = out.filter((e) => e.timeNs == null).map((e) => e.seq);
    expect(untimed).toEqual(input.flatMap((e, i) => (e.timeNs == null ? [i] : [])));
    expect(untimed.length).toBeGreaterThan(5);
    expect(out.filter((e) => e.agent?.host === true).length).toBe(input.filter((e) => e.agent?.host === true).length);
    expect(out.filter((e) => e.agent?.device === "x").length).toBe(4);
    expect(out.filter((e) => e.agent == null).length).toBe(1);
  });

  it("numbers events densely from 0, as append returned them", () => {
    expect(f.seqs).toEqual(range(0, n - 1));
    expect(seqsOf(store.events(sessionId))).toEqual(range(0, n - 1));
    expect(store.eventCount(sessionId)).toBe(n);
  });

  it("stores chunks of at most chunkEvents events that tile the session", () => {
    expect(chunks.length).toBe(Math.ceil(n / 7));
    let next = 0;
    for (const c of chunks) {
      expect(c.firstSeq).toBe(next);
      expect(c.count).toBeLessThanOrEqual(7);
      expect(c.kinds).toBe(
        input
          .slice(c.firstSeq, c.firstSeq + c.count)
          .map((e) => kindLetter(e))
          .join(""),
      );
      next += c.count;
    }
    expect(next).toBe(n);
  });

  it("returns exactly the requested seqs for ranges within and across chunk boundaries", () => {
    const cases: [number, number][] = [
      [0, 0],
      [0, 6],
      [6, 7],
      [7, 13],
      [5, 20],
      [13, 13],
      [14, 14],
      [100, 250],
      [n - 3, n - 1],
      [n - 1, n + 50],
      [3, 2],
    ];
    for (const [from, to] of cases) {
      expect(seqsOf(store.events(sessionId, { from, to })), `${from}..${to}`).toEqual(range(from, Math.min(to, n - 1)));
    }
    expect(seqsOf(store.events(sessionId, { from: 300 }))).toEqual(range(300, n - 1));
    expect(seqsOf(store.events(sessionId, { to: 30 }))).toEqual(range(0, 30));
    expect(seqsOf(store.events(sessionId, { from: n }))).toEqual([]);
    // The events of a range are the stored ones, not just the right seqs.
    const some = [...store.events(sessionId, { from: 96, to: 120 })];
    expect(some.map((e) => asObject(e))).toEqual(input.slice(96, 121).map((e, i) => asObject(e, 96 + i)));
  });

  it("reads only the chunks that overlap a range", () => {
    const read = [...store.chunks(sessionId, { from: 30, to: 60 })].map((c) => c.firstSeq);
    expect(read).toEqual(chunks.filter((c) => c.firstSeq <= 60 && c.firstSeq + c.count - 1 >= 30).map((c) => c.firstSeq));
    expect(read[0]).toBe(28);
  });

  it("skips with a kind mask only the chunks that hold none of the kinds", () => {
    for (const word of ["interrupt", "mmio", "mem-read", "pio", "pci-cfg", "topology", "marker", "observation", "barrier"]) {
      const mask = kindMaskOf(word);
      expect(mask, word).toBeDefined();
      const m = mask as number;
      const holds = (c: StoredChunk) => [...c.kinds].some((l) => (kindBit(l) & m) !== 0);
      const visited = [...store.chunks(sessionId, { kindMask: m })];
      expect(
        visited.map((c) => c.firstSeq),
        word,
      ).toEqual(chunks.filter(holds).map((c) => c.firstSeq));
      // Nothing of the kind is lost by the skipping.
      const wanted = (e: EventProps) => (kindBit(kindLetter(e) ?? "?") & m) !== 0;
      const found = [...store.events(sessionId, { kindMask: m })].filter(wanted).map((e) => e.seq);
      expect(found, word).toEqual(input.flatMap((e, i) => (wanted(e) ? [i] : [])));
      expect(found.length, word).toBeGreaterThan(0);
    }
    // A filter that skips something (the synthetic mix has few interrupts per 7 events).
    expect([...store.chunks(sessionId, { kindMask: kindMaskOf("interrupt") as number })].length).toBeLessThan(chunks.length);
  });

  it("combines a kind mask with a range", () => {
    const m = kindMaskOf("mem") as number;
    const got = [...store.events(sessionId, { from: 50, to: 400, kindMask: m })].filter((e) => e.memory != null).map((e) => e.seq);
    expect(got).toEqual(input.flatMap((e, i) => (e.memory != null && i >= 50 && i <= 400 ? [i] : [])));
  });

  it("skips by address range only the chunks that touch no address in it", () => {
    const visited = [...store.chunks(sessionId, { addrMin: HIGH_ADDR, addrMax: HIGH_ADDR + 0xffff })];
    const holders = input.flatMap((e, i) => ((e.mmio?.addr ?? e.memory?.addr ?? 0) >= HIGH_ADDR ? [i] : []));
    expect(holders.length).toBe(2);
    expect(visited.map((c) => c.firstSeq)).toEqual(
      chunks.filter((c) => holders.some((s) => s >= c.firstSeq && s < c.firstSeq + c.count)).map((c) => c.firstSeq),
    );
  });

  it("verifies", () => {
    const report = verifyStore(store);
    expect(report.structure).toEqual([]);
    expect(report.sessions).toEqual([{ session: "s", events: n, chunks: chunks.length, damage: [] }]);
    expect(report.ok).toBe(true);
  });

  it("summarises the session's length, chunks and time span", () => {
    const times = input.flatMap((e) => (e.timeNs == null ? [] : [e.timeNs]));
    const [summary] = store.sessions();
    expect(summary).toMatchObject({
      name: "s",
      events: n,
      chunks: chunks.length,
      timeFirstNs: Math.min(...times),
      timeLastNs: Math.max(...times),
    });
  });
});

describe("appending in several sittings", () => {
  it("continues at the right seq after reopening, and the store still verifies", () => {
    const file = tmp.file();
    const first = syntheticEvents(1000, 5);
    const second = mixedEvents(500, 6);
    let store = Store.open(file, { mode: "write", create: true });
    const session = store.createSession({ name: "s", inputs: ["a.log", "b.log"] });
    let app = store.appender(session, { chunkEvents: 64, batchEvents: 256 });
    for (const ev of first) app.append(ev);
    app.flush();
    store.close();

    store = Store.open(file, { mode: "write" });
    try {
      const again = store.session("s");
      expect(again).toEqual(session);
      app = store.appender(again, { chunkEvents: 100 });
      expect(app.nextSeq).toBe(1000);
      expect(app.committed).toBe(1000);
      const total = 1000 + second.length;
      expect(second.map((ev) => app.append(ev))).toEqual(range(1000, total - 1));
      app.flush();
      expect(store.eventCount(session.id)).toBe(total);
      const all = [...store.events(session.id)];
      expect(all.map((e) => asObject(e))).toEqual([...first, ...second].map((e, i) => asObject(e, i)));
      // The first chunk of the second sitting starts where the first sitting ended.
      expect([...store.chunks(session.id, { from: 999, to: 1000 })].map((c) => [c.firstSeq, c.count])).toEqual([
        [960, 40],
        [1000, 100],
      ]);
      const report = verifyStore(store);
      expect(report.sessions[0]?.damage).toEqual([]);
      expect(report.ok).toBe(true);
    } finally {
      store.close();
    }
    // And once more read-only.
    const reader = Store.open(file, { mode: "read" });
    try {
      expect(reader.eventCount(session.id)).toBe(1000 + second.length);
      expect(verifyStore(reader).ok).toBe(true);
    } finally {
      reader.close();
    }
  });

  it("keeps the sessions of one store apart, each numbered from 0", () => {
    const store = Store.open(tmp.file(), { mode: "write", create: true });
    try {
      const a = store.createSession({ name: "a" });
      const b = store.createSession({ name: "b" });
      const appA = store.appender(a, { chunkEvents: 10, batchEvents: 10 });
      const appB = store.appender(b, { chunkEvents: 10, batchEvents: 10 });
      const evA = syntheticEvents(95, 1);
      const evB = syntheticEvents(60, 2);
      for (let i = 0; i < 95; i++) {
        expect(appA.append(evA[i] as EventProps)).toBe(i);
        if (i < 60) expect(appB.append(evB[i] as EventProps)).toBe(i);
      }
      appA.flush();
      appB.flush();
      expect([...store.events(a.id)].map((e) => asObject(e))).toEqual(evA.map((e, i) => asObject(e, i)));
      expect([...store.events(b.id)].map((e) => asObject(e))).toEqual(evB.map((e, i) => asObject(e, i)));
      expect(store.sessions().map((s) => [s.name, s.events])).toEqual([
        ["a", 95],
        ["b", 60],
      ]);
      expect(verifyStore(store).ok).toBe(true);
    } finally {
      store.close();
    }
  });

  it("refuses an event whose own seq is not the next one", () => {
    const { store, sessionId } = filledStore(syntheticEvents(10, 3), {});
    try {
      const app = store.appender(store.session("s"));
      const ev = syntheticEvents(1, 4)[0] as EventProps;
      expect(() => app.append({ ...ev, seq: 12 })).toThrow(/seq 12 .* continues at 10/);
      expect(app.append({ ...ev, seq: 10 })).toBe(10);
      app.flush();
      expect(store.eventCount(sessionId)).toBe(11);
    } finally {
      store.close();
    }
  });
});

describe("discarding", () => {
  it("forgets uncommitted events, sealed or not, and continues from the committed ones", () => {
    const file = tmp.file();
    const store = Store.open(file, { mode: "write", create: true });
    try {
      const session = store.createSession({ name: "s" });
      const app = store.appender(session, { chunkEvents: 7, batchEvents: 1000 });
      const kept = syntheticEvents(50, 8);
      const dropped = syntheticEvents(40, 9);
      const after = syntheticEvents(30, 10);
      for (const ev of kept) app.append(ev);
      app.flush();
      // 40 more: five sealed chunks and an open one, none committed.
      for (const ev of dropped) app.append(ev);
      expect(app.nextSeq).toBe(90);
      expect(store.eventCount(session.id)).toBe(50);
      app.discard();
      expect(app.nextSeq).toBe(50);
      expect(app.committed).toBe(50);
      expect(after.map((ev) => app.append(ev))).toEqual(range(50, 79));
      app.flush();
      expect([...store.events(session.id)].map((e) => asObject(e))).toEqual([...kept, ...after].map((e, i) => asObject(e, i)));
      // The chain continues from the last committed chunk, not from the discarded ones.
      expect(verifyStore(store).ok).toBe(true);
    } finally {
      store.close();
    }
    // Nothing of the discarded events reached the file.
    const reader = Store.open(file, { mode: "read" });
    try {
      expect(reader.eventCount(reader.session("s").id)).toBe(80);
    } finally {
      reader.close();
    }
  });

  it("leaves nothing behind when nothing was committed", () => {
    const store = Store.open(tmp.file(), { mode: "write", create: true });
    try {
      const session = store.createSession({ name: "s" });
      const app = store.appender(session, { chunkEvents: 4 });
      for (const ev of syntheticEvents(10, 1)) app.append(ev);
      app.discard();
      app.flush();
      expect(store.eventCount(session.id)).toBe(0);
      expect([...store.chunks(session.id)]).toEqual([]);
      const ev = syntheticEvents(1, 2)[0] as EventProps;
      expect(app.append(ev)).toBe(0);
      app.flush();
      expect([...store.events(session.id)].map((e) => asObject(e))).toEqual([asObject(ev, 0)]);
      expect(verifyStore(store).ok).toBe(true);
    } finally {
      store.close();
    }
  });
});
