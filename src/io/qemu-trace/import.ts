// Imports QEMU trace logs into a new session of a store, streaming: lines are parsed as they
// are read and events appended in batches (as the other importers do), so a trace of
// millions of lines needs no more memory than one batch and the parser's small state. Several
// inputs are one trace in order (the pieces of one log): pointer ids, thread ids, the time
// origin and the inferred devices carry over, and each event cites its input by index. The
// session is created with the first batch; a strict import that meets a malformed line throws
// InputLineError, and the batches before it stay committed.
import type { Readable } from "node:stream";
import type { EventProps } from "../../schema/proto.js";
import type { NewSession, SessionRow, Store } from "../../store/store.js";
import { type ImportProgress, LineSplitter, SessionBatcher } from "../batch-import.js";
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
  for (const ev of parser.start()) batcher.add(ev);
  for (let file = 0; file < inputs.length; file++) {
    const input = inputs[file] as { name: string; stream: Readable };
    const lines = new LineSplitter();
    let lineNo = 0;
    const add = (evs: EventProps[]) => {
      for (let i = 0; i < evs.length; i++) batcher.add(evs[i] as EventProps);
    };
    const onLine = (line: string) => {
      batcher.chars += line.length + 1;
      add(parser.feed(line, ++lineNo, file));
    };
    const onBytes = (buf: Buffer, start: number, end: number) => {
      batcher.chars += end - start + 1;
      add(parser.feedBytes(buf, start, end, ++lineNo, file));
    };
    for await (const piece of input.stream) {
      if (typeof piece === "string") lines.push(piece, onLine);
      else lines.pushBytes(piece as Buffer, onBytes, onLine);
    }
    lines.end(onLine);
  }
  for (const ev of parser.end()) batcher.add(ev);
  return { ...batcher.finish(), stats: parser.stats, devices: parser.devices };
}
