// Verifying a store: SQLite's own structure check, then every chunk row, walked by rowid
// (chunks are never deleted, so rowids run 1..n in append order) with one point lookup
// each. A damaged page therefore costs only the chunks stored on it: the walk goes on
// past rows it cannot read. For each session, in append order: its chunks continue it
// densely (a gap names the events whose chunk is unreadable or gone); each chunk's hash,
// recomputed from the row, matches the stored link; its body decodes into exactly its
// events; its summary columns match what the events say.
import type Database from "better-sqlite3";
import { kindLetter } from "../schema/kinds.js";
import { ChunkSummary } from "./chunk-codec.js";
import { decodeChunk } from "./chunk-decode.js";
import { chunkHash, genesisHash, type SessionRow } from "./hash-chain.js";
import type { Store, StoredChunk } from "./store.js";
import { toStoredChunk } from "./store.js";

export interface Damage {
  firstSeq: number;
  /** Inclusive; -1 when the end is unknown (everything from firstSeq on). */
  lastSeq: number;
  reason: string;
}

export interface SessionVerdict {
  session: string;
  events: number;
  chunks: number;
  damage: Damage[];
}

export interface VerifyReport {
  ok: boolean;
  /** Problems with the file as a whole: truncation, SQLite's quick_check, unreadable rows. */
  structure: string[];
  sessions: SessionVerdict[];
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** After this many rowids in a row that neither read nor exist, the walk is over. */
const MISSES_BEFORE_END = 256;

/** Every readable chunk row by rowid, plus the rowids that could not be read. */
function walkChunks(db: Database.Database): { rows: (StoredChunk & { sessionId: number })[]; unreadable: number[]; endKnown: boolean } {
  const byId = db.prepare("SELECT * FROM chunks WHERE id = ?");
  let maxId: number | undefined;
  try {
    maxId = (db.prepare("SELECT max(id) AS m FROM chunks").get() as { m: number | null }).m ?? 0;
  } catch {
    maxId = undefined;
  }
  const rows: (StoredChunk & { sessionId: number })[] = [];
  const unreadable: number[] = [];
  let misses = 0;
  for (let id = 1; maxId === undefined ? misses < MISSES_BEFORE_END : id <= maxId; id++) {
    try {
      const r = byId.get(id) as (Parameters<typeof toStoredChunk>[0] & { session_id: number }) | undefined;
      if (r === undefined) {
        misses++;
        continue;
      }
      misses = 0;
      rows.push({ ...toStoredChunk(r), sessionId: r.session_id });
    } catch {
      misses++;
      unreadable.push(id);
    }
  }
  // Without max(id), the failures at the end of the walk may be rows or may be nothing.
  if (maxId === undefined) while (unreadable.length > 0 && (unreadable.at(-1) as number) > (rows.at(-1)?.id ?? 0)) unreadable.pop();
  return { rows, unreadable, endKnown: maxId !== undefined };
}

function verifySession(s: SessionRow, chunks: StoredChunk[], complete: boolean): SessionVerdict {
  const verdict: SessionVerdict = { session: s.name, events: 0, chunks: 0, damage: [] };
  let prev = genesisHash(s);
  let expected = 0;
  for (const row of chunks) {
    const first = row.firstSeq;
    const last = first + row.count - 1;
    const damage = (reason: string) => verdict.damage.push({ firstSeq: first, lastSeq: last, reason });
    // After a gap the link into this chunk is lost with the missing rows: its hash cannot be checked.
    const prevKnown = first === expected;
    if (!prevKnown) {
      verdict.damage.push({
        firstSeq: expected,
        lastSeq: first - 1,
        reason: "missing: the chunk that held them cannot be read or is gone",
      });
    }
    expected = last + 1;
    verdict.chunks++;
    verdict.events += row.count;
    const linked = chunkHash(prev, s.id, row).equals(row.hash);
    prev = row.hash;
    if (prevKnown && !linked) {
      damage("chunk hash does not match its contents or the chain before it (modified, reordered or from another file)");
      continue;
    }
    try {
      const events = decodeChunk(row.body, row.firstSeq, row.count);
      const again = new ChunkSummary();
      for (const ev of events) again.add(ev, kindLetter(ev) ?? "?");
      const same =
        again.kinds === row.kinds &&
        again.addrMin === row.addrMin &&
        again.addrMax === row.addrMax &&
        again.timeMin === row.timeMin &&
        again.timeMax === row.timeMax;
      if (!same) damage("summary columns do not match the events (written by a faulty writer)");
    } catch (e) {
      damage(`events do not decode: ${describe(e)}`);
    }
  }
  if (!complete)
    verdict.damage.push({ firstSeq: expected, lastSeq: -1, reason: "unknown whether events follow: some chunk rows cannot be read" });
  return verdict;
}

export function verifyStore(store: Store): VerifyReport {
  const db = store.db;
  const structure: string[] = [...store.openNotes];
  try {
    const rows = db.pragma("quick_check") as { quick_check: string }[];
    for (const r of rows) if (r.quick_check !== "ok") structure.push(r.quick_check);
  } catch (e) {
    structure.push(`quick_check: ${describe(e)}`);
  }
  let sessions: SessionRow[] = [];
  try {
    sessions = db.prepare("SELECT * FROM sessions ORDER BY id").all() as SessionRow[];
  } catch (e) {
    structure.push(`the sessions table cannot be read: ${describe(e)}`);
  }
  const { rows, unreadable, endKnown } = walkChunks(db);
  if (unreadable.length > 0) {
    structure.push(
      `${unreadable.length} chunk row(s) cannot be read (rowids ${unreadable.slice(0, 5).join(", ")}${unreadable.length > 5 ? ", …" : ""})`,
    );
  }
  if (!endKnown) structure.push(`the end of the chunk table cannot be read: rows after rowid ${rows.at(-1)?.id ?? 0} may be lost`);
  const verdicts = sessions.map((s) =>
    verifySession(
      s,
      rows.filter((r) => r.sessionId === s.id),
      endKnown && unreadable.length === 0,
    ),
  );
  return { ok: structure.length === 0 && verdicts.every((v) => v.damage.length === 0), structure, sessions: verdicts };
}
