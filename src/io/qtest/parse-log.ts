// Reads a qtest log, script or conversation line by line and pairs each command with its
// reply, turning them into devtape events as they complete.
//
// Accepted input, mixed freely: QEMU's -qtest-log (`[R +T] cmd` what QEMU received,
// `[S +T] OK …` / `[S +T] IRQ raise N` what it sent, `[I T] OPENED|CLOSED`), the fuzzer's
// `[DMA] [R +T] write …` fills (issued from inside the command being processed, so they
// nest: their reply comes first and their events go before the command's, as QEMU's
// reorder_fuzzer_qtest_trace.py places them), plain scripts of one command per line (as
// in bug reports and fuzzer reproducers; `#` lines are comments), and pasted stdio
// conversations where bare `OK …` / `IRQ …` lines follow bare commands.
//
// A logged command ([R]) waits for its reply; a bare command takes the next line if it is
// a bare reply and otherwise has none. A read without a reply (a script, or a log cut
// short because QEMU crashed on it) keeps register reads with value 0 and leaves memory
// reads out; both are counted. Every event carries {file, line} of the line it came from,
// and the log's timestamp as time_ns when there is one.
import type { EventProps } from "../../schema/proto.js";
import { eventProblem } from "../../schema/validate-event.js";
import { InputLineError } from "../jsonl.js";
import { classifyLine, type QtestCommand, type QtestReply, QtestSyntaxError, parseCommand } from "./protocol.js";
import { QtestEventMapper } from "./to-events.js";
import { type QtestTopology, topologyEvents } from "./topology.js";

export interface QtestParseOptions {
  /** The input's name in error messages. */
  file: string;
  /** Index of the input in the session's input list (Event.source.file). */
  fileIndex?: number;
  topology: QtestTopology;
  /** Stop at the first malformed line (throw); otherwise skip it and count it. */
  strict?: boolean;
}

export interface QtestParseStats {
  lines: number;
  commands: number;
  events: number;
  /** Malformed lines skipped (non-strict mode). */
  skipped: number;
  /** The first problems found (at most 20 kept), as file:line: reason. */
  problems: InputLineError[];
  /** Commands QEMU answered with FAIL or ERR (they did nothing). */
  refused: number;
  /** Register reads kept with value 0 because no reply said what they read. */
  registerReadsWithoutReply: number;
  /** Memory reads left out because no reply held their data. */
  memoryReadsWithoutReply: number;
}

interface Pending {
  /** Undefined for a logged command that did not parse: it still takes its reply. */
  cmd: QtestCommand | undefined;
  text: string;
  line: number;
  timeNs?: number;
  logged: boolean;
  /** IRQ events QEMU sent while processing this command: they follow its events. */
  after: EventProps[];
}

const MAX_PROBLEMS = 20;

export class QtestLogParser {
  readonly stats: QtestParseStats = {
    lines: 0,
    commands: 0,
    events: 0,
    skipped: 0,
    problems: [],
    refused: 0,
    registerReadsWithoutReply: 0,
    memoryReadsWithoutReply: 0,
  };
  private readonly mapper: QtestEventMapper;
  private readonly stack: Pending[] = [];
  private readonly fileIndex: number;

  constructor(private readonly opts: QtestParseOptions) {
    this.mapper = new QtestEventMapper(opts.topology);
    this.fileIndex = opts.fileIndex ?? 0;
  }

  /** The events every session starts with (machine, devices), from the topology. */
  start(): EventProps[] {
    const evs = topologyEvents(this.opts.topology);
    this.stats.events += evs.length;
    return evs;
  }

  /** Feeds line number `lineNo` (1-based); returns the events it completed. */
  feed(text: string, lineNo: number): EventProps[] {
    this.stats.lines++;
    const out: EventProps[] = [];
    try {
      this.step(text, lineNo, out);
    } catch (e) {
      if (!(e instanceof QtestSyntaxError)) throw e;
      this.problem(lineNo, e.message);
    }
    this.stats.events += out.length;
    return out;
  }

  /** Ends the input: commands still waiting for a reply complete without one. */
  end(): EventProps[] {
    const out: EventProps[] = [];
    while (this.stack.length > 0) this.complete(this.stack.pop() as Pending, undefined, out);
    this.stats.events += out.length;
    return out;
  }

