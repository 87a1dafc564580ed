// A store written by the first schema: readers ask for `devtape migrate`, which brings it to
// the current schema without touching its events; session notes are then append-only like
// the rest of the store.
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from "../../src/store/migrations.js";
import { devtape } from "../cli/run-cli.js";
import { TempDirs } from "../helpers/tmp.js";

const tmp = new TempDirs();
afterAll(() => tmp.cleanup());

/** A store as devtape's first schema wrote it, holding the bundled sample. */
function schema1Store(dir: string): string {
  const jsonl = join(dir, "sample.devtape");
  expect(devtape(["import", "jsonl", "traces/samples/virtio-mmio-blk-read.jsonl", "-o", jsonl]).code).toBe(0);
  // Rebuild it from schema 1 alone: the events copied over, the later tables never made.
  const old = join(dir, "v1.devtape");
  const db = new Database(old);
  db.exec(MIGRATIONS[0] as string);
  db.pragma("user_version = 1");
  db.pragma(`application_id = ${APPLICATION_ID}`);
  db.exec(`ATTACH '${jsonl}' AS cur`);
  db.exec("INSERT INTO sessions SELECT * FROM cur.sessions");
  db.exec("INSERT INTO chunks SELECT * FROM cur.chunks");
  db.exec("DETACH cur");
  db.close();
  return old;
}

describe("schema migrations", () => {
  it("asks for migrate, migrates, and keeps every event", () => {
    const dir = tmp.make("devtape-migrate-");
    const old = schema1Store(dir);
    const before = devtape(["export", "jsonl", join(dir, "sample.devtape")]).stdout;
    const refused = devtape(["info", old]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `devtape: ${old} uses store schema 1; run 'devtape migrate ${old}' to bring it to schema ${SCHEMA_VERSION}\n`,
    );

    const copy = join(dir, "copy.devtape");
    copyFileSync(old, copy);
    expect(devtape(["migrate", copy]).code).toBe(0);
    expect(devtape(["verify", copy]).code).toBe(0);
    expect(devtape(["export", "jsonl", copy]).stdout).toBe(before);
    const info = JSON.parse(devtape(["info", copy, "--json"]).stdout);
    expect(info.schemaVersion).toBe(SCHEMA_VERSION);
    expect(info.sessions[0].notes).toEqual({});
  });

  it("keeps session notes append-only", () => {
    const dir = tmp.make("devtape-notes-");
    const store = join(dir, "n.devtape");
    expect(
      devtape([
        "import",
        "qemu-trace",
        "test/fixtures/qemu-trace/malformed.trace.log",
        "-o",
        store,
        "--trace-events",
        "test/fixtures/qemu-trace/trace-events-7.2",
      ]).code,
    ).toBe(0);
    const sql = (q: string) => {
      const db = new Database(store);
      try {
        db.exec(q);
        return "ok";
      } catch (e) {
        return (e as Error).message;
      } finally {
        db.close();
      }
    };
    expect(sql("UPDATE session_notes SET value = '{}'")).toContain("session notes are append-only; they cannot be changed");
    expect(sql("DELETE FROM session_notes")).toContain("session notes are append-only; they cannot be deleted");
    expect(sql("INSERT OR REPLACE INTO session_notes VALUES (1, 'import', '{}')")).toContain("they cannot be replaced");
    expect(JSON.parse(devtape(["info", store, "--json"]).stdout).sessions[0].notes.import.skipped).toBe(4);
  });
});
