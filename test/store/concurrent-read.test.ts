// Readers that open a store while another process appends to it see a consistent,
// growing prefix of the session: dense seqs from 0, the events exactly as written.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Store } from "../../src/store/store.js";
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

const STREAM = { seed: 11, block: 10_000 };
const BATCH = 1024;
/** Read until at least MIN_READS reads were made and the last saw TARGET events (or MAX_READS). */
const MIN_READS = 10;
const TARGET = 30_000;
const MAX_READS = 300;

describe("reading a store while another process appends to it", () => {
  it("returns a dense prefix 0..k-1 of exactly the written events on every read, with k never shrinking", async () => {
    const file = tmp.file();
    // The writer pauses after each commit so that the reads interleave with many commits.
    const writer = new Writer(file, { dist, ...STREAM, batch: BATCH, chunk: 256, pauseMs: 20 });
    const expected = new ExpectedStream(STREAM);
    const lengths: number[] = [];
    try {
      // The session exists once the writer has reported anything.
      await writer.waitForCommitted(0);
      while (lengths.length < MAX_READS && (lengths.length < MIN_READS || (lengths.at(-1) ?? 0) < TARGET)) {
        const before = writer.committed;
        const store = Store.open(file, { mode: "read" });
        try {
          const session = store.session("live");
          const events = [...store.events(session.id)];
          const k = events.length;
          expect({ read: lengths.length, firstMismatch: firstMismatch(events, expected) }).toEqual({
            read: lengths.length,
            firstMismatch: -1,
          });
          // Everything reported committed before the read began is visible to it.
          expect(k).toBeGreaterThanOrEqual(before);
          // Readers see whole commits.
          expect(k % BATCH).toBe(0);
          lengths.push(k);
        } finally {
          store.close();
        }
        // Let the writer's output (and a commit or two) arrive between reads.
        await new Promise((res) => setTimeout(res, 5));
      }
    } finally {
      await writer.kill();
    }
    expect(writer.stderr).toBe("");
    for (let i = 1; i < lengths.length; i++) expect(lengths[i]).toBeGreaterThanOrEqual(lengths[i - 1] as number);
    // The reads really interleaved with the writer: they saw the session at many lengths.
    expect(new Set(lengths).size).toBeGreaterThanOrEqual(5);
    expect(lengths.at(-1)).toBeGreaterThanOrEqual(TARGET);
  });

  it("is never refused as truncated while the writer checkpoints its WAL", async () => {
    const file = tmp.file();
    // Unpaced, the writer checkpoints several times a second.
    const writer = new Writer(file, { dist, ...STREAM, batch: 4096, chunk: 2048, maxSeconds: 30 });
    const refusals: string[] = [];
    let opens = 0;
    try {
      await writer.waitForCommitted(4096);
      // With the bug, the first refusal comes within a second; without it, this is the test's length.
      const deadline = Date.now() + 4_000;
      while (refusals.length === 0 && Date.now() < deadline) {
        try {
          Store.open(file, { mode: "read" }).close();
          opens++;
        } catch (e) {
          refusals.push((e as Error).message);
        }
        await new Promise((res) => setImmediate(res));
      }
    } finally {
      await writer.kill();
    }
    expect(opens).toBeGreaterThan(0);
    expect(refusals).toEqual([]);
  });
});
