// Imports QEMU trace logs into a new session of a store, streaming: lines are parsed as they
// are read and events appended in batches (as the other importers do), so a trace of
// millions of lines needs no more memory than one batch and the parser's small state. Several
// inputs are one trace in order (the pieces of one log): pointer ids, thread ids, the time
// origin and the inferred devices carry over, and each event cites its input by index. The
// session is created with the first batch; a strict import that meets a malformed line throws
// InputLineError, and the batches before it stay committed.
import type { Readable } from "node:stream";
import type { NewSession, SessionRow, Store } from "../../store/store.js";
import { eachLine, type ImportProgress, SessionBatcher } from "../batch-import.js";
import { type QemuTraceParseOptions, type QemuTraceParseStats, QemuTraceParser } from "./parse-log.js";
import type { TracedDevice } from "./topology.js";
import type { TraceCatalog } from "./trace-events.js";

export interface QemuTraceImportResult {
  session: SessionRow | undefined;
  events: number;
  stats: QemuTraceParseStats;
  devices: readonly TracedDevice[];
}

export async function importQemuTrace(
  store: Store,
  newSession: NewSession,
  inputs: readonly { name: string; stream: Readable }[],
  catalog: TraceCatalog,
  opts: Pick<QemuTraceParseOptions, "strict" | "machine"> = {},
  onProgress?: (p: ImportProgress) => void,
): Promise<QemuTraceImportResult> {
  const parser = new QemuTraceParser({ files: inputs.map((i) => i.name), catalog, ...opts });
  const batcher = new SessionBatcher(store, newSession, onProgress);
  await readQemuTrace(parser, batcher, inputs);
  return { ...batcher.finish(), stats: parser.stats, devices: parser.devices };
}

/**
 * The streaming core, shared by the import and live recording (`devtape record qemu` reads
 * QEMU's trace as it is written): the session's first events, each input's lines in order
 * through the parser into the batcher, then what the end of the trace decides. The caller
 * finishes the batcher.
 */
export async function readQemuTrace(
  parser: QemuTraceParser,
  batcher: SessionBatcher,
  inputs: readonly { name: string; stream: Readable }[],
): Promise<void> {
  for (const ev of parser.start()) batcher.add(ev);
  for (let file = 0; file < inputs.length; file++) {
    const input = inputs[file] as { name: string; stream: Readable };
    await eachLine(input.stream, batcher, (line, lineNo) => {
      for (const ev of parser.feed(line, lineNo, file)) batcher.add(ev);
    });
  }
  for (const ev of parser.end()) batcher.add(ev);
}
