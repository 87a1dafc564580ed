// What every importer shares: a new session created with the first batch (so input whose
// first batch is bad leaves nothing behind), events appended in batches of IMPORT_BATCH,
// each committed whole, progress reported after each commit, and the error of an input line
// it cannot read (InputLineError).
//
// Events are encoded into sealed chunks as they are added (ChunkSealer), not held as objects
// until their batch is full: a batch of event objects would outlive the young generation and
// make the collector copy and mark every one of them. The chunks are the same either way: a
// batch ends at every IMPORT_BATCH events, where the appender's flush sealed them before.
//
// Lines are split as node:readline splits them (crlfDelay: Infinity): at "\n", "\r\n" and a
// lone "\r", a "\r\n" cut between two reads still one line end, the text decoded as UTF-8
// (an incomplete sequence at the very end is dropped), and a last line without a line end
// still a line; but without an event and a promise per line. A reader that can take a line as
// bytes (pushBytes) gets the lines of a read that is all ASCII without "\r" as byte ranges of
// it, which is the same text without decoding or a string per line.
import { isAscii } from "node:buffer";
import { StringDecoder } from "node:string_decoder";
import type { Readable } from "node:stream";
import type { EventProps } from "../schema/proto.js";
import { type Appender, ChunkSealer } from "../store/appender.js";
import type { ChunkData } from "../store/chunk-codec.js";
import type { NewSession, SessionRow, Store } from "../store/store.js";
import type { WalCheckpointer } from "../store/wal-checkpointer.js";

export const IMPORT_BATCH = 16384;

/** A line of the input that is not an event devtape can store. */
export class InputLineError extends Error {
  override readonly name = "InputLineError";
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
  }
}

/** The text of ASCII bytes buf[from, to). */
function asciiText(buf: Buffer, from: number, to: number): string {
  return (buf as Buffer & { latin1Slice(from: number, to: number): string }).latin1Slice(from, to);
}

export interface ImportProgress {
  /** Input characters consumed so far (including newlines). */
  chars: number;
  events: number;
}

/** Encodes events into the chunks of IMPORT_BATCH-event batches, as SessionBatcher commits them. */
export class BatchSealer {
  private readonly sealer = new ChunkSealer(0, { batchEvents: IMPORT_BATCH });
  private pending = 0;

  /** Encodes an event; returns the batch's chunks once it is full, else undefined. */
  add(ev: EventProps): ChunkData[] | undefined {
    this.sealer.add(ev);
    if (++this.pending < IMPORT_BATCH) return undefined;
    return this.take();
  }

  /** The chunks of the events added since the last batch (none: an empty list). */
  take(): ChunkData[] {
    this.pending = 0;
    this.sealer.seal();
    return this.sealer.take();
  }
}

export class SessionBatcher {
  private app: Appender | undefined;
  private readonly sealer = new BatchSealer();
  private checkpointer: WalCheckpointer | undefined;
  session: SessionRow | undefined;
  /** Input characters consumed, for progress. */
  chars = 0;

  constructor(
    private readonly store: Store,
    private readonly newSession: NewSession,
    private readonly onProgress?: (p: ImportProgress) => void,
    /** With `backgroundCheckpoints`, the store's log is checkpointed in another thread (Store.walCheckpointer) until close(). */
    private readonly opts: { backgroundCheckpoints?: boolean } = {},
  ) {}

  /** Queues an event; commits the batch once it is full. */
  add(ev: EventProps): void {
    const batch = this.sealer.add(ev);
    if (batch !== undefined) this.commitChunks(batch);
  }

  /** Appends and commits the queued events (creating the session the first time). */
  commit(): void {
    this.commitChunks(this.sealer.take());
  }

  /** Commits one batch's chunks, sealed by a BatchSealer here or elsewhere (creating the session the first time). */
  commitChunks(chunks: readonly ChunkData[]): void {
    if (chunks.length === 0) return;
    if (this.app === undefined) {
      this.session = this.store.createSession(this.newSession);
      this.app = this.store.appender(this.session, { batchEvents: IMPORT_BATCH });
      if (this.opts.backgroundCheckpoints) this.checkpointer = this.store.walCheckpointer();
    }
    this.app.commitChunks(chunks);
    if (this.checkpointer !== undefined) {
      let bytes = 0;
      for (const c of chunks) bytes += c.body.length;
      this.checkpointer.committed(bytes);
    }
    this.onProgress?.({ chars: this.chars, events: this.app.committed });
  }

