// Reads the text QEMU's `log` trace backend writes (`-trace PATTERN -D FILE`) line by line
// and turns it into devtape events as it goes.
//
// A trace line is `name args` or, with `-msg timestamp=on` (and always before QEMU 5.x),
// `TID@SECONDS.MICROSECONDS:name args`. Its arguments are read back with the event's format
// from the trace-events file of the QEMU that wrote it (trace-events.ts, format.ts). Other
// output in the same file (guest_errors, warnings, a console) is skipped and counted: a line
// without the prefix is trace output only if its first word is a known trace event. A line
// with the prefix that names no known event, a known event whose arguments do not match its
// format, or a cut-off prefix is malformed: reported as file:line: reason (and with strict,
// the first one stops the import).
//
// A line comes as text (feed) or, when it is ASCII, as bytes (feedBytes: what an import reads
// from a file). The byte reading (LineHeads, the format's byte scanner) finds the same thread,
// time, trace point and arguments without making strings of the line, and leaves anything it
// does not read to the text reading, which is the definition and says what is wrong.
//
// Normalisation, so that two runs of the same guest give the same events: host pointers
// become ids in order of first appearance (NULL stays 0), thread ids likewise (1, 2, …), and
// times count from the first timestamped line (time_ns; a line stamped before it gets 0).
import type { MachineType } from "../../model/machine/memory-map.js";
import type { EventProps } from "../../schema/proto.js";
import { InputLineError } from "../batch-import.js";
import { type ArgValue, asciiText, type Matcher, UnreadableFormat } from "./format.js";
import type { TracedDevice } from "./topology.js";
import { TraceEventMapper } from "./to-events.js";
import type { TraceCatalog, TraceEventDecl } from "./trace-events.js";

export interface QemuTraceParseOptions {
  /** The inputs' names in error messages, by file index (Event.source.file). */
  files: readonly string[];
  catalog: TraceCatalog;
  /** Stop at the first malformed line (throw); otherwise skip it and count it. */
  strict?: boolean;
  /** The machine, when the user knows it (a trace does not say): the session starts with it. */
  machine?: { type: MachineType; ramSize: number };
}

export interface QemuTraceParseStats {
  lines: number;
  /** Lines that were trace output (including malformed ones). */
  traceLines: number;
  /** Other output skipped: not trace lines. */
  otherLines: number;
  events: number;
  /** Malformed lines skipped (non-strict mode). */
  skipped: number;
  /** The first problems found (at most 20 kept), as file:line: reason. */
  problems: InputLineError[];
  /** Lines of trace points whose format cannot be read back (kept whole as a `text` argument). */
  unreadable: number;
  /** pciConfig events whose width was taken from the offset's alignment. */
  configWidthsInferred: number;
  /** Register accesses kept as observations because their address cannot be placed. */
  unplacedAccesses: number;
  /** Trace lines per event name, in order of first appearance (complete after end()). */
  byEvent: Map<string, number>;
}

const MAX_PROBLEMS = 20;

/** The index of the first non-digit at or after `from`. */
function digitsEnd(text: string, from: number): number {
  let i = from;
  for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i));
  return i;
}

/** The decimal number text[from, to) (digits only, at most 15 of them stay exact). */
function decimal(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (text.charCodeAt(i) - 48);
  return n;
}

const NONE: EventProps[] = [];

/** The hash of a trace point's name, a character code at a time (LineHeads finds names by it). */
const nameHash = (h: number, code: number) => (Math.imul(h, 31) + code) | 0;

/** A trace event the log has used: its declaration, matcher and line count. */
export interface UsedEvent {
  decl: TraceEventDecl;
  /** The name's characters, compared with a line's bytes. */
  nameCodes: Uint8Array;
  matcher: Matcher | UnreadableFormat;
  lines: number;
  /** Its place in LineHeads.found (the order of first use). */
  index: number;
}

/**
 * The trace events a log uses, found by name (in a line's bytes or text, without making a
 * substring of it where one of them is named), and the head of an ASCII trace line: its
 * thread id, time and trace point, and where its arguments begin (read). One belongs to the
 * parser; an import in a worker thread has another read the heads in the importing thread
 * (LinePlan).
 */
