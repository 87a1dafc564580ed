// A writer killed with SIGKILL in the middle of appending leaves a store that verifies,
// holds at least everything it reported as committed, and holds exactly the events it
// was given.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DecodedEvent } from "../../src/schema/proto.js";
import { Store } from "../../src/store/store.js";
import { verifyStore } from "../../src/store/verify.js";
import { buildStoreInto } from "../helpers/build.js";
import { ExpectedStream, firstMismatch } from "../helpers/stream.js";
import { TempDirs } from "../helpers/tmp.js";
import { Writer } from "../helpers/writer.js";

const tmp = new TempDirs();
let dist = "";

beforeAll(() => {
  dist = buildStoreInto(join(tmp.make("devtape-dist-"), "dist"));
});
afterAll(() => tmp.cleanup());

const STREAM = { seed: 7, block: 20_000 };

describe("a writer killed with SIGKILL", () => {
  it("leaves a store that verifies and holds every event it reported committed, exactly as generated", async () => {
    const file = tmp.file();
    const writer = new Writer(file, { dist, ...STREAM, batch: 4096, chunk: 512 });
    try {
      // Several commits in, and mid-way through the next batch with high probability.
      await writer.waitForCommitted(60_000);
    } finally {
      await writer.kill();
    }
    const lastReported = writer.committed;
    expect(lastReported).toBeGreaterThanOrEqual(60_000);
    // The kill left the write-ahead log behind: the store is opened as a crashed writer leaves it.
    expect(existsSync(`${file}-wal`)).toBe(true);

    const store = Store.open(file, { mode: "read" });
    try {
      const report = verifyStore(store);
      expect(report.structure).toEqual([]);
      expect(report.sessions.map((s) => s.damage)).toEqual([[]]);
      expect(report.ok).toBe(true);

      const session = store.session("live");
      const count = store.eventCount(session.id);
      expect(count).toBeGreaterThanOrEqual(lastReported);
      // Commits are whole batches of chunks: the stored length is a committed count.
      expect(count % 4096).toBe(0);
      expect(report.sessions[0]?.events).toBe(count);

      const events: DecodedEvent[] = [...store.events(session.id)];
      expect(events.length).toBe(count);
      expect(firstMismatch(events, new ExpectedStream(STREAM))).toBe(-1);
    } finally {
      store.close();
    }
  });
});
