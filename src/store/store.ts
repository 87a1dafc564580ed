// A .devtape file: sessions, their append-only events, and checkpoints. The only module
// (with its helpers in this folder) that talks to SQLite.
import type Database from "better-sqlite3";
import { UserError } from "../errors.js";
import type { DecodedEvent } from "../schema/proto.js";
import { Appender, type AppendOptions } from "./appender.js";
import type { ChunkData } from "./chunk-codec.js";
import { ChunkColumns, decodeChunk, decodeColumns } from "./chunk-decode.js";
import { genesisHash, type SessionRow } from "./hash-chain.js";
import { explainSqliteError, type OpenOptions, openDatabase } from "./open.js";
import { WalCheckpointer } from "./wal-checkpointer.js";

export type { SessionRow } from "./hash-chain.js";

export interface NewSession {
  name: string;
  source?: string;
  commandLine?: string;
  inputs?: readonly string[];
  /** ISO-8601 creation time; defaults to now. */
  created?: string;
}

export interface SessionSummary extends SessionRow {
  events: number;
  chunks: number;
  timeFirstNs: number | null;
  timeLastNs: number | null;
}

/** Which chunks a read visits. Event-level filtering is the caller's. */
export interface ChunkFilter {
  /** First seq wanted (inclusive). */
  from?: number;
  /** Last seq wanted (inclusive). */
  to?: number;
  /** Only chunks holding one of these kinds. */
  kindMask?: number;
  /** Only chunks touching this guest-physical range (inclusive). */
  addrMin?: number;
  addrMax?: number;
}

export interface StoredChunk extends ChunkData {
  id: number;
  hash: Buffer;
}

interface ChunkSqlRow {
  id: number;
  first_seq: number;
  count: number;
  kinds: string;
  kind_mask: number;
  addr_min: number | null;
  addr_max: number | null;
  time_min: number | null;
  time_max: number | null;
  body: Buffer;
  hash: Buffer;
}

const CHUNK_COLUMNS = "id, first_seq, count, kinds, kind_mask, addr_min, addr_max, time_min, time_max, body, hash";
const PAGE_CHUNKS = 32;

export function toStoredChunk(r: ChunkSqlRow): StoredChunk {
  return {
    id: r.id,
    firstSeq: r.first_seq,
    count: r.count,
    kinds: r.kinds,
    kindMask: r.kind_mask,
    addrMin: r.addr_min,
    addrMax: r.addr_max,
    timeMin: r.time_min,
    timeMax: r.time_max,
    body: r.body,
    hash: r.hash,
  };
}

export class Store {
  private constructor(
    readonly path: string,
    readonly db: Database.Database,
    /** What was wrong with the file but did not stop it being opened. */
    readonly openNotes: readonly string[],
    private readonly cleanup: () => void,
  ) {}

  /** Opens a store; see OpenOptions. Throws UserError for anything that is not a usable store. */
  static open(path: string, opts: OpenOptions): Store {
    const { db, notes, cleanup } = openDatabase(path, opts);
    return new Store(path, db, notes, cleanup);
  }

  close(): void {
    if (this.db.open) this.db.close();
    this.cleanup();
  }

