// Verifying a store: SQLite's own structure check, then every session's chunks in seq
// order. For each chunk: it continues the session densely; its hash, recomputed from the
// row, matches the stored link; its body decodes into exactly its events; its summary
// columns match what the events say. Chunks are read one at a time by id, so a damaged
// page costs only the events on it, and every problem names the event range it affects.
import { kindLetter } from "../schema/kinds.js";
import { ChunkSummary, decodeChunk } from "./chunk-codec.js";
import { chunkHash, genesisHash, type SessionRow } from "./hash-chain.js";
import type { Store } from "./store.js";
import { toStoredChunk } from "./store.js";

export interface Damage {
  firstSeq: number;
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
  /** Problems SQLite's quick_check found in the file's structure. */
  structure: string[];
  sessions: SessionVerdict[];
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function verifySession(store: Store, s: SessionRow): SessionVerdict {
  const db = store.db;
  const verdict: SessionVerdict = { session: s.name, events: 0, chunks: 0, damage: [] };
  let index: { id: number; first_seq: number; count: number }[];
  try {
    index = db.prepare("SELECT id, first_seq, count FROM chunks WHERE session_id = ? ORDER BY first_seq").all(s.id) as typeof index;
  } catch (e) {
    verdict.damage.push({ firstSeq: 0, lastSeq: -1, reason: `the chunk index cannot be read: ${describe(e)}` });
    return verdict;
  }
  const byId = db.prepare("SELECT * FROM chunks WHERE id = ?");
  let prev = genesisHash(s);
  let expected = 0;
  for (const entry of index) {
    const first = entry.first_seq;
    const last = first + entry.count - 1;
    const damage = (reason: string) => verdict.damage.push({ firstSeq: first, lastSeq: last, reason });
    if (first !== expected) {
      verdict.damage.push({ firstSeq: expected, lastSeq: first - 1, reason: "events missing: the chunk that held them is gone" });
    }
    expected = last + 1;
    verdict.chunks++;
    verdict.events += entry.count;
    let row: ReturnType<typeof toStoredChunk>;
    try {
      row = toStoredChunk(byId.get(entry.id) as Parameters<typeof toStoredChunk>[0]);
    } catch (e) {
      damage(`unreadable: ${describe(e)}`);
      continue;
    }
    const hash = chunkHash(prev, s.id, row);
    const linked = hash.equals(row.hash);
    prev = row.hash;
    if (!linked) {
      damage("chunk hash does not match its contents or the chain before it (modified, reordered or from another file)");
      continue;
    }
    try {
      const events = decodeChunk(row.body, row.firstSeq, row.count);
      const again = new ChunkSummary();
      for (const ev of events) again.add(ev, kindLetter(ev) ?? "?");
      if (
        again.kinds !== row.kinds ||
        again.addrMin !== row.addrMin ||
        again.addrMax !== row.addrMax ||
        again.timeMin !== row.timeMin ||
        again.timeMax !== row.timeMax
      ) {
        damage("summary columns do not match the events (written by a faulty writer)");
      }
    } catch (e) {
      damage(`events do not decode: ${describe(e)}`);
    }
  }
  return verdict;
}

export function verifyStore(store: Store): VerifyReport {
  const structure: string[] = [];
  try {
    const rows = store.db.pragma("quick_check") as { quick_check: string }[];
    for (const r of rows) if (r.quick_check !== "ok") structure.push(r.quick_check);
  } catch (e) {
    structure.push(describe(e));
  }
  let sessions: SessionRow[] = [];
  try {
    sessions = store.db.prepare("SELECT * FROM sessions ORDER BY id").all() as SessionRow[];
  } catch (e) {
    structure.push(`the sessions table cannot be read: ${describe(e)}`);
  }
  const verdicts = sessions.map((s) => verifySession(store, s));
  return { ok: structure.length === 0 && verdicts.every((v) => v.damage.length === 0), structure, sessions: verdicts };
}