export class LineHeads {
  /** The events found so far, in order of first use. */
  readonly found: UsedEvent[] = [];
  private readonly byLength: (UsedEvent[] | undefined)[] = [];
  /** The same by nameHash of their names. */
  private readonly byHash = new Map<number, UsedEvent[]>();
  /** The trace point of the last head read. */
  private recent: UsedEvent | undefined;
  /** What read() found besides the trace point: the thread id (-1: none), the time in µs (-1: none), where the arguments begin. */
  tid = -1;
  timeUs = -1;
  argsFrom = 0;

  constructor(private readonly catalog: TraceCatalog) {}

  /**
   * The trace point of the ASCII line buf[start, end), with tid, timeUs and argsFrom set;
   * undefined for anything else (other output, a cut-off prefix, an unknown name), which
   * the parser's line() reads from the line's text and says what it is.
   */
  read(buf: Buffer, start: number, end: number): UsedEvent | undefined {
    let tid = -1;
    let timeUs = -1;
    let nameStart = start;
    let c = buf[start] as number;
    if (start < end && c >= 48 && c <= 57) {
      // TID@SECONDS.MICROSECONDS: (as line() reads it)
      let i = start;
      let n = 0;
      for (; i < end && (c = buf[i] as number) >= 48 && c <= 57; i++) n = n * 10 + (c - 48);
      if (i === end || c !== 64 /* @ */) return undefined;
      tid = n;
      const secStart = ++i;
      n = 0;
      for (; i < end && (c = buf[i] as number) >= 48 && c <= 57; i++) n = n * 10 + (c - 48);
      if (i === secStart || i === end || c !== 46 /* . */) return undefined;
      const secUs = n * 1e6;
      const usStart = ++i;
      n = 0;
      for (; i < end && (c = buf[i] as number) >= 48 && c <= 57; i++) n = n * 10 + (c - 48);
      if (i === usStart || i === end || c !== 58 /* : */ || i + 1 === end) return undefined;
      timeUs = secUs + n;
      nameStart = i + 1;
    }
    // The name: the last trace point's, compared where it stands, or looked up by its hash.
    let used = this.isRecent(buf, nameStart, end);
    let p: number;
    if (used !== undefined) p = nameStart + used.nameCodes.length;
    else {
      let h = 0;
      for (p = nameStart; p < end; p++) {
        const b = buf[p] as number;
        if (b === 32) break;
        h = nameHash(h, b);
      }
      used = this.inBytes(buf, nameStart, p, h);
      if (used === undefined) return undefined;
      this.recent = used;
    }
    this.tid = tid;
    this.timeUs = timeUs;
    this.argsFrom = p < end ? p + 1 : end;
    return used;
  }

  /** The trace event named by text[from, to), if the catalog has it. */
  inText(text: string, from: number, to: number): UsedEvent | undefined {
    const known = this.byLength[to - from];
    if (known !== undefined) {
      for (let i = 0; i < known.length; i++) {
        const u = known[i] as UsedEvent;
        if (text.startsWith(u.decl.name, from)) return u;
      }
    }
    return this.named(text.slice(from, to));
  }

  /** The trace event of that name, if the catalog has it. */
  named(name: string): UsedEvent | undefined {
    const known = this.byLength[name.length];
    if (known !== undefined) for (const u of known) if (u.decl.name === name) return u;
    const decl = this.catalog.get(name);
    if (decl === undefined) return undefined;
    // (a character that is not ASCII becomes 0x80, which no ASCII line holds)
    const nameCodes = Uint8Array.from({ length: name.length }, (_, i) => Math.min(name.charCodeAt(i), 0x80));
    const u: UsedEvent = { decl, nameCodes, matcher: this.catalog.matcher(decl), lines: 0, index: this.found.length };
    this.found.push(u);
    if (known === undefined) this.byLength[name.length] = [u];
    else known.push(u);
    let h = 0;
    for (let i = 0; i < nameCodes.length; i++) h = nameHash(h, nameCodes[i] as number);
    const same = this.byHash.get(h);
    if (same === undefined) this.byHash.set(h, [u]);
    else same.push(u);
    return u;
  }

