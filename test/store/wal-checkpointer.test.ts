// Checkpoints from another thread while a long write commits (WalCheckpointer): the write-ahead
// log stays about the checkpoint interval instead of holding everything written, the writer's
// own checkpoints come back when it stops, and the store is whole.
import { statSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { syntheticEvents } from "../../src/bench/synthetic.js";
import { ChunkSealer } from "../../src/store/appender.js";
import { Store } from "../../src/store/store.js";
import { verifyStore } from "../../src/store/verify.js";
import { TempDirs } from "../helpers/tmp.js";

const tmp = new TempDirs();
afterAll(() => tmp.cleanup());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Commits `batches` batches of synthetic events, checkpointing in the background with `every` bytes or not at all; the largest WAL seen. */
async function write(every: number | undefined, batches: number): Promise<{ path: string; walMax: number; autoAfter: number }> {
  const path = `${tmp.make()}/s.devtape`;
  const store = Store.open(path, { mode: "write", create: true });
  try {
    const session = store.createSession({ name: "s" });
    const app = store.appender(session);
    const checkpointer = every === undefined ? undefined : store.walCheckpointer(every);
    const sealer = new ChunkSealer(0);
    const events = syntheticEvents(20_000, 3);
    let walMax = 0;
    for (let b = 0; b < batches; b++) {
      for (const ev of events) sealer.add(ev);
      sealer.seal();
      const chunks = sealer.take();
      app.commitChunks(chunks);
      checkpointer?.committed(chunks.reduce((n, c) => n + c.body.length, 0));
      await sleep(50); // (the thread's checkpoint runs meanwhile)
      walMax = Math.max(walMax, statSync(`${path}-wal`).size);
    }
    await checkpointer?.stop();
    return { path, walMax, autoAfter: store.db.pragma("wal_autocheckpoint", { simple: true }) as number };
  } finally {
    store.close();
  }
}

describe("checkpoints from another thread", () => {
  it("keep the write-ahead log near the interval, give the writer its own back, and leave a whole store", async () => {
    const alone = await write(undefined, 12);
    const helped = await write(1 << 20, 12);
    // SQLite's own checkpoints (every 1,000 pages) keep a WAL of four megabytes and more; the
    // thread's keep it near its 1 MB interval (without them it would hold all twelve batches)
    expect(alone.walMax).toBeGreaterThan(4 << 20);
    expect(helped.walMax).toBeLessThan(alone.walMax * 0.75);
    expect(helped.autoAfter).toBe(1000);
    for (const { path } of [alone, helped]) {
      const store = Store.open(path, { mode: "read" });
      try {
        expect(verifyStore(store).ok).toBe(true);
        expect(store.sessions()[0]?.events).toBe(12 * 20_000);
      } finally {
        store.close();
      }
    }
  });
});
