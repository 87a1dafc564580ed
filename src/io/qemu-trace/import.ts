// Imports QEMU trace logs into a new session of a store, streaming: lines are parsed as they
// are read and events appended in batches (as the other importers do), so a trace of
// millions of lines needs no more memory than one batch and the parser's small state. Several
// inputs are one trace in order (the pieces of one log): pointer ids, thread ids, the time
// origin and the inferred devices carry over, and each event cites its input by index. The
// session is created with the first batch; a strict import that meets a malformed line throws
// InputLineError, and the batches before it stay committed.
//
// The work splits in two: the pipeline (lines → events → encoded, sealed chunks, a batch at a
// time) needs no store; the store hashes each batch onto the session's chain and commits it.
// With `worker`, the pipeline runs in a worker thread (import-worker.ts) while this thread
// reads the inputs and commits the batches it sends back, so the two overlap on two cores.
// The pipeline is the same code either way and its batches come in order, so the store holds
// the same bytes; a malformed line (strict) arrives after the batches before it, as it would
// be met in this thread.
import type { Readable } from "node:stream";
import { Worker } from "node:worker_threads";
import type { EventProps } from "../../schema/proto.js";
import type { ChunkData } from "../../store/chunk-codec.js";
import type { NewSession, SessionRow, Store } from "../../store/store.js";
import { BatchSealer, type ImportProgress, LineSplitter, SessionBatcher } from "../batch-import.js";
import { InputLineError } from "../jsonl.js";
import { type QemuTraceParseOptions, type QemuTraceParseStats, QemuTraceParser } from "./parse-log.js";
import type { TracedDevice } from "./topology.js";
import type { TraceCatalog } from "./trace-events.js";

export interface QemuTraceImportResult {
  session: SessionRow | undefined;
  events: number;
  stats: QemuTraceParseStats;
  devices: readonly TracedDevice[];
}

export type QemuTraceImportOptions = Pick<QemuTraceParseOptions, "strict" | "machine"> & {
  /** Parse and encode in a worker thread (the compiled build only: it starts dist's import-worker.js). */
  worker?: boolean;
};

/** The import without the store: the inputs' pieces in, batches of sealed chunks out (`onBatch`), in order. */
export class QemuTraceImportPipeline {
  private readonly parser: QemuTraceParser;
  private readonly sealer = new BatchSealer();
  private lines = new LineSplitter();
  private file = 0;
  private lineNo = 0;
  /** Input characters consumed (for progress). */
  private chars = 0;
  private readonly onLine = (line: string): void => {
    this.chars += line.length + 1;
    this.add(this.parser.feed(line, ++this.lineNo, this.file));
  };
  private readonly onBytes = (buf: Buffer, start: number, end: number): void => {
    this.chars += end - start + 1;
    this.add(this.parser.feedBytes(buf, start, end, ++this.lineNo, this.file));
  };

  constructor(
    files: readonly string[],
    catalog: TraceCatalog,
    opts: Pick<QemuTraceParseOptions, "strict" | "machine">,
    /** Gets each batch's chunks and the input characters consumed when it was sealed. */
    private readonly onBatch: (chunks: ChunkData[], chars: number) => void,
  ) {
    this.parser = new QemuTraceParser({ files, catalog, ...opts });
    this.add(this.parser.start());
  }

  /** Input `file` (0, 1, … in order) begins. */
  beginFile(file: number): void {
    this.file = file;
    this.lineNo = 0;
    this.lines = new LineSplitter();
  }

  /** A piece of the current input. */
  push(piece: Buffer | string): void {
    if (typeof piece === "string") this.lines.push(piece, this.onLine);
    else this.lines.pushBytes(piece, this.onBytes, this.onLine);
  }

  /** The current input has ended. */
  endFile(): void {
    this.lines.end(this.onLine);
  }

  /** Every input has ended: the last batch goes out; the parser's stats and devices. */
  end(): { stats: QemuTraceParseStats; devices: readonly TracedDevice[] } {
    this.add(this.parser.end());
    const last = this.sealer.take();
    if (last.length > 0) this.onBatch(last, this.chars);
    return { stats: this.parser.stats, devices: this.parser.devices };
  }

  private add(evs: EventProps[]): void {
    for (let i = 0; i < evs.length; i++) {
      const batch = this.sealer.add(evs[i] as EventProps);
      if (batch !== undefined) this.onBatch(batch, this.chars);
    }
  }
}

export async function importQemuTrace(
  store: Store,
  newSession: NewSession,
  inputs: readonly { name: string; stream: Readable }[],
  catalog: TraceCatalog,
  opts: QemuTraceImportOptions = {},
  onProgress?: (p: ImportProgress) => void,
): Promise<QemuTraceImportResult> {
  const { worker, ...parseOpts } = opts;
  const batcher = new SessionBatcher(store, newSession, onProgress);
  const commit = (chunks: ChunkData[], chars: number) => {
    batcher.chars = chars;
    batcher.commitChunks(chunks);
  };
  const files = inputs.map((i) => i.name);
  let outcome: { stats: QemuTraceParseStats; devices: readonly TracedDevice[] };
  if (worker) {
    outcome = await inWorker(files, inputs, catalog, parseOpts, commit);
  } else {
    const pipeline = new QemuTraceImportPipeline(files, catalog, parseOpts, commit);
    for (let file = 0; file < inputs.length; file++) {
      pipeline.beginFile(file);
      for await (const piece of (inputs[file] as { stream: Readable }).stream) pipeline.push(piece as Buffer | string);
      pipeline.endFile();
    }
    outcome = pipeline.end();
  }
  return { ...batcher.finish(), ...outcome };
}