  /**
   * The last trace point read when buf[from, end) starts with its name and a space (or is its
   * name). Names are compared from their end: names of one family share their start
   * (memory_region_ops_read and _write, megasas_qf_new and _enqueue), so a mismatch shows
   * sooner there.
   */
  private isRecent(buf: Buffer, from: number, end: number): UsedEvent | undefined {
    const recent = this.recent;
    if (recent === undefined) return undefined;
    const name = recent.nameCodes;
    let k = name.length;
    const after = from + k;
    if (after > end || (after < end && buf[after] !== 32)) return undefined;
    while (k > 0) {
      k--;
      if (buf[from + k] !== name[k]) return undefined;
    }
    return recent;
  }

  /** The trace event named by the ASCII bytes buf[from, to) (whose nameHash is `hash`), if the catalog has it. */
  private inBytes(buf: Buffer, from: number, to: number, hash: number): UsedEvent | undefined {
    const known = this.byHash.get(hash);
    if (known !== undefined) {
      for (let i = 0; i < known.length; i++) {
        const u = known[i] as UsedEvent;
        const name = u.nameCodes;
        if (name.length !== to - from) continue;
        let k = name.length;
        while (k > 0 && buf[from + k - 1] === name[k - 1]) k--;
        if (k === 0) return u;
      }
    }
    return this.named(asciiText(buf, from, to));
  }
}

export class QemuTraceParser {
  readonly stats: QemuTraceParseStats = {
    lines: 0,
    traceLines: 0,
    otherLines: 0,
    events: 0,
    skipped: 0,
    problems: [],
    unreadable: 0,
    configWidthsInferred: 0,
    unplacedAccesses: 0,
    byEvent: new Map(),
  };
  private readonly mapper = new TraceEventMapper();
  /** The events the log has used, and the heads of lines read as bytes. */
  private readonly heads: LineHeads;
  private readonly threads = new Map<number, number>();
  /** The last thread looked up (lines come in runs of one thread). */
  private lastTid = -1;
  private lastThread = 0;
  private firstUs = -1;
  /** The last "TID@SECONDS." prefix seen, its thread id and its seconds in microseconds. */
  private prefix = "";
  private prefixTid = 0;
  private prefixUs = 0;

  constructor(private readonly opts: QemuTraceParseOptions) {
    this.heads = new LineHeads(opts.catalog);
  }

  /** The events every session starts with: the machine, when given. */
  start(): EventProps[] {
    const m = this.opts.machine;
    if (m === undefined) return [];
    this.stats.events++;
    return [{ agent: { host: true }, machine: { type: m.type, ramSize: m.ramSize } }];
  }

  /** Feeds line `lineNo` (1-based) of input `file`; returns the events now decided. */
  feed(text: string, lineNo: number, file = 0): EventProps[] {
    this.stats.lines++;
    this.line(text, lineNo, file);
    return this.taken();
  }

  /**
   * Feeds a line given as ASCII bytes buf[start, end) (no line terminator in it): the same as
   * feed(its text), read without making it a string first.
   */
  feedBytes(buf: Buffer, start: number, end: number, lineNo: number, file = 0): EventProps[] {
    this.stats.lines++;
    if (!this.lineBytes(buf, start, end, lineNo, file)) this.line(asciiText(buf, start, end), lineNo, file);
    return this.taken();
  }

  /**
   * feedBytes of a line whose head was read elsewhere (LineHeads.read, in the importing thread
   * of a worker import): `used` is this parser's event of the name read (event()), the rest
   * what the head said.
   */
  feedPlanned(
    buf: Buffer,
    start: number,
    end: number,
    used: UsedEvent,
    argsFrom: number,
    tid: number,
    timeUs: number,
    lineNo: number,
    file = 0,
  ): EventProps[] {
    this.stats.lines++;
    if (!this.lineArgs(used, buf, argsFrom, end, tid, timeUs, lineNo, file)) this.line(asciiText(buf, start, end), lineNo, file);
    return this.taken();
  }

  /**
   * feedPlanned of a line whose arguments were read elsewhere too (by the same matcher:
   * `values` is what its matchBytes gave).
   */
  feedRead(used: UsedEvent, values: ArgValue[], tid: number, timeUs: number, lineNo: number, file = 0): EventProps[] {
    this.stats.lines++;
    this.record(used, values, tid, timeUs, lineNo, file);
    return this.taken();
  }

