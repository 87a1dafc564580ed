// Imports a qtest log or script into a new session of a store, streaming: lines are
// parsed as they are read and events appended in batches (as the JSON lines importer
// does), so a fuzzer log of millions of lines needs no more memory than one batch. The
// session is created with the first batch; a strict import that meets a malformed line
// throws InputLineError, and the batches before it stay committed.
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type { EventProps } from "../../schema/proto.js";
import type { Appender } from "../../store/appender.js";
import type { NewSession, SessionRow, Store } from "../../store/store.js";
import { IMPORT_BATCH, type ImportProgress } from "../jsonl.js";
import { type QtestParseStats, QtestLogParser } from "./parse-log.js";
import type { QtestTopology } from "./topology.js";

export interface QtestImportResult {
  session: SessionRow | undefined;
  events: number;
  stats: QtestParseStats;
}

export async function importQtest(
  store: Store,
  newSession: NewSession,
  input: { name: string; stream: Readable },
  topology: QtestTopology,
  opts: { strict?: boolean } = {},
  onProgress?: (p: ImportProgress) => void,
): Promise<QtestImportResult> {
  const parser = new QtestLogParser({ file: input.name, fileIndex: 0, topology, strict: opts.strict ?? false });
  let session: SessionRow | undefined;
  let app: Appender | undefined;
  let batch: EventProps[] = parser.start();
  let chars = 0;
  const commit = () => {
    if (batch.length === 0) return;
    if (!app) {
      session = store.createSession(newSession);
      app = store.appender(session, { batchEvents: IMPORT_BATCH });
    }
    for (const ev of batch) app.append(ev);
    app.flush();
    batch = [];
    onProgress?.({ chars, events: app.committed });
  };
  const rl = createInterface({ input: input.stream, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNo = 0;
  for await (const line of rl) {
    lineNo++;
    chars += line.length + 1;
    for (const ev of parser.feed(line, lineNo)) batch.push(ev);
    if (batch.length >= IMPORT_BATCH) commit();
  }
  for (const ev of parser.end()) batch.push(ev);
  commit();
  return { session, events: app?.committed ?? 0, stats: parser.stats };
}