  private problem(line: number, reason: string): void {
    const err = new InputLineError(this.opts.file, line, reason);
    if (this.opts.strict) throw err;
    this.stats.skipped++;
    if (this.stats.problems.length < MAX_PROBLEMS) this.stats.problems.push(err);
  }

  private source(line: number) {
    return { file: this.fileIndex, line };
  }

  private step(text: string, lineNo: number, out: EventProps[]): void {
    const l = classifyLine(text);
    switch (l.type) {
      case "empty":
      case "note":
        return;
      case "opened":
      case "closed":
        // A connection boundary: whatever still waits for a reply never gets one.
        while (this.stack.length > 0) this.complete(this.stack.pop() as Pending, undefined, out);
        return;
      case "command": {
        const top = this.stack[this.stack.length - 1];
        if (top && !top.logged) this.complete(this.stack.pop() as Pending, undefined, out);
        let cmd: QtestCommand | undefined;
        let bad: QtestSyntaxError | undefined;
        try {
          cmd = parseCommand(l.text);
        } catch (e) {
          if (!(e instanceof QtestSyntaxError) || !l.logged) throw e;
          bad = e; // keep its place so that its reply is not taken for another's
        }
        const waiting = this.stack[this.stack.length - 1];
        if (waiting && !l.dma) {
          // QEMU answers every command before it reads the next: the reply is missing.
          this.complete(this.stack.pop() as Pending, undefined, out);
          this.push(cmd, l.text, lineNo, l.timeNs, l.logged);
          throw bad ?? new QtestSyntaxError(`expected the reply to line ${waiting.line} ('${waiting.text}') before another command`);
        }
        this.push(cmd, l.text, lineNo, l.timeNs, l.logged);
        if (bad) throw bad;
        return;
      }
      case "reply": {
        const p = this.stack.pop();
        if (!p) throw new QtestSyntaxError(`'${l.reply.status}${l.reply.text ? ` ${l.reply.text}` : ""}' answers no command`);
        this.complete(p, l.reply, out, lineNo);
        return;
      }
      case "irq": {
        const ev: EventProps = { ...this.mapper.irqEvent(l.irq), source: this.source(lineNo) };
        if (l.timeNs !== undefined) ev.timeNs = l.timeNs;
        const p = this.stack[this.stack.length - 1];
        if (p?.cmd && this.mapper.echoesCommand(p.cmd, l.irq)) return;
        if (p && !(p.cmd && this.mapper.cannotRaiseIrq(p.cmd))) p.after.push(ev);
        else out.push(ev);
        return;
      }
    }
  }

  private push(cmd: QtestCommand | undefined, text: string, line: number, timeNs: number | undefined, logged: boolean): void {
    if (cmd) this.stats.commands++;
    const p: Pending = { cmd, text, line, logged, after: [] };
    if (timeNs !== undefined) p.timeNs = timeNs;
    this.stack.push(p);
  }

  private complete(p: Pending, reply: QtestReply | undefined, out: EventProps[], replyLine?: number): void {
    if (!p.cmd) {
      out.push(...p.after);
      return;
    }
    if (reply && reply.status !== "OK") this.stats.refused++;
    let r;
    try {
      r = this.mapper.commandEvents(p.cmd, reply);
    } catch (e) {
      if (!(e instanceof QtestSyntaxError)) throw e;
      out.push(...p.after);
      this.problem(replyLine ?? p.line, e.message);
      return;
    }
    if (r.readWithoutReply === "register") this.stats.registerReadsWithoutReply++;
    if (r.readWithoutReply === "memory") this.stats.memoryReadsWithoutReply++;
    for (const ev of r.events) {
      ev.source = this.source(p.line);
      if (p.timeNs !== undefined) ev.timeNs = p.timeNs;
      const why = eventProblem(ev);
      if (why) {
        this.problem(p.line, why);
        continue;
      }
      out.push(ev);
    }
    out.push(...p.after);
  }
}

/** Parses a whole text (tests, small files). Strict mode throws the first InputLineError. */
export function parseQtestText(text: string, opts: QtestParseOptions): { events: EventProps[]; stats: QtestParseStats } {
  const p = new QtestLogParser(opts);
  const events = p.start();
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  lines.forEach((l, i) => {
    events.push(...p.feed(l, i + 1));
  });
  events.push(...p.end());
  return { events, stats: p.stats };
}
