// The plan of a piece of a QEMU trace log: what the importing thread of an import in a worker
// thread (import.ts) has read of each line already, so that the worker reads no line twice.
//
// The importing thread reads each line's head (LineHeads: thread, time, trace point, where
// the arguments begin) and, while the worker has work queued, its arguments' values too (the
// trace point's matcher, as the worker would). The plan holds them in typed arrays, which move
// to the worker without a copy: per line PLAN numbers and its time, and the values one after
// another, numbers as they are, texts by their place in a list of texts. Trace point names and
// texts go once, in the first plan that uses them; later plans continue the lists (the list of
// texts starts again, empty, past MAX_TEXTS, so that memory stays flat however many distinct
// texts a log has). A line whose head or arguments do not read is left for the worker to read
// whole, which also says what is wrong with it.
import { UnreadableFormat, type ArgValue } from "./format.js";
import { LineHeads, type UsedEvent } from "./parse-log.js";
import type { TraceCatalog } from "./trace-events.js";

/**
 * Numbers per line of a plan's `lines`: where it ends (its "\n", or the piece's end), its trace
 * point (-1: the worker reads the line whole), where its arguments begin, its thread id (-1:
 * none), where its arguments' values begin in `values` (-1: the worker reads them).
 */
export const PLAN = 5;
export const END = 0;
export const POINT = 1;
export const ARGS = 2;
export const TID = 3;
export const VALUES = 4;

/** A plan of whole lines (LinePlanner). */
export interface LinePlan {
  /** PLAN numbers per line. */
  lines: Int32Array;
  /** Per line, its time in µs (-1: none). */
  times: Float64Array;
  /** The names of trace points first found in these lines, continuing the list of earlier plans. */
  names: string[];
  /** The arguments' values: numbers, or (kind VALUE_TEXT, VALUE_BIGINT) the place of their text in the list of texts. */
  values: Float64Array;
  kinds: Uint8Array;
  /** Texts first used in these lines, continuing the list of texts (which starts again, empty, when `fresh`). */
  texts: string[];
  fresh: boolean;
}

const VALUE_NUMBER = 0;
const VALUE_TEXT = 1;
const VALUE_BIGINT = 2;

/** Distinct texts a planner lists before it starts its list again. */
const MAX_TEXTS = 4096;

/** Makes the plans of the pieces of one log, in order (trace points are numbered in the order it found them). */
export class LinePlanner {
  private readonly heads: LineHeads;
  private named = 0;
  private readonly textIndex = new Map<string, number>();
  private lines = new Int32Array(PLAN * 4096);
  private times = new Float64Array(4096);
  private values = new Float64Array(4096);
  private kinds = new Uint8Array(4096);

  constructor(catalog: TraceCatalog) {
    this.heads = new LineHeads(catalog);
  }

  /**
   * The plan of buf[0, end): whole lines of ASCII without "\r"; the last lacks its "\n" only
   * when `last`. With `readValues`, the arguments' values are read too.
   */
  plan(buf: Buffer, end: number, last: boolean, readValues: boolean): LinePlan {
    const heads = this.heads;
    const texts: string[] = [];
    const fresh = this.textIndex.size >= MAX_TEXTS;
    if (fresh) this.textIndex.clear();
    let n = 0;
    let count = 0;
    let lines = this.lines;
    let times = this.times;
    for (let start = 0; start < end;) {
      let stop = buf.indexOf(10, start);
      if (stop < 0 || stop >= end) {
        if (!last) break;
        stop = end;
      }
      if (count === times.length) {
        lines = grown(lines, lines.length * 2);
        times = grown(times, times.length * 2);
        this.lines = lines;
        this.times = times;
      }
      const at = count * PLAN;
      lines[at + END] = stop;
      const used = heads.read(buf, start, stop);
      const tid = heads.tid;
      if (used === undefined || tid > 0x7fff_ffff) lines[at + POINT] = -1;
      else {
        lines[at + POINT] = used.index;
        lines[at + ARGS] = heads.argsFrom;
        lines[at + TID] = tid;
        times[count] = heads.timeUs;
        lines[at + VALUES] = -1;
        const matcher = used.matcher;
        const read = !readValues || matcher instanceof UnreadableFormat ? undefined : matcher.matchBytes(buf, heads.argsFrom, stop);
        if (read !== undefined) {
          lines[at + VALUES] = n;
          n = this.keep(read, n, texts);
        }
      }
      count++;
      start = stop + 1;
    }
    const found = heads.found;
    const names: string[] = [];
    for (; this.named < found.length; this.named++) names.push((found[this.named] as UsedEvent).decl.name);
    return {
      lines: this.lines.slice(0, count * PLAN),
      times: this.times.slice(0, count),
      names,
      values: this.values.slice(0, n),
      kinds: this.kinds.slice(0, n),
      texts,
      fresh,
    };
  }

  /** Adds a line's values at `n` of the plan's values (new texts to `texts`); returns where the next go. */
  private keep(read: ArgValue[], n: number, texts: string[]): number {
    if (n + read.length > this.values.length) {
      this.values = grown(this.values, Math.max(this.values.length * 2, n + read.length));
      this.kinds = grown(this.kinds, this.values.length);
    }
    const values = this.values;
    const kinds = this.kinds;
    for (let k = 0; k < read.length; k++) {
      const v = read[k] as ArgValue;
      if (typeof v === "number") {
        kinds[n] = VALUE_NUMBER;
        values[n++] = v;
      } else {
        kinds[n] = typeof v === "string" ? VALUE_TEXT : VALUE_BIGINT;
        values[n++] = this.text(typeof v === "string" ? v : v.toString(), texts);
      }
    }
    return n;
  }

  /** The place of a text in the list of texts (added to this plan's `texts` if new). */
  private text(t: string, texts: string[]): number {
    let k = this.textIndex.get(t);
    if (k === undefined) {
      k = this.textIndex.size;
      this.textIndex.set(t, k);
      texts.push(t);
    }
    return k;
  }
}

function grown<T extends Int32Array | Float64Array | Uint8Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/** The lists of names and texts that plans continue, as the worker reads them (in order). */
export class PlanLists {
  readonly names: string[] = [];
  private texts: string[] = [];

  /** Adds what a plan lists; call once per plan, before its values are read. */
  learn(p: LinePlan): void {
    for (const n of p.names) this.names.push(n);
    if (p.fresh) this.texts = [];
    for (const t of p.texts) this.texts.push(t);
  }

  /** The `count` values of a line that begin at `at` in the plan's values. */
  values(p: LinePlan, at: number, count: number): ArgValue[] {
    const { values, kinds } = p;
    const texts = this.texts;
    const out: ArgValue[] = new Array(count);
    for (let k = 0; k < count; k++) {
      const kind = kinds[at + k];
      const v = values[at + k] as number;
      out[k] = kind === VALUE_NUMBER ? v : kind === VALUE_TEXT ? (texts[v] as string) : BigInt(texts[v] as string);
    }
    return out;
  }
}