  /** Commits what is left; the session (if any event came) and the events committed. */
  finish(): { session: SessionRow | undefined; events: number } {
    this.commit();
    return { session: this.session, events: this.app?.committed ?? 0 };
  }

  /** Ends the background checkpoints, if any: after finish(), or when the import fails. */
  async close(): Promise<void> {
    const c = this.checkpointer;
    this.checkpointer = undefined;
    await c?.stop();
  }
}

/**
 * Splits text read in pieces into lines as node:readline does (see above). `push` and `end`
 * call `onLine(line)` for each line completed.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder("utf8");
  /** The unfinished last line of what was pushed. */
  private carry = "";
  /** The last piece ended in "\r": a "\n" starting the next belongs to that line end. */
  private sawReturn = false;

  push(piece: Buffer | string, onLine: (line: string) => void): void {
    let s = typeof piece === "string" ? piece : this.decoder.write(piece);
    if (this.sawReturn) {
      if (s.charCodeAt(0) === 10) s = s.slice(1);
      this.sawReturn = false;
    }
    if (s.indexOf("\r") < 0) {
      let nl = s.indexOf("\n");
      if (nl < 0) {
        this.carry += s;
        return;
      }
      onLine(this.carry === "" ? s.slice(0, nl) : this.carry + s.slice(0, nl));
      let start = nl + 1;
      for (nl = s.indexOf("\n", start); nl >= 0; nl = s.indexOf("\n", start)) {
        onLine(s.slice(start, nl));
        start = nl + 1;
      }
      this.carry = s.slice(start);
      return;
    }
    this.pushWithReturns(s, onLine);
  }

  /**
   * push() for a reader that takes ASCII lines as bytes: `onBytes(buf, start, end)` gets the
   * lines of a piece that is all ASCII without "\r" (but a line begun in an earlier piece),
   * `onLine` every other line, as push() gives it.
   */
  pushBytes(piece: Buffer, onBytes: (buf: Buffer, start: number, end: number) => void, onLine: (line: string) => void): void {
    // The decoder holds the start of a character cut by the previous piece: it must see this one.
    if ((this.decoder as { lastNeed?: number }).lastNeed !== 0 || !isAscii(piece) || piece.indexOf(13) >= 0) {
      this.push(piece, onLine);
      return;
    }
    let start = 0;
    if (this.sawReturn) {
      if (piece[0] === 10) start = 1;
      this.sawReturn = false;
    }
    let nl = piece.indexOf(10, start);
    if (nl < 0) {
      this.carry += asciiText(piece, start, piece.length);
      return;
    }
    if (this.carry === "") onBytes(piece, start, nl);
    else onLine(this.carry + asciiText(piece, start, nl));
    start = nl + 1;
    for (nl = piece.indexOf(10, start); nl >= 0; nl = piece.indexOf(10, start)) {
      onBytes(piece, start, nl);
      start = nl + 1;
    }
    this.carry = asciiText(piece, start, piece.length);
  }

  /** The input has ended: its last line, if it had no line end. */
  end(onLine: (line: string) => void): void {
    if (this.carry.length > 0) onLine(this.carry);
    this.carry = "";
  }

  private pushWithReturns(s: string, onLine: (line: string) => void): void {
    let start = 0;
    let first = true;
    let ended = false;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      const line = s.slice(start, i);
      onLine(first ? this.carry + line : line);
      first = false;
      ended = true;
      if (c === 13 && s.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
    if (!ended) {
      this.carry += s;
      return;
    }
    this.carry = s.slice(start);
    this.sawReturn = s.charCodeAt(s.length - 1) === 13;
  }
}

/** Calls `fn(line, lineNo)` for each line of a stream, counting characters into the batcher. */
export async function eachLine(stream: Readable, batcher: SessionBatcher, fn: (line: string, lineNo: number) => void): Promise<void> {
  const lines = new LineSplitter();
  let lineNo = 0;
  const onLine = (line: string) => {
    lineNo++;
    batcher.chars += line.length + 1;
    fn(line, lineNo);
  };
  for await (const piece of stream) lines.push(piece as Buffer | string, onLine);
  lines.end(onLine);
}
