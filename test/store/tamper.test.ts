// Damaged and foreign files: verify names the events a flipped byte damaged and no
// others; opening what is not a usable devtape store fails with a UserError that says why.
import { existsSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { syntheticEvents } from "../../src/bench/synthetic.js";
import { UserError } from "../../src/errors.js";
import { type DecodedEvent, Event, type EventProps } from "../../src/schema/proto.js";
import { APPLICATION_ID, SCHEMA_VERSION } from "../../src/store/migrations.js";
import type { OpenOptions } from "../../src/store/open.js";
import { Store } from "../../src/store/store.js";
import { verifyStore } from "../../src/store/verify.js";
import { TempDirs } from "../helpers/tmp.js";

const tmp = new TempDirs();
afterAll(() => tmp.cleanup());

const CHUNK = 100;

/** A closed store (WAL checkpointed into the file) holding `events` in session "s". */
function writeStore(events: EventProps[], chunkEvents = CHUNK): string {
  const file = tmp.file();
  const store = Store.open(file, { mode: "write", create: true });
  const app = store.appender(store.createSession({ name: "s" }), { chunkEvents, batchEvents: 1000 });
  for (const ev of events) app.append(ev);
  app.flush();
  store.close();
  expect(existsSync(`${file}-wal`)).toBe(false);
  return file;
}

/** The UserError Store.open throws (failing the test when it throws something else or nothing). */
function openError(file: string, opts: OpenOptions): UserError {
  let store: Store | undefined;
  try {
    store = Store.open(file, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).exitCode).toBe(2);
    return e as UserError;
  } finally {
    store?.close();
  }
  throw new Error(`Store.open(${file}, ${JSON.stringify(opts)}) succeeded`);
}

const READ: OpenOptions = { mode: "read" };
const WRITE: OpenOptions = { mode: "write" };
const encoded = (ev: EventProps | DecodedEvent) => Buffer.from(Event.encode(ev).finish());

describe("a flipped byte in an event body", () => {
  const events = syntheticEvents(3000, 21);
  const file = writeStore(events);
  const bytes = readFileSync(file);
  // A memory write's data is stored verbatim: find one that occurs exactly once in the file.
  const victim = events.findIndex((e, i) => {
    const data = e.memory?.data;
    if (i < 1200 || data == null || data.length < 24) return false;
    const at = bytes.indexOf(data);
    return at > 0 && bytes.indexOf(data, at + 1) === -1;
  });
  const victimChunk = Math.floor(victim / CHUNK) * CHUNK;

  it("is found in a later chunk of the file", () => {
    expect(victim).toBeGreaterThanOrEqual(1200);
    expect(victim).toBeLessThan(2900);
  });

  it("is reported by verify as damage to exactly the chunk that holds the event", () => {
    const data = events[victim]?.memory?.data as Uint8Array;
    const pos = bytes.indexOf(data) + Math.floor(data.length / 2);
    const damaged = Buffer.from(bytes);
    damaged[pos] = (damaged[pos] as number) ^ 0x01;
    writeFileSync(file, damaged);

    const store = Store.open(file, READ);
    try {
      const report = verifyStore(store);
      expect(report.ok).toBe(false);
      // The file's structure is intact: only the hash chain can see the change.
      expect(report.structure).toEqual([]);
      const [session] = report.sessions;
      expect(session?.events).toBe(3000);
      expect(session?.damage).toHaveLength(1);
      const d = session?.damage[0];
      expect(d?.firstSeq).toBeLessThanOrEqual(victim);
      expect(d?.lastSeq).toBeGreaterThanOrEqual(victim);
      expect([d?.firstSeq, d?.lastSeq]).toEqual([victimChunk, victimChunk + CHUNK - 1]);
      expect(d?.reason).toMatch(/hash does not match/);

      // Reads that do not touch the chunk are unaffected.
      const before = [...store.events(1, { to: victimChunk - 1 })];
      const after = [...store.events(1, { from: victimChunk + CHUNK })];
      expect(before.length + after.length).toBe(3000 - CHUNK);
      for (const ev of [...before, ...after]) {
        expect(encoded(ev).equals(encoded({ ...events[ev.seq], seq: ev.seq })), `event ${ev.seq}`).toBe(true);
      }
    } finally {
      store.close();
    }
  });
});

