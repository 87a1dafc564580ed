// Imports a qtest log or script into a new session of a store, streaming: lines are
// parsed as they are read and events appended in batches (as the JSON lines importer
// does), so a fuzzer log of millions of lines needs no more memory than one batch. The
// session is created with the first batch; a strict import that meets a malformed line
// throws InputLineError, and the batches before it stay committed.
import type { Readable } from "node:stream";
import type { NewSession, SessionRow, Store } from "../../store/store.js";
import { eachLine, type ImportProgress, SessionBatcher } from "../batch-import.js";
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
  const batcher = new SessionBatcher(store, newSession, onProgress);
  for (const ev of parser.start()) batcher.add(ev);
  await eachLine(input.stream, batcher, (line, lineNo) => {
    for (const ev of parser.feed(line, lineNo)) batcher.add(ev);
  });
  for (const ev of parser.end()) batcher.add(ev);
  return { ...batcher.finish(), stats: parser.stats };
}
