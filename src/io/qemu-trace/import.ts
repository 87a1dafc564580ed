// Imports QEMU trace logs into a new session of a store, streaming: lines are parsed as they
// are read and events appended in batches (as the other importers do), so a trace of
// millions of lines needs no more memory than one batch and the parser's small state. Several
// inputs are one trace in order (the pieces of one log): pointer ids, thread ids, the time
// origin and the inferred devices carry over, and each event cites its input by index. The
// session is created with the first batch; a strict import that meets a malformed line throws
// InputLineError, and the batches before it stay committed.
//
// The work splits in two: the pipeline (lines → events → encoded, sealed chunks, a batch at a
// time) needs no store; the store hashes each batch onto the session's chain and commits it
// (its write-ahead log checkpointed from a thread of its own, WalCheckpointer, so that a
// commit never waits for the disk). With `worker`, the pipeline runs in a worker thread (import-worker.ts), so that two cores do
// the work: this thread reads the inputs, a megabyte of whole lines at a time, and their heads
// (thread, time, trace point), and also their arguments' values while the worker has work
// queued (LinePlanner: the share of each thread follows their speeds); the worker reads what
// is left of the lines, maps them to events, encodes those and seals the chunks of each batch;
// this thread hashes and commits the batches, in order. The worker's share is the larger, so
// this thread reads the values whenever the worker has work queued. Input buffers and chunk
// bodies move between the threads rather than being copied. At most IN_FLIGHT bytes of input
// wait for the worker, so memory stays flat. Lines, values and events are the same whichever thread
// reads them, and the chunks are sealed by the same code, so the store holds the same bytes; a
// malformed line (strict) arrives after the batches before it, as it would be met in this
// thread.
import { isAscii } from "node:buffer";
import type { Readable } from "node:stream";
import { Worker } from "node:worker_threads";
import type { EventProps } from "../../schema/proto.js";
import type { ChunkData } from "../../store/chunk-codec.js";
import type { NewSession, SessionRow, Store } from "../../store/store.js";
import { BatchSealer, eachLine, type ImportProgress, InputLineError, LineSplitter, SessionBatcher } from "../batch-import.js";
import type { Matcher } from "./format.js";
import { ARGS, END, type LinePlan, LinePlanner, PLAN, PlanLists, POINT, TID, VALUES } from "./line-plan.js";
import { type QemuTraceParseOptions, type QemuTraceParseStats, QemuTraceParser, type UsedEvent } from "./parse-log.js";
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
  /**
   * With `worker`, whether this thread reads the arguments' values of the lines it sends:
   * "auto" (the default) while the worker has work queued, or "always", or "never" (for tests:
   * the store gets the same either way).
   */
  readValues?: "auto" | "always" | "never";
};

/** The import without the store: the inputs' pieces in, and out batches of sealed chunks, in order. */
export class QemuTraceImportPipeline {
  private readonly parser: QemuTraceParser;
  private readonly sealer = new BatchSealer();
  private lines = new LineSplitter();
  /** The lists plans continue, and this parser's events of the trace points they name (by their place in the list). */
  private readonly lists = new PlanLists();
  private readonly planned: (UsedEvent | undefined)[] = [];
  private file = 0;
  private lineNo = 0;
  /** Input characters consumed (for progress). */
  chars = 0;
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