describe("opening a file that is not a usable devtape store", () => {
  it("refuses a file that is not SQLite", () => {
    const file = tmp.file();
    writeFileSync(file, "devtape? no: this is a text file, not a database.\n".repeat(20));
    for (const opts of [READ, WRITE]) {
      expect(openError(file, opts).message).toMatch(/is not a devtape store \(it is not an SQLite database\)/);
    }
  });

  it("refuses a file shorter than an SQLite header", () => {
    const file = tmp.file();
    writeFileSync(file, "SQLite format 3\0");
    expect(openError(file, READ).message).toMatch(/not a devtape store/);
  });

  it("refuses an empty file", () => {
    const file = tmp.file();
    writeFileSync(file, "");
    for (const opts of [READ, WRITE]) {
      expect(openError(file, opts).message).toMatch(/is empty: it is not a devtape store/);
    }
    // Not even write mode turns it into a store.
    expect(statSync(file).size).toBe(0);
  });

  it("refuses a missing file unless asked to create it", () => {
    const file = tmp.file();
    expect(openError(file, READ).message).toMatch(/no such file/);
    expect(openError(file, WRITE).message).toMatch(/no such file/);
    expect(existsSync(file)).toBe(false);
  });

  it("refuses another application's SQLite database, and leaves it untouched", () => {
    const file = tmp.file();
    const db = new Database(file);
    db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('mine');");
    db.close();
    const before = readFileSync(file);
    for (const opts of [READ, WRITE]) {
      expect(openError(file, opts).message).toMatch(/is an SQLite database but not a devtape store/);
    }
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it("refuses a store written by a newer devtape, and leaves it untouched", () => {
    const file = writeStore(syntheticEvents(50, 1));
    const db = new Database(file);
    expect(db.pragma("application_id", { simple: true })).toBe(APPLICATION_ID);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const before = readFileSync(file);
    for (const opts of [READ, WRITE]) {
      const e = openError(file, opts);
      expect(e.message).toMatch(/was written by a newer devtape/);
      expect(e.message).toContain(`store schema ${SCHEMA_VERSION + 1}`);
    }
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it("refuses a truncated store, naming it truncated", () => {
    const file = writeStore(syntheticEvents(20_000, 3), 256);
    truncateSync(file, Math.floor(statSync(file).size / 2));
    for (const opts of [READ, WRITE]) {
      expect(openError(file, opts).message).toMatch(
        /is truncated: its header promises \d+ bytes but the file has \d+; run 'devtape verify/,
      );
    }
  });
});

describe("a truncated store opened for verify", () => {
  it("reports damage from the missing tail on while the earlier chunks stay readable", () => {
    const events = syntheticEvents(20_000, 3);
    const file = writeStore(events, 256);
    const size = statSync(file).size;
    truncateSync(file, Math.floor(size / 2));

    const store = Store.open(file, { mode: "read", allowTruncated: true });
    try {
      const report = verifyStore(store);
      expect(report.ok).toBe(false);
      expect(report.structure.join("\n")).toMatch(/is truncated: its header promises \d+ bytes but the file has \d+/);
      const [session] = report.sessions;
      // Some events survive, and the damage is reported from where they end.
      expect(session?.events).toBeGreaterThan(0);
      expect(session?.events).toBeLessThan(20_000);
      expect(session?.damage.length).toBeGreaterThan(0);
      const firstDamaged = Math.min(...(session?.damage ?? []).map((d) => d.firstSeq));
      // What was read is a dense prefix: the damage starts where it ends.
      expect(firstDamaged).toBe(session?.events);
      // Every event before the first damage reads back as written.
      const early = [...store.events(1, { to: firstDamaged - 1 })];
      expect(early.map((e) => e.seq)).toEqual(Array.from({ length: firstDamaged }, (_, i) => i));
      for (const ev of early) expect(encoded(ev).equals(encoded({ ...events[ev.seq], seq: ev.seq })), `event ${ev.seq}`).toBe(true);
    } finally {
      store.close();
    }
    // Verifying read a private copy: the file itself is as the truncation left it.
    expect(statSync(file).size).toBe(Math.floor(size / 2));
  });
});
