// Opening a .devtape file: refuse what is not a devtape store, is newer than this
// devtape, or is visibly truncated, with one sentence that says what to do; create and
// migrate what is ours.
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { UserError } from "../errors.js";
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from "./migrations.js";

export type OpenMode = "read" | "write";

export interface OpenOptions {
  mode: OpenMode;
  /** Create the file when it does not exist (write mode only). */
  create?: boolean;
  /**
   * Open a file whose header says it is truncated, for verify: a private copy padded with
   * zeros to the promised size is opened instead, so SQLite reads every page that survived
   * and reports the missing ones as damage.
   */
  allowTruncated?: boolean;
}

export interface OpenedDatabase {
  db: Database.Database;
  /** What was wrong with the file but did not stop it being opened (verify reports these). */
  notes: string[];
  /** Removes the private copy, if one was made. */
  cleanup(): void;
}

const SQLITE_MAGIC = "SQLite format 3\0";

/**
 * Facts from the 100-byte SQLite header, read before SQLite touches the file. Returns
 * the size the header promises when the file is shorter than that.
 */
function checkHeader(path: string): { promised: number; size: number } | undefined {
  const st = statSync(path);
  if (st.isDirectory()) throw new UserError(`${path}: is a directory, not a devtape store`);
  const size = st.size;
  if (size === 0) throw new UserError(`${path} is empty: it is not a devtape store`);
  const header = Buffer.alloc(100);
  const fd = openSync(path, "r");
  let got: number;
  try {
    got = readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (got < 100 || header.toString("latin1", 0, 16) !== SQLITE_MAGIC) {
    throw new UserError(`${path} is not a devtape store (it is not an SQLite database)`);
  }
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pageCount = header.readUInt32BE(28);
  const countValid = header.readUInt32BE(92) === header.readUInt32BE(24);
  // While a WAL exists, a writer may be checkpointing: it writes page 1 (with the new page
  // count) before the pages that lengthen the file, so a short file is not proof of damage.
  // SQLite itself, and verify, judge such a file.
  if (existsSync(`${path}-wal`)) return undefined;
  if (countValid && pageCount > 0 && size < pageCount * pageSize) return { promised: pageCount * pageSize, size };
  return undefined;
}

/** A private copy of a truncated store (and its WAL), padded with zeros to the promised size. */
function paddedCopy(path: string, promised: number): { copy: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "devtape-verify-"));
  const copy = join(dir, "copy.devtape");
  copyFileSync(path, copy);
  truncateSync(copy, promised);
  if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
  return { copy, dir };
}

function sqliteCode(e: unknown): string | undefined {
  return e instanceof Error && "code" in e ? String((e as { code: unknown }).code) : undefined;
}

/** Turns SQLite's complaints about a damaged file into a user error; rethrows the rest. */
export function explainSqliteError(path: string, e: unknown): never {
  const code = sqliteCode(e) ?? "";
  if (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB") {
    throw new UserError(
      `${path} is damaged (${(e as Error).message}); run 'devtape verify ${path}' to see which events are still readable`,
    );
  }
  if (code === "SQLITE_CANTOPEN") throw new UserError(`cannot open ${path}: ${(e as Error).message}`);
  if (code === "SQLITE_READONLY") throw new UserError(`${path} is read-only; devtape needs to write to it`);
  if (code === "SQLITE_BUSY") throw new UserError(`${path} is locked by another writer; try again when it has finished`);
  throw e;
}

function applyMigrations(db: Database.Database, from: number): void {
  db.transaction(() => {
    for (let v = from; v < SCHEMA_VERSION; v++) {
      db.exec(MIGRATIONS[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    }
    db.pragma(`application_id = ${APPLICATION_ID}`);
  })();
}

/** Opens (or creates) a devtape store and brings its schema to this version. */
export function openDatabase(path: string, opts: OpenOptions): OpenedDatabase {
  const exists = existsSync(path);
  if (!exists && !(opts.mode === "write" && opts.create)) throw new UserError(`${path}: no such file`);
  const truncated = exists ? checkHeader(path) : undefined;
  const notes: string[] = [];
  let target = path;
  let cleanup = () => {};
  if (truncated) {
    const what = `${path} is truncated: its header promises ${truncated.promised} bytes but the file has ${truncated.size}`;
    if (!opts.allowTruncated || opts.mode !== "read") {
      throw new UserError(`${what}; run 'devtape verify ${path}' to see which events are still readable`);
    }
    const { copy, dir } = paddedCopy(path, truncated.promised);
    target = copy;
    cleanup = () => rmSync(dir, { recursive: true, force: true });
    notes.push(`${what}; the missing tail was read as zeros`);
  }
  let db: Database.Database | undefined;
  try {
    // A padded copy is ours: open it writable so SQLite can replay a copied WAL.
    db = new Database(target, { readonly: opts.mode === "read" && target === path, fileMustExist: exists });
    const appId = db.pragma("application_id", { simple: true }) as number;
    const version = db.pragma("user_version", { simple: true }) as number;
    const fresh = !exists || (appId === 0 && version === 0 && isEmpty(db));
    if (!fresh && appId !== APPLICATION_ID) {
      throw new UserError(`${path} is an SQLite database but not a devtape store`);
    }
    if (version > SCHEMA_VERSION) {
      throw new UserError(
        `${path} was written by a newer devtape (store schema ${version}; this devtape knows up to ${SCHEMA_VERSION}): upgrade devtape to read it`,
      );
    }
    if (opts.mode === "write") {
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      if (version < SCHEMA_VERSION) applyMigrations(db, fresh ? 0 : version);
    } else if (version < SCHEMA_VERSION) {
      throw new UserError(
        fresh
          ? `${path} is an empty SQLite database, not a devtape store`
          : `${path} uses store schema ${version}; run 'devtape migrate ${path}' to bring it to schema ${SCHEMA_VERSION}`,
      );
    }
    db.pragma("foreign_keys = ON");
    // A page check that costs one read: a damaged schema page fails here, not mid-command.
    if (!truncated) db.prepare("SELECT count(*) FROM sessions").get();
    return { db, notes, cleanup };
  } catch (e) {
    db?.close();
    cleanup();
    if (e instanceof UserError) throw e;
    if (truncated) throw new UserError(`${notes[0]}, and too little of it survives to read anything`);
    explainSqliteError(path, e);
  }
}

function isEmpty(db: Database.Database): boolean {
  return (db.prepare("SELECT count(*) AS n FROM sqlite_schema").get() as { n: number }).n === 0;
}