  /**
   * A piece of the current input that is whole lines of ASCII without "\r" (the last may lack
   * its "\n" only at the input's end), with what the importing thread read of them (a
   * LinePlanner's plan).
   */
  pushPlanned(buf: Buffer, p: LinePlan): void {
    const lists = this.lists;
    lists.learn(p);
    const { lines, times } = p;
    const parser = this.parser;
    const file = this.file;
    let start = 0;
    for (let i = 0, at = 0; at < lines.length; i++, at += PLAN) {
      const end = lines[at + END] as number;
      const index = lines[at + POINT] as number;
      this.chars += end - start + 1;
      const lineNo = ++this.lineNo;
      if (index < 0) this.add(parser.feedBytes(buf, start, end, lineNo, file));
      else {
        let used = this.planned[index];
        if (used === undefined) {
          // (registered now, at its first line, so that events are counted in order of first use)
          used = parser.event(lists.names[index] as string) as UsedEvent;
          this.planned[index] = used;
        }
        const tid = lines[at + TID] as number;
        const timeUs = times[i] as number;
        const valuesAt = lines[at + VALUES] as number;
        if (valuesAt < 0) this.add(parser.feedPlanned(buf, start, end, used, lines[at + ARGS] as number, tid, timeUs, lineNo, file));
        else {
          const values = lists.values(p, valuesAt, (used.matcher as Matcher).kinds.length);
          this.add(parser.feedRead(used, values, tid, timeUs, lineNo, file));
        }
      }
      start = end + 1;
    }
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
  const { worker, readValues = "auto", ...parseOpts } = opts;
  const batcher = new SessionBatcher(store, newSession, onProgress, { backgroundCheckpoints: true });
  const commit = (chunks: ChunkData[], chars: number) => {
    batcher.chars = chars;
    batcher.commitChunks(chunks);
  };
  const files = inputs.map((i) => i.name);
  try {
    let outcome: { stats: QemuTraceParseStats; devices: readonly TracedDevice[] };
    if (worker) {
      outcome = await inWorker(files, inputs, catalog, parseOpts, batcher, readValues);
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
  } finally {
    await batcher.close();
  }
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

/** Bytes of input sent to the worker and not yet parsed, at most (memory stays flat). */
const IN_FLIGHT = 4 << 20;
/** Bytes of input per message to the worker. */
const PIECE = 1 << 20;
/** Input already queued for the worker from which this thread has time to read the values of the lines it sends (LinePlanner). */
const BUSY = 2 * PIECE;
/** Buffers the worker gave back kept for gathering, at most. */
const SPARE = 8;

/** What the worker sends (import-worker.ts). */
export type WorkerMessage =
  | { t: "chunks"; chunks: ChunkData[]; chars: number }
  | { t: "ack"; bytes: number; buffer: ArrayBuffer | undefined }
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
  batcher: SessionBatcher,
  readValues: "auto" | "always" | "never",
): Promise<{ stats: QemuTraceParseStats; devices: readonly TracedDevice[] }> {
  const setup: WorkerSetup = { files, catalogPath: catalog.path, catalogText: catalog.text, opts };
  const worker = new Worker(new URL("./import-worker.js", import.meta.url), { workerData: setup });
  let inFlight = 0;
  /** The worker has read a piece (until then it is starting, and slow: this thread reads the values). */
  let started = false;
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
          case "chunks":
            // (a body arrives as a Uint8Array: the same bytes, as the Buffer it was)
            for (const c of m.chunks) c.body = Buffer.from(c.body.buffer, c.body.byteOffset, c.body.byteLength);
            batcher.chars = m.chars;
            batcher.commitChunks(m.chunks);
            break;
          case "ack":
            started = true;
            inFlight -= m.bytes;
            if (m.buffer?.byteLength === PIECE && spare.length < SPARE) spare.push(Buffer.from(m.buffer));
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
    // Pieces are gathered into messages of up to PIECE bytes that end with a line (a message
    // costs a wake-up of the other thread, which a busy machine makes expensive). A message of
    // ASCII without "\r" after one that ended with its last line goes with the plan of its
    // lines (LinePlanner); any other goes as it is, for the worker's LineSplitter. The buffer a
    // message was gathered in moves to the worker, which sends it back with its
    // acknowledgement, to gather another (so that no new memory is touched per megabyte).
    const planner = new LinePlanner(catalog);
    const spare: Buffer[] = [];
    let gathered: Buffer = Buffer.allocUnsafeSlow(PIECE);
    let used = 0;
    let clean = true;
    /** Sends what is gathered, up to its last line end unless `upTo` is "all" (the input ends) or "rest" (more input follows as text). */
    const send = async (upTo: "line" | "all" | "rest") => {
      if (used === 0) return;
      while (inFlight >= IN_FLIGHT && !stopped) await new Promise<void>((r) => (wake = r));
      if (stopped) return;
      let end = used;
      if (upTo === "line") {
        const nl = gathered.lastIndexOf(10, used - 1);
        if (nl >= 0) end = nl + 1;
      }
      const last = upTo === "all";
      const data = gathered.subarray(0, end);
      const next = spare.pop() ?? Buffer.allocUnsafeSlow(PIECE);
      gathered.copy(next, 0, end, used);
      gathered = next;
      used -= end;
      inFlight += end;
      const whole = last || data[end - 1] === 10;
      if (clean && whole && upTo !== "rest" && isAscii(data) && data.indexOf(13) < 0) {
        // The worker has work queued (this thread was waiting for it), or is still starting: read the values here.
        const values = readValues === "auto" ? !started || inFlight - end >= BUSY : readValues === "always";
        const plan = planner.plan(data, end, last, values);
        const moved = [data.buffer, plan.lines.buffer, plan.times.buffer, plan.values.buffer, plan.kinds.buffer] as ArrayBuffer[];
        worker.postMessage({ t: "lines", data, plan }, moved);
      } else worker.postMessage({ t: "data", data }, [data.buffer as ArrayBuffer]);
      clean = whole;
    };
    const feed = async () => {
      for (let file = 0; file < inputs.length && !stopped; file++) {
        worker.postMessage({ t: "file", file });
        clean = true;
        for await (const piece of (inputs[file] as { stream: Readable }).stream) {
          if (stopped) return;
          if (typeof piece === "string") {
            // (a stream with an encoding: everything gathered goes first, then the text as it is)
            await send("rest");
            inFlight += piece.length;
            worker.postMessage({ t: "data", data: piece });
            clean = false;
            continue;
          }
          const bytes = piece as Buffer;
          for (let at = 0; at < bytes.length;) {
            const n = Math.min(bytes.length - at, PIECE - used);
            bytes.copy(gathered, used, at, at + n);
            used += n;
            at += n;
            if (used === PIECE) await send("line");
          }
        }
        await send("all");
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
