// Records a live qtest session as devtape events, as it happens.
//
// The recorder wraps a QtestClient and offers the same typed operations (it is a
// QtestCommands), so a driver runs through it unchanged; it records every exchange of
// the client, including those sent on the client directly. Every exchange becomes events
// by the same rules the log importer uses (io/qtest/to-events.ts): port I/O → pio,
// readX/writeX → mmio, or memory when the access lies in guest RAM, read/write/b64*/
// memset → memory, IRQ lines → interrupts of the device wired to the line. What the log
// cannot hold the driver adds itself: barrier(kind, flavour) where it orders its stores
// and loads, and marker(text) to label phases. The session opens with the topology
// (machine, then each device's attach).
//
// Time is host time in nanoseconds since the recorder started (QEMU's virtual clock is
// not readable without -accel qtest). An IRQ line that arrives while a command is
// outstanding is placed after the command's event when the command could have caused it
// (a register access) and before it otherwise (a RAM access cannot), which is where
// QEMU's own log places it.
import { type IrqNotice, type QtestCommand, type QtestReply, formatCommand } from "../../io/qtest/protocol.js";
import { DRIVER, QtestEventMapper } from "../../io/qtest/to-events.js";
import { type QtestTopology, topologyEvents } from "../../io/qtest/topology.js";
import { BarrierFlavour, BarrierKind, type EventProps } from "../../schema/proto.js";
import { eventProblem } from "../../schema/validate-event.js";
import type { Exchange, QtestClient } from "./client.js";
import { QtestCommands } from "./commands.js";

export type BarrierKindName = "full" | "read" | "write";
export type BarrierFlavourName = "mandatory" | "smp" | "dma";

const KIND: Record<BarrierKindName, number> = {
  full: BarrierKind.BARRIER_KIND_FULL,
  read: BarrierKind.BARRIER_KIND_READ,
  write: BarrierKind.BARRIER_KIND_WRITE,
};
const FLAVOUR: Record<BarrierFlavourName, number> = {
  mandatory: BarrierFlavour.BARRIER_FLAVOUR_MANDATORY,
  smp: BarrierFlavour.BARRIER_FLAVOUR_SMP,
  dma: BarrierFlavour.BARRIER_FLAVOUR_DMA,
};

export interface RecorderOptions {
  /** Receives each event as it is recorded (e.g. to append it to a store). */
  onEvent?: (ev: EventProps) => void;
  /** Keep the events in `events` (default true). */
  keep?: boolean;
}

export class QtestRecorder extends QtestCommands {
  /** The events so far, in order (unless `keep` was false). */
  readonly events: EventProps[] = [];
  readonly mapper: QtestEventMapper;
  private readonly startNs: bigint;
  private count = 0;
  private readonly keep: boolean;
  private readonly onEvent: ((ev: EventProps) => void) | undefined;

  constructor(
    readonly client: QtestClient,
    readonly topology: QtestTopology,
    opts: RecorderOptions = {},
  ) {
    super();
    this.mapper = new QtestEventMapper(topology);
    this.keep = opts.keep ?? true;
    this.onEvent = opts.onEvent;
    this.startNs = process.hrtime.bigint();
    for (const ev of topologyEvents(topology)) this.emit(ev, this.startNs);
    // Both hooks run synchronously as QEMU's lines are read, so events keep the order of
    // QEMU's output even when a reply and an IRQ line arrive in the same read.
    client.onIrq = (irq, atNs) => this.emitIrq(irq, atNs);
    client.onExchange = (ex) => this.record(ex);
  }

  /** Number of events recorded. */
  get eventCount(): number {
    return this.count;
  }

  /** Sends through the client; the exchange is recorded as the reply is read. */
  override async send(cmd: QtestCommand): Promise<QtestReply> {
    return (await this.client.exchange(cmd)).reply;
  }

  /** The driver orders its memory accesses here (smp_wmb before publishing avail idx, …). */
  barrier(kind: BarrierKindName, flavour: BarrierFlavourName): void {
    this.emit({ agent: DRIVER, barrier: { kind: KIND[kind], flavour: FLAVOUR[flavour] } });
  }

  /** A label in the session (a phase of the driver, a request starting). */
  marker(text: string): void {
    this.emit({ agent: DRIVER, marker: { text } });
  }

  /** Waits for an interrupt line without sending anything (see QtestClient.waitForIrq). */
  waitForIrq(line: number, level = true, timeoutMs = 5000): Promise<void> {
    return this.client.waitForIrq(line, level, timeoutMs);
  }

  private record(ex: Exchange): void {
    const before = this.mapper.cannotRaiseIrq(ex.command);
    const irqs = ex.irqs.filter((i) => !this.mapper.echoesCommand(ex.command, i.irq));
    if (before) for (const i of irqs) this.emitIrq(i.irq, i.atNs < ex.sentNs ? i.atNs : ex.sentNs);
    let r;
    try {
      r = this.mapper.commandEvents(ex.command, ex.reply);
    } catch (e) {
      throw new Error(
        `QEMU's reply '${ex.reply.text}' to '${formatCommand(ex.command)}' does not fit the command: ${(e as Error).message}`,
      );
    }
    for (const ev of r.events) this.emit(ev, ex.sentNs);
    if (!before) for (const i of irqs) this.emitIrq(i.irq, i.atNs);
  }

  private emitIrq(irq: IrqNotice, atNs: bigint): void {
    this.emit(this.mapper.irqEvent(irq), atNs);
  }

  private emit(ev: EventProps, atNs: bigint = process.hrtime.bigint()): void {
    ev.timeNs = Number(atNs - this.startNs);
    const why = eventProblem(ev);
    if (why) throw new Error(`recorder: an event it built is invalid (${why}); this is a bug in devtape`);
    this.count++;
    if (this.keep) this.events.push(ev);
    this.onEvent?.(ev);
  }
}
