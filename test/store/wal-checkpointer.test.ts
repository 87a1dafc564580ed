// Checkpoints from another thread while a long write commits (WalCheckpointer): the write-ahead
// log stays bounded however much is written (the writer has it start again every so often),
// the writer's own checkpoints come back when it stops, and the store is whole.
import { statSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { syntheticEvents } from "../../src/bench/synthetic.js";
import { ChunkSealer } from "../../src/store/appender.js";
import { Store } from "../../src/store/store.js";
import { verifyStore } from "../../src/store/verify.js";
import { TempDirs } from "../helpers/tmp.js";

const tmp = new TempDirs();
afterAll(() => tmp.cleanup());

const BATCHES = 60;
const EVENTS = 20_000;

/**
 * Commits BATCHES batches of synthetic events as an import does (without waiting for the
 * checkpoints), checkpointing in the background every `every` bytes, or not at all; the
 * largest write-ahead log seen and the bytes committed.
 */
async function write(every: number | undefined): Promise<{ path: string; walMax: number; bytes: number; autoAfter: number }> {
  const path = `${tmp.make()}/s.devtape`;
  const store = Store.open(path, { mode: "write", create: true });
  try {
    const session = store.createSession({ name: "s" });
    const app = store.appender(session);
    const checkpointer = every === undefined ? undefined : store.walCheckpointer(every);
    // (the batches made first: the writer then commits as fast as an import's does)
    const sealer = new ChunkSealer(0);
    const events = syntheticEvents(EVENTS, 3);
    const batches = Array.from({ length: BATCHES }, () => {
      for (const ev of events) sealer.add(ev);
      sealer.seal();
      return sealer.take();
    });
    let walMax = 0;
    let bytes = 0;
    for (const chunks of batches) {
      app.commitChunks(chunks);
      const n = chunks.reduce((sum, c) => sum + c.body.length, 0);
      bytes += n;
      checkpointer?.committed(n);
      await new Promise((r) => setImmediate(r)); // (the thread's answers come in)
      walMax = Math.max(walMax, statSync(`${path}-wal`).size);
    }
    await checkpointer?.stop();
    return { path, walMax, bytes, autoAfter: store.db.pragma("wal_autocheckpoint", { simple: true }) as number };
  } finally {
    store.close();
  }
}

describe("checkpoints from another thread", () => {
  it("keep the write-ahead log bounded, give the writer its own back, and leave a whole store", async () => {
    const every = 256 << 10;
    const helped = await write(every);
    const alone = await write(undefined);
    // many times the interval at which the log starts again (8 × every) written; a log that never
    // started again would hold all of it
    expect(helped.bytes).toBeGreaterThan(10 * 8 * every);
    expect(helped.walMax).toBeLessThan(helped.bytes / 2);
    expect(helped.autoAfter).toBe(1000);
    for (const { path } of [helped, alone]) {
      const store = Store.open(path, { mode: "read" });
      try {
        expect(verifyStore(store).ok).toBe(true);
        expect(store.sessions()[0]?.events).toBe(BATCHES * EVENTS);
      } finally {
        store.close();
      }
    }
  });
});
