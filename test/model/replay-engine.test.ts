import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { virtioBlkWorkload } from "../../src/bench/virtio-workload.js";
import { CHECKPOINT_EVERY, replay } from "../../src/engine/replay.js";
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
