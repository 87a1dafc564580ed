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
// With `worker`, the pipeline runs in a worker thread (import-worker.ts), so that two cores do
// the work: this thread reads the inputs, a megabyte of whole lines at a time, and their heads
// (thread, time, trace point), and also their arguments' values while the worker has work
// queued (LinePlanner: the share of each thread follows their speeds); the worker reads what
// is left of the lines, maps them to events, encodes those and seals the chunks of each batch;
// this thread hashes and commits the batches, in order. At most IN_FLIGHT bytes of input wait
// for the worker, so memory stays flat. Lines, values and events are the same whichever thread
// reads them, and the chunks are sealed by the same code, so the store holds the same bytes; a
// malformed line (strict) arrives after the batches before it, as it would be met in this
// thread.
import { isAscii } from "node:buffer";
import type { Readable } from "node:stream";
import { Worker } from "node:worker_threads";
import type { EventProps } from "../../schema/proto.js";
import type { ChunkData } from "../../store/chunk-codec.js";
import type { NewSession, SessionRow, Store } from "../../store/store.js";
import { BatchSealer, eachLine, type ImportProgress, LineSplitter, SessionBatcher } from "../batch-import.js";
import { InputLineError } from "../jsonl.js";
import { type ArgValue, type Matcher, UnreadableFormat } from "./format.js";
import { LineHeads, type QemuTraceParseOptions, type QemuTraceParseStats, QemuTraceParser, type UsedEvent } from "./parse-log.js";
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
  /** The names of the trace points a LinePlanner found, by its index, and this parser's events for them. */
  private readonly plannedNames: string[] = [];
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
   * its "\n" only at the input's end), with their heads read in the importing thread (a
   * LinePlanner's plan and the names it found since its last plan).
   */
  pushPlanned(buf: Buffer, p: LinePlan): void {
    for (const n of p.names) this.plannedNames.push(n);
    const { plan, values, kinds, texts } = p;
    const parser = this.parser;
    for (let i = 0; i < plan.length; i += PLAN) {
      const start = plan[i] as number;
      const end = plan[i + 1] as number;
      const index = plan[i + 2] as number;
      this.chars += end - start + 1;
      const lineNo = ++this.lineNo;
      if (index < 0) {
        this.add(parser.feedBytes(buf, start, end, lineNo, this.file));
        continue;
      }
      let used = this.planned[index];
      if (used === undefined) {
        // (registered now, at its first line, so that events are counted in order of first use)
        used = parser.event(this.plannedNames[index] as string) as UsedEvent;
        this.planned[index] = used;
      }
      const at = plan[i + 6] as number;
      if (at < 0) {
        this.add(
          parser.feedPlanned(buf, start, end, used, plan[i + 3] as number, plan[i + 4] as number, plan[i + 5] as number, lineNo, this.file),
        );
        continue;
      }
      const count = (used.matcher as Matcher).kinds.length;
      const read: ArgValue[] = new Array(count);
      for (let k = 0; k < count; k++) {
        const kind = kinds[at + k];
        const v = values[at + k] as number;
        read[k] = kind === VALUE_NUMBER ? v : kind === VALUE_TEXT ? (texts[v] as string) : BigInt(texts[v] as string);
      }
      this.add(parser.feedRead(used, read, plan[i + 4] as number, plan[i + 5] as number, lineNo, this.file));
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
  const batcher = new SessionBatcher(store, newSession, onProgress);
  const commit = (chunks: ChunkData[], chars: number) => {
    batcher.chars = chars;
    batcher.commitChunks(chunks);
  };
  const files = inputs.map((i) => i.name);
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

/**
 * Numbers per line of a plan: start, end, trace point (-1: the worker reads the line whole),
 * where its arguments begin, thread id, time (µs), where its arguments' values begin in the
 * plan's values (-1: the worker reads them).
 */
const PLAN = 7;

/** A plan of whole lines (LinePlanner). */
export interface LinePlan {
  plan: Float64Array;
  /** The names of trace points first found in these lines, continuing the list of earlier plans. */
  names: string[];
  /** The arguments' values: numbers, or (kind VALUE_TEXT, VALUE_BIGINT) the index of their text in `texts`. */
  values: Float64Array;
  kinds: Uint8Array;
  texts: string[];
}

const VALUE_NUMBER = 0;
const VALUE_TEXT = 1;
const VALUE_BIGINT = 2;

/**
 * Reads lines in the importing thread as far as the worker needs nothing of its own for them:
 * their heads (LineHeads: thread, time, trace point) and their arguments' values (the trace
 * point's matcher), so that the worker only maps and encodes. A line whose head or arguments
 * do not read is left for the worker to read whole, which also says what is wrong with it.
 * Trace points are numbered in the order this planner found them; texts go once per plan.
 */
export class LinePlanner {
  private readonly heads: LineHeads;
  private named = 0;

  constructor(catalog: TraceCatalog) {
    this.heads = new LineHeads(catalog);
  }

  /**
   * The plan of buf[0, end): whole lines of ASCII without "\r"; the last lacks its "\n" only
   * when `last`. With `values`, the arguments' values are read too.
   */
  plan(buf: Buffer, end: number, last: boolean, readValues: boolean): LinePlan {
    let lines = 0;
    for (let nl = buf.indexOf(10); nl >= 0 && nl < end; nl = buf.indexOf(10, nl + 1)) lines++;
    const tail = last && end > 0 && buf[end - 1] !== 10;
    const plan = new Float64Array((tail ? lines + 1 : lines) * PLAN);
    let values = new Float64Array(plan.length);
    let kinds = new Uint8Array(plan.length);
    let n = 0;
    const texts: string[] = [];
    const textIndex = new Map<string, number>();
    const text = (t: string): number => {
      let k = textIndex.get(t);
      if (k === undefined) {
        k = texts.length;
        texts.push(t);
        textIndex.set(t, k);
      }
      return k;
    };
    const heads = this.heads;
    let start = 0;
    for (let i = 0; i < plan.length; i += PLAN) {
      let stop = buf.indexOf(10, start);
      if (stop < 0 || stop >= end) stop = end;
      const used = heads.read(buf, start, stop);
      plan[i] = start;
      plan[i + 1] = stop;
      if (used === undefined) plan[i + 2] = -1;
      else {
        plan[i + 2] = used.index;
        plan[i + 3] = heads.argsFrom;
        plan[i + 4] = heads.tid;
        plan[i + 5] = heads.timeUs;
        plan[i + 6] = -1;
        const matcher = used.matcher;
        const read = !readValues || matcher instanceof UnreadableFormat ? undefined : matcher.matchBytes(buf, heads.argsFrom, stop);
        if (read !== undefined) {
          if (n + read.length > values.length) {
            const v = new Float64Array(Math.max(values.length * 2, n + read.length));
            v.set(values);
            values = v;
            const k = new Uint8Array(v.length);
            k.set(kinds);
            kinds = k;
          }
          plan[i + 6] = n;
          for (const v of read) {
            if (typeof v === "number") {
              kinds[n] = VALUE_NUMBER;
              values[n++] = v;
            } else if (typeof v === "string") {
              kinds[n] = VALUE_TEXT;
              values[n++] = text(v);
            } else {
              kinds[n] = VALUE_BIGINT;
              values[n++] = text(v.toString());
            }
          }
        }
      }
      start = stop + 1;
    }
    const found = heads.found;
    const names: string[] = [];
    for (; this.named < found.length; this.named++) names.push((found[this.named] as UsedEvent).decl.name);
    return { plan, names, values: values.slice(0, n), kinds: kinds.slice(0, n), texts };
  }
}

/** Bytes of input sent to the worker and not yet parsed, at most (memory stays flat). */
const IN_FLIGHT = 4 << 20;
/** Bytes of input per message to the worker. */
const PIECE = 1 << 20;
/** Input already queued for the worker from which this thread has time to read the values of the lines it sends (LinePlanner). */
const BUSY = 2 * PIECE;

/** What the worker sends (import-worker.ts). */
export type WorkerMessage =
  | { t: "chunks"; chunks: ChunkData[]; chars: number }
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
  batcher: SessionBatcher,
  readValues: "auto" | "always" | "never",
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
          case "chunks":
            // (a body arrives as a Uint8Array: the same bytes, as the Buffer it was)
            for (const c of m.chunks) c.body = Buffer.from(c.body.buffer, c.body.byteOffset, c.body.byteLength);
            batcher.chars = m.chars;
            batcher.commitChunks(m.chunks);
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
    // Pieces are gathered into messages of up to PIECE bytes that end with a line (a message
    // costs a wake-up of the other thread, which a busy machine makes expensive). A message of
    // ASCII without "\r" after one that ended with its last line goes with the plan of its
    // lines (LinePlanner); any other goes as it is, for the worker's LineSplitter.
    const planner = new LinePlanner(catalog);
    let gathered = Buffer.allocUnsafeSlow(PIECE);
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
      const data = Buffer.allocUnsafeSlow(end);
      gathered.copy(data, 0, 0, end);
      const next = Buffer.allocUnsafeSlow(PIECE);
      gathered.copy(next, 0, end, used);
      gathered = next;
      used -= end;
      inFlight += end;
      const whole = last || data[end - 1] === 10;
      if (clean && whole && upTo !== "rest" && isAscii(data) && data.indexOf(13) < 0) {
        // The worker has work queued (this thread was waiting for it): read the values here.
        const values = readValues === "auto" ? inFlight - end >= BUSY : readValues === "always";
        const plan = planner.plan(data, end, last, values);
        const moved = [data.buffer, plan.plan.buffer, plan.values.buffer, plan.kinds.buffer] as ArrayBuffer[];
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