  /** This parser's trace event of that name (for feedPlanned; counted as used from its first line). */
  event(name: string): UsedEvent | undefined {
    return this.heads.named(name);
  }

  private taken(): EventProps[] {
    const out = this.mapper.take();
    if (out.length === 0) return NONE;
    this.stats.events += out.length;
    return out;
  }

  /** Ends the input: lines still waiting for their thread's next line are decided. */
  end(): EventProps[] {
    const out = this.mapper.end();
    this.stats.events += out.length;
    this.stats.configWidthsInferred = this.mapper.stats.configWidthsInferred;
    this.stats.unplacedAccesses = this.mapper.stats.unplacedAccesses;
    for (const u of this.heads.found) this.stats.byEvent.set(u.decl.name, u.lines);
    return out;
  }

  /** The position of the last line fed, for settle(). */
  get position(): number {
    return this.mapper.position;
  }

  /** Decides lines still pending from before `position` (TraceEventMapper.settle: live recording only). */
  settle(position: number): EventProps[] {
    const out = this.mapper.settle(position);
    this.stats.events += out.length;
    return out;
  }

  /** The devices attached so far, in order. */
  get devices(): readonly TracedDevice[] {
    return this.mapper.topology.attachedOrder;
  }

  private problem(file: number, line: number, reason: string): void {
    const err = new InputLineError(this.opts.files[file] ?? `input ${file}`, line, reason);
    if (this.opts.strict) throw err;
    this.stats.skipped++;
    if (this.stats.problems.length < MAX_PROBLEMS) this.stats.problems.push(err);
  }

  private badPrefix(text: string, lineNo: number, file: number): void {
    this.stats.traceLines++;
    this.problem(file, lineNo, `'${text.slice(0, 40)}' is cut off or malformed: expected TID@SECONDS.MICROSECONDS:EVENT ARGS`);
  }

  private line(text: string, lineNo: number, file: number): void {
    let tid = -1;
    let timeUs = -1;
    let nameStart = 0;
    const c = text.charCodeAt(0);
    if (c >= 48 && c <= 57) {
      // TID@SECONDS.MICROSECONDS: — "TID@SECONDS." repeats from line to line, so it is parsed once.
      let dot: number;
      if (this.prefix !== "" && text.startsWith(this.prefix)) {
        dot = this.prefix.length - 1;
      } else {
        const at = digitsEnd(text, 0);
        if (text.charCodeAt(at) !== 64 /* @ */) {
          this.stats.otherLines++;
          return;
        }
        dot = digitsEnd(text, at + 1);
        if (dot === at + 1 || text.charCodeAt(dot) !== 46 /* . */) return this.badPrefix(text, lineNo, file);
        this.prefix = text.slice(0, dot + 1);
        this.prefixTid = decimal(text, 0, at);
        this.prefixUs = decimal(text, at + 1, dot) * 1e6;
      }
      const colon = digitsEnd(text, dot + 1);
      if (colon === dot + 1 || text.charCodeAt(colon) !== 58 /* : */ || colon + 1 === text.length)
        return this.badPrefix(text, lineNo, file);
      tid = this.prefixTid;
      timeUs = this.prefixUs + decimal(text, dot + 1, colon);
      nameStart = colon + 1;
    }
    let p = text.indexOf(" ", nameStart);
    if (p < 0) p = text.length;
    const used = this.heads.inText(text, nameStart, p);
    if (used === undefined) {
      if (tid < 0) {
        this.stats.otherLines++;
        return;
      }
      this.stats.traceLines++;
      const name = text.slice(nameStart, p);
      const what =
        name === ""
          ? `'${text.slice(nameStart, nameStart + 40)}' is not a trace event name`
          : `'${name}' is not a trace event of ${this.opts.catalog.path}`;
      this.problem(file, lineNo, `${what} (a log from another QEMU needs that QEMU's trace-events-all: --trace-events PATH)`);
      return;
    }
    const decl = used.decl;
    const matcher = used.matcher;
    const from = p < text.length ? p + 1 : text.length;
    this.stats.traceLines++;
    used.lines++;
    const thread = this.thread(tid);
    const timeNs = this.time(timeUs);
    if (matcher instanceof UnreadableFormat) {
      this.stats.unreadable++;
      this.mapper.map({ decl, kinds: undefined, values: [text.slice(from)], thread, timeNs, file, line: lineNo });
      return;
    }
    const values = matcher.match(text, from);
    if (values === undefined) {
      const rest = text.slice(from);
      const shown = rest.length > 80 ? `${rest.slice(0, 80)}…` : rest;
      this.problem(
        file,
        lineNo,
        `${decl.name}: '${shown}' does not match its format "${decl.format}" (${this.opts.catalog.path}:${decl.line})`,
      );
      return;
    }
    this.mapper.map({ decl, kinds: matcher.kinds, values, thread, timeNs, file, line: lineNo });
  }