  /** Runs fn, turning SQLite's reports of a damaged file into a UserError. */
  guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (e instanceof UserError) throw e;
      explainSqliteError(this.path, e);
    }
  }

  createSession(s: NewSession): SessionRow {
    const exists = this.db.prepare("SELECT 1 FROM sessions WHERE name = ?").get(s.name);
    if (exists) throw new UserError(`${this.path} already has a session named '${s.name}'; choose another name with --session`);
    const row = {
      name: s.name,
      created: s.created ?? new Date().toISOString(),
      source: s.source ?? "",
      command_line: s.commandLine ?? "",
      inputs: JSON.stringify(s.inputs ?? []),
    };
    const info = this.db
      .prepare(
        "INSERT INTO sessions (name, created, source, command_line, inputs) VALUES (@name, @created, @source, @command_line, @inputs)",
      )
      .run(row);
    return { id: Number(info.lastInsertRowid), ...row };
  }

  sessions(): SessionSummary[] {
    const rows = this.db
      .prepare(
        `SELECT s.*, (SELECT coalesce(sum(count), 0) FROM chunks c WHERE c.session_id = s.id) AS events,
                (SELECT count(*) FROM chunks c WHERE c.session_id = s.id) AS chunks,
                (SELECT min(time_min) FROM chunks c WHERE c.session_id = s.id) AS time_first,
                (SELECT max(time_max) FROM chunks c WHERE c.session_id = s.id) AS time_last
         FROM sessions s ORDER BY s.id`,
      )
      .all() as (SessionRow & { events: number; chunks: number; time_first: number | null; time_last: number | null })[];
    return rows.map(({ time_first, time_last, ...r }) => ({ ...r, timeFirstNs: time_first, timeLastNs: time_last }));
  }

  /**
   * The session a user named (by name or numeric id), or the only session when none is
   * named. Throws a UserError that lists the sessions otherwise.
   */
  session(nameOrId?: string): SessionRow {
    const all = this.db.prepare("SELECT * FROM sessions ORDER BY id").all() as SessionRow[];
    const names = () => all.map((s) => `'${s.name}'`).join(", ");
    if (nameOrId === undefined) {
      if (all.length === 1) return all[0] as SessionRow;
      if (all.length === 0) throw new UserError(`${this.path} has no sessions yet`);
      throw new UserError(`${this.path} has ${all.length} sessions (${names()}); pick one with --session`);
    }
    const found = all.find((s) => s.name === nameOrId) ?? all.find((s) => String(s.id) === nameOrId);
    if (!found) throw new UserError(`${this.path} has no session '${nameOrId}' (it has ${names() || "none"})`);
    return found;
  }

  /** An appender that continues the session where its stored events end. */
  appender(session: SessionRow, opts?: AppendOptions): Appender {
    const last = this.db
      .prepare("SELECT first_seq + count AS next, hash FROM chunks WHERE session_id = ? ORDER BY first_seq DESC LIMIT 1")
      .get(session.id) as { next: number; hash: Buffer } | undefined;
    return new Appender(this.db, session.id, last?.next ?? 0, last?.hash ?? genesisHash(session), opts);
  }

  /** Checkpoints the write-ahead log from another thread until stopped (see WalCheckpointer): for a long write. */
  walCheckpointer(everyBytes?: number): WalCheckpointer {
    return WalCheckpointer.start(this.db, this.path, everyBytes);
  }

  /** Adds a note to a session (once per key): what its import reported, as JSON. */
  addNote(sessionId: number, key: string, value: unknown): void {
    this.guard(() =>
      this.db.prepare("INSERT INTO session_notes (session_id, key, value) VALUES (?, ?, ?)").run(sessionId, key, JSON.stringify(value)),
    );
  }

  /** A session's notes, by key. */
  notes(sessionId: number): Record<string, unknown> {
    const rows = this.guard(
      () =>
        this.db.prepare("SELECT key, value FROM session_notes WHERE session_id = ? ORDER BY key").all(sessionId) as {
          key: string;
          value: string;
        }[],
    );
    return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  }

  /** Stores a state snapshot (replacing one at the same place): the state after event `seq`. */
  putCheckpoint(sessionId: number, modelVersion: number, seq: number, state: Uint8Array, stateHash: Uint8Array): void {
    this.db
      .prepare("INSERT OR REPLACE INTO checkpoints (session_id, model_version, seq, state, state_hash) VALUES (?, ?, ?, ?, ?)")
      .run(sessionId, modelVersion, seq, state, stateHash);
  }

  /** The latest snapshot at or before `seq` written by this model version. */
  checkpointAtOrBefore(
    sessionId: number,
    modelVersion: number,
    seq: number,
  ): { seq: number; state: Buffer; stateHash: Buffer } | undefined {
    const row = this.db
      .prepare(
        "SELECT seq, state, state_hash FROM checkpoints WHERE session_id = ? AND model_version = ? AND seq <= ? ORDER BY seq DESC LIMIT 1",
      )
      .get(sessionId, modelVersion, seq) as { seq: number; state: Buffer; state_hash: Buffer } | undefined;
    return row && { seq: row.seq, state: row.state, stateHash: row.state_hash };
  }

  /** Runs fn in one transaction. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Number of events stored for a session. */
  eventCount(sessionId: number): number {
    const r = this.db
      .prepare("SELECT first_seq + count AS n FROM chunks WHERE session_id = ? ORDER BY first_seq DESC LIMIT 1")
      .get(sessionId) as { n: number } | undefined;
    return r?.n ?? 0;
  }

  /**
   * The chunks of a session that may hold wanted events, in seq order, read a page at a
   * time by keyset (first_seq > last seen), so a reader never holds a long transaction and
   * sees a consistent prefix while a writer appends.
   */
  *chunks(sessionId: number, f: ChunkFilter = {}): Generator<StoredChunk> {
    const conds = ["session_id = @session", "first_seq > @after"];
    if (f.to !== undefined) conds.push("first_seq <= @to");
    if (f.kindMask !== undefined) conds.push("(kind_mask & @mask) != 0");
    if (f.addrMin !== undefined) conds.push("addr_max >= @addrMin");
    if (f.addrMax !== undefined) conds.push("addr_min <= @addrMax");
    const page = this.db.prepare(
      `SELECT ${CHUNK_COLUMNS} FROM chunks WHERE ${conds.join(" AND ")} ORDER BY first_seq LIMIT ${PAGE_CHUNKS}`,
    );
    let after = -1;
    if (f.from !== undefined && f.from > 0) {
      const start = this.db
        .prepare("SELECT first_seq FROM chunks WHERE session_id = ? AND first_seq <= ? ORDER BY first_seq DESC LIMIT 1")
        .get(sessionId, f.from) as { first_seq: number } | undefined;
      after = (start?.first_seq ?? 0) - 1;
    }
    const params: Record<string, number> = { session: sessionId, after };
    if (f.to !== undefined) params.to = f.to;
    if (f.kindMask !== undefined) params.mask = f.kindMask;
    if (f.addrMin !== undefined) params.addrMin = f.addrMin;
    if (f.addrMax !== undefined) params.addrMax = f.addrMax;
    for (;;) {
      const rows = this.guard(() => page.all(params) as ChunkSqlRow[]);
      for (const r of rows) yield toStoredChunk(r);
      if (rows.length < PAGE_CHUNKS) return;
      params.after = (rows[rows.length - 1] as ChunkSqlRow).first_seq;
    }
  }

  /** The events of a session between from and to (inclusive), decoded, in seq order. */
  *events(sessionId: number, f: ChunkFilter = {}): Generator<DecodedEvent> {
    for (const evs of this.eventBatches(sessionId, f)) yield* evs;
  }

  /**
   * The events at the given seqs (those that exist), each chunk decoded once: for citing
   * the events a report names without reading the whole session.
   */
  eventsAt(sessionId: number, seqs: Iterable<number>): Map<number, DecodedEvent> {
    const out = new Map<number, DecodedEvent>();
    const find = this.db.prepare(
      `SELECT ${CHUNK_COLUMNS} FROM chunks WHERE session_id = ? AND first_seq <= ? ORDER BY first_seq DESC LIMIT 1`,
    );
    let chunk: { first: number; events: DecodedEvent[] } | undefined;
    for (const seq of [...new Set(seqs)].sort((a, b) => a - b)) {
      if (chunk === undefined || seq < chunk.first || seq >= chunk.first + chunk.events.length) {
        const row = this.guard(() => find.get(sessionId, seq) as ChunkSqlRow | undefined);
        if (row === undefined) continue;
        const c = toStoredChunk(row);
        chunk = { first: c.firstSeq, events: this.guard(() => decodeChunkOrExplain(this.path, c)) };
      }
      const ev = chunk.events[seq - chunk.first];
      if (ev !== undefined) out.set(seq, ev);
    }
    return out;
  }

  /**
   * The same events a decoded chunk at a time (arrays trimmed to the range): for loops that
   * touch millions of events, where a generator step per event shows.
   */
  *eventBatches(sessionId: number, f: ChunkFilter = {}): Generator<DecodedEvent[]> {
    const from = f.from ?? 0;
    const to = f.to ?? Number.MAX_SAFE_INTEGER;
    for (const c of this.chunks(sessionId, f)) {
      const evs = this.guard(() => decodeChunkOrExplain(this.path, c));
      const lo = Math.max(0, from - c.firstSeq);
      const hi = Math.min(c.count, to - c.firstSeq + 1);
      yield lo === 0 && hi === c.count ? evs : evs.slice(lo, hi);
    }
  }

  /**
   * The same events a chunk at a time as columns (chunk-decode.ts), with `lo`/`hi` the
   * indexes of the range's events: for replay, which applies the common events without an
   * object each. One ChunkColumns is reused: it is valid until the next step.
   */
  *columnBatches(sessionId: number, f: ChunkFilter = {}): Generator<ChunkColumns> {
    const from = f.from ?? 0;
    const to = f.to ?? Number.MAX_SAFE_INTEGER;
    const cols = new ChunkColumns();
    for (const c of this.chunks(sessionId, f)) {
      this.guard(() => explainDamage(this.path, c, () => decodeColumns(c.body, c.firstSeq, c.count, cols)));
      cols.lo = Math.max(0, from - c.firstSeq);
      cols.hi = Math.min(c.count, to - c.firstSeq + 1);
      yield cols;
    }
  }
}

function decodeChunkOrExplain(path: string, c: StoredChunk): DecodedEvent[] {
  return explainDamage(path, c, () => decodeChunk(c.body, c.firstSeq, c.count));
}

/** A chunk decoded by `decode`, or a UserError that names the damaged events and what to run. */
function explainDamage<T>(path: string, c: StoredChunk, decode: () => T): T {
  try {
    return decode();
  } catch (e) {
    throw new UserError(
      `${path}: events ${c.firstSeq}–${c.firstSeq + c.count - 1} are damaged (${(e as Error).message}); run 'devtape verify ${path}'`,
    );
  }
}
