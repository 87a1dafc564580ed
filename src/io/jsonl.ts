// JSON lines: one event per line in protobuf's canonical JSON mapping (schema/json.ts).
//
// Import streams its input and appends in batches: a batch is parsed and checked whole
// before any of it is appended, so a malformed line costs only its own batch, and the
// batches before it are committed. Export streams a session out with backpressure.
import { once } from "node:events";
import type { Readable, Writable } from "node:stream";
import { EventJsonError, eventFromJson, eventToJson } from "../schema/json.js";
import type { DecodedEvent } from "../schema/proto.js";
import type { ChunkFilter, NewSession, SessionRow, Store } from "../store/store.js";
import { eachLine, type ImportProgress, InputLineError, SessionBatcher } from "./batch-import.js";

export { IMPORT_BATCH, type ImportProgress } from "./batch-import.js";

export { InputLineError } from "./batch-import.js";

/**
 * Imports JSON lines from `input` into a new session, created with the first batch. On a
 * bad line throws InputLineError; earlier batches stay committed.
 */
export async function importJsonl(
  store: Store,
  newSession: NewSession,
  input: { name: string; stream: Readable },
  onProgress?: (p: ImportProgress) => void,
): Promise<{ session: SessionRow | undefined; events: number }> {
  const batcher = new SessionBatcher(store, newSession, onProgress);
  let next = 0;
  await eachLine(input.stream, batcher, (line, lineNo) => {
    if (line.trim() === "") return;
    let ev: DecodedEvent;
    try {
      ev = eventFromJson(line);
    } catch (e) {
      if (e instanceof EventJsonError) throw new InputLineError(input.name, lineNo, e.message);
      throw e;
    }
    if (ev.seq && ev.seq !== next) {
      throw new InputLineError(input.name, lineNo, `seq ${ev.seq} breaks the sequence: expected ${next} (sessions are dense, from 0)`);
    }
    ev.seq = next++;
    batcher.add(ev);
  });
  return batcher.finish();
}

/** Writes a session's events as JSON lines to `out`. Returns the number written. */
export async function exportJsonl(store: Store, session: SessionRow, out: Writable, range: ChunkFilter = {}): Promise<number> {
  let buf = "";
  let n = 0;
  for (const ev of store.events(session.id, range)) {
    buf += `${eventToJson(ev)}\n`;
    n++;
    if (buf.length >= 1 << 20) {
      if (!out.write(buf)) await once(out, "drain");
      buf = "";
    }
  }
  if (buf.length > 0 && !out.write(buf)) await once(out, "drain");
  return n;
}