  /**
   * The byte reading of a line (feedBytes): true when it read a trace line whose arguments
   * match; anything else (other output, a malformed line, an unreadable format) it leaves,
   * untouched, to line(), which says what it is.
   */
  private lineBytes(buf: Buffer, start: number, end: number, lineNo: number, file: number): boolean {
    const heads = this.heads;
    const used = heads.read(buf, start, end);
    return used !== undefined && this.lineArgs(used, buf, heads.argsFrom, end, heads.tid, heads.timeUs, lineNo, file);
  }

  /** The rest of lineBytes, once the head is read. */
  private lineArgs(
    used: UsedEvent,
    buf: Buffer,
    argsFrom: number,
    end: number,
    tid: number,
    timeUs: number,
    lineNo: number,
    file: number,
  ): boolean {
    if (used.matcher instanceof UnreadableFormat) return false;
    const values = used.matcher.matchBytes(buf, argsFrom, end);
    if (values === undefined) return false;
    this.record(used, values, tid, timeUs, lineNo, file);
    return true;
  }

  /** Maps a trace line whose arguments matched its format. */
  private record(used: UsedEvent, values: ArgValue[], tid: number, timeUs: number, lineNo: number, file: number): void {
    this.stats.traceLines++;
    used.lines++;
    const thread = this.thread(tid);
    const timeNs = this.time(timeUs);
    this.mapper.map({ decl: used.decl, kinds: (used.matcher as Matcher).kinds, values, thread, timeNs, file, line: lineNo });
  }

  /** The stable id of thread `tid` (0: the log has no thread ids). */
  private thread(tid: number): number {
    return tid < 0 ? 0 : this.threadId(tid);
  }

  /** A line's time (-1: none) in ns from the first timestamped trace line. */
  private time(timeUs: number): number | undefined {
    if (timeUs < 0) return undefined;
    if (this.firstUs < 0) this.firstUs = timeUs;
    return timeUs > this.firstUs ? (timeUs - this.firstUs) * 1000 : 0;
  }

  private threadId(tid: number): number {
    if (tid === this.lastTid) return this.lastThread;
    let id = this.threads.get(tid);
    if (id === undefined) {
      id = this.threads.size + 1;
      this.threads.set(tid, id);
    }
    this.lastTid = tid;
    this.lastThread = id;
    return id;
  }
}

/** Parses whole texts (tests, small files), one per input. Strict mode throws the first InputLineError. */
export function parseQemuTraceText(
  texts: string | readonly string[],
  opts: Omit<QemuTraceParseOptions, "files"> & { files?: readonly string[] },
): { events: EventProps[]; stats: QemuTraceParseStats; devices: readonly TracedDevice[] } {
  const list = typeof texts === "string" ? [texts] : texts;
  const p = new QemuTraceParser({ ...opts, files: opts.files ?? list.map((_, i) => `input${i}`) });
  const events = p.start();
  list.forEach((text, file) => {
    const lines = text.split(/\r?\n/);
    if (lines[lines.length - 1] === "") lines.pop();
    lines.forEach((l, i) => {
      for (const ev of p.feed(l, i + 1, file)) events.push(ev);
    });
  });
  for (const ev of p.end()) events.push(ev);
  return { events, stats: p.stats, devices: p.devices };
}