/** Bytes of input sent to the worker and not yet parsed, at most (memory stays flat). */
const IN_FLIGHT = 4 << 20;
/** Bytes of input per message to the worker. */
const PIECE = 1 << 20;

/** What the worker sends (import-worker.ts). */
export type WorkerMessage =
  | { t: "batch"; chunks: ChunkData[]; chars: number }
  | { t: "ack"; bytes: number }
  | { t: "done"; stats: WorkerStats; devices: TracedDevice[] }
  | { t: "line-error"; file: string; line: number; reason: string }
  | { t: "error"; message: string; stack: string | undefined };

/** QemuTraceParseStats as a message carries it (no Map, no Error objects). */
export type WorkerStats = Omit<QemuTraceParseStats, "problems" | "byEvent"> & {
  problems: { file: string; line: number; reason: string }[];
  byEvent: [string, number][];
};

/** What the worker is given (import-worker.ts). */
export interface WorkerSetup {
  files: readonly string[];
  catalogPath: string;
  catalogText: string;
  opts: Pick<QemuTraceParseOptions, "strict" | "machine">;
}

/** Runs the pipeline in a worker thread: this thread feeds it the inputs and commits its batches. */
function inWorker(
  files: readonly string[],
  inputs: readonly { name: string; stream: Readable }[],
  catalog: TraceCatalog,
  opts: Pick<QemuTraceParseOptions, "strict" | "machine">,
  commit: (chunks: ChunkData[], chars: number) => void,
): Promise<{ stats: QemuTraceParseStats; devices: readonly TracedDevice[] }> {
  const setup: WorkerSetup = { files, catalogPath: catalog.path, catalogText: catalog.text, opts };
  const worker = new Worker(new URL("./import-worker.js", import.meta.url), { workerData: setup });
  let inFlight = 0;
  let wake: (() => void) | undefined;
  let stopped = false;
  return new Promise((resolve, reject) => {
    const fail = (e: unknown) => {
      if (stopped) return;
      stopped = true;
      wake?.();
      void worker.terminate();
      reject(e);
    };
    worker.on("message", (m: WorkerMessage) => {
      if (stopped) return;
      try {
        switch (m.t) {
          case "batch":
            commit(
              m.chunks.map((c) => ({ ...c, body: Buffer.from(c.body.buffer, c.body.byteOffset, c.body.byteLength) })),
              m.chars,
            );
            break;
          case "ack":
            inFlight -= m.bytes;
            wake?.();
            break;
          case "done":
            stopped = true;
            void worker.terminate();
            resolve({ stats: statsOf(m.stats), devices: m.devices });
            break;
          case "line-error":
            fail(new InputLineError(m.file, m.line, m.reason));
            break;
          case "error":
            fail(Object.assign(new Error(m.message), { stack: m.stack }));
            break;
        }
      } catch (e) {
        fail(e);
      }
    });
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the import worker stopped early (exit code ${code})`)));
    // Pieces are gathered into messages of PIECE bytes (a copy the worker then owns): a message
    // costs a wake-up of the other thread, which a busy machine makes expensive.
    let gathered = new Uint8Array(PIECE);
    let used = 0;
    const send = async () => {
      if (used === 0) return;
      while (inFlight >= IN_FLIGHT && !stopped) await new Promise<void>((r) => (wake = r));
      inFlight += used;
      const data = used === gathered.length ? gathered : gathered.slice(0, used);
      worker.postMessage({ t: "data", data }, [data.buffer]);
      gathered = new Uint8Array(PIECE);
      used = 0;
    };
    const feed = async () => {
      for (let file = 0; file < inputs.length && !stopped; file++) {
        worker.postMessage({ t: "file", file });
        for await (const piece of (inputs[file] as { stream: Readable }).stream) {
          if (stopped) return;
          if (typeof piece === "string") {
            await send();
            inFlight += piece.length;
            worker.postMessage({ t: "data", data: piece });
            continue;
          }
          const bytes = piece as Buffer;
          for (let at = 0; at < bytes.length;) {
            const n = Math.min(bytes.length - at, PIECE - used);
            gathered.set(bytes.subarray(at, at + n), used);
            used += n;
            at += n;
            if (used === PIECE) await send();
          }
        }
        await send();
        worker.postMessage({ t: "end-file" });
      }
      worker.postMessage({ t: "end" });
    };
    feed().catch(fail);
  });
}

function statsOf(s: WorkerStats): QemuTraceParseStats {
  return {
    ...s,
    problems: s.problems.map((p) => new InputLineError(p.file, p.line, p.reason)),
    byEvent: new Map(s.byEvent),
  };
}
