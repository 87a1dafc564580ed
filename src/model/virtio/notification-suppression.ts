// Notification suppression on a split virtqueue (virtio 1.x §2.7.7 and §2.7.10, 0.9.5's
// VRING_AVAIL_F_NO_INTERRUPT / VRING_USED_F_NO_NOTIFY and VIRTIO_RING_F_EVENT_IDX), as QEMU 7.2's
// virtio core does it (hw/virtio/virtio.c).
//
// Device → driver: used-buffer notifications (interrupts). virtio_split_should_notify lets a
// notification through unless, without EVENT_IDX, avail.flags has NO_INTERRUPT, or, with it,
// vring_need_event(used_event, new used.idx, used.idx at its last check) is false; the first
// check after a reset always passes (signalled_used_valid is false). QEMU's virtio-blk and
// virtio-scsi check after every completion (virtqueue_push, then virtio_notify), so with
// EVENT_IDX exactly the completion that makes used.idx = used_event + 1 notifies. Completion
// is asynchronous and the driver changes used_event under it, so the model keeps the
// completions at which a notification may have gone out, numbered from 1 since the reset: each
// stretch between two driver stores into avail.flags or used_event (an epoch) contributes the
// completions that may fall into it — from the first one not yet seen when it began to the last
// request popped when it ended — that the value then in memory lets through: one (used_event +
// 1), all (flags without NO_INTERRUPT; a value the capture does not show), or none. An interrupt
// takes the earliest such completion not already taken (greedy is exact here: a completion that
// could explain an interrupt can explain any later one); when no completion can, the interrupt
// is one the device could not have sent. An acknowledgement that lowers the INTx line ends the
// chances of the completions the driver had already seen: their notification came before it.
// The candidates are a few [lo, hi] pairs in a flat array, merged when they touch.
//
// Driver → device: available-buffer notifications. With EVENT_IDX QEMU writes avail_event (the
// u16 after the used ring's elements) when it pops: virtqueue_split_pop stores last_avail_idx
// after each pop while the queue's notifications are on (virtio-scsi's control queue); the
// request queues of virtio-blk and virtio-scsi switch them off around their pops
// (virtio_queue_set_notification 0, then 1), and only the switch back stores: the avail.idx it
// then reads. Without EVENT_IDX those request queues set VRING_USED_F_NO_NOTIFY in used.flags
// while their handler runs and clear it after; with it, QEMU never writes used.flags. The model
// pops on the notify, so it predicts the value at once; since the device may not have run yet (a
// virtio-pci notify goes through an ioeventfd, served later), what was there before stays
// possible — and for a queue popping one by one every value in between — until a completion of
// a request the notify made available (or the device's own store, in a capture that shows DMA)
// shows the handler ran. A value outside that set, read by the driver or written by the device,
// is a divergence; a value the capture cannot know is learned. While the handler may still run,
// the driver may leave a notify out (avail_event has not moved yet) and the handler's loop takes
// the new entries all the same: they count as completions the device may reach, and the queue
// pops them once the device shows it has (SplitVirtqueue.catchUp).
import type { StateReader, StateWriter } from "../codec/state-codec.js";
import type { GuestMemory } from "../guest-memory.js";
import { hex, type Reporter } from "../machine/report.js";

export const VRING_AVAIL_F_NO_INTERRUPT = 1;
export const VRING_USED_F_NO_NOTIFY = 1;

/** vring_need_event: whether moving an index from `old` to `next` passes `event` (all u16). */
export function vringNeedEvent(event: number, next: number, old: number): boolean {
  return ((next - event - 1) & 0xffff) < ((next - old) & 0xffff);
}

/** How the device's handler meets a notify of this queue, where the model knows (QEMU 7.2). */
export const Handler = {
  /** Not modelled (another device type, or virtio-scsi's event queue, which pops only to report): nothing is predicted. */
  UNKNOWN: 0,
  /** virtio-blk and virtio-scsi request queues: notifications off around the pops, one store when switched back on. */
  SUPPRESSING: 1,
  /** virtio-scsi's control queue: virtqueue_pop in a loop with notifications on, a store per pop. */
  PER_POP: 2,
} as const;
export type Handler = (typeof Handler)[keyof typeof Handler];

/** The negotiated features that decide notification suppression (bits of feature word 0). */
export interface SuppressionMode {
  eventIdx: boolean;
  notifyOnEmpty: boolean;
}

/** What the notification logic needs of its queue (SplitVirtqueue has all of it). */
export interface QueueView {
  readonly index: number;
  readonly size: number;
  readonly avail: number;
  readonly used: number;
  readonly usedIdx: number;
  readonly completed: number;
  readonly popped: number;
  readonly lastAvail: number;
  readonly unidentified: number;
  readonly inflight: readonly unknown[];
  readonly lost: boolean;
}

const NOT_WRITTEN = -1;
const UNKNOWN = -2;
/** Candidate pairs kept before the oldest two are merged (their hull allows more, never less). */
const MAX_PAIRS = 16;

export class QueueNotifications {
  // ---- used-buffer notifications ----
  /** [lo, hi] pairs of completion numbers (1 = the first since reset) that may have notified, sorted. */
  signals: number[] = [];
  /** Completions up to this number can no longer explain an interrupt (taken by one, or acknowledged). */
  floor = 0;
  /** The first completion the current epoch (the value now in avail.flags / used_event) may see. */
  epochFrom = 1;

  // ---- available-buffer notifications ----
  /** avail_event as the device last stored it; NOT_WRITTEN: not since reset (memory holds the driver's); UNKNOWN. */
  availEvent = NOT_WRITTEN;
  /** While busy: the value before the notify the device may not have handled yet (UNKNOWN: any). */
  availEventBefore = UNKNOWN;
  /** While busy: the lowest value the handler may have stored on its way. */
  availEventLow = 0;
  /** The handler may not have run for some notify until `completed` reaches this (0: not busy). */
  busyUntil = 0;
  /** The device has handled a notify since reset (used.flags' NO_NOTIFY has been cleared). */
  handled = false;

  reset(): void {
    if (this.signals.length !== 0) this.signals = [];
    this.floor = 0;
    this.epochFrom = 1;
    this.availEvent = NOT_WRITTEN;
    this.availEventBefore = UNKNOWN;
    this.availEventLow = 0;
    this.busyUntil = 0;
    this.handled = false;
  }

  /**
   * The highest completion number the device may have reached: the seen ones, those in
   * flight, and `unnotified` more it may have popped without a notify (SplitVirtqueue.catchUp).
   */
  private static reach(q: QueueView, unnotified: number): number {
    return q.completed + q.inflight.length - q.unidentified + unnotified;
  }

  /** used.idx after completion number `n` (u16). */
  private static usedIdxAt(q: QueueView, n: number): number {
    return (q.usedIdx + n - q.completed) & 0xffff;
  }

  /**
   * The completions of [from, to] whose notification the value now in memory lets through,
   * as up to two [lo, hi] pairs in `out`; returns how many.
   */
  private static lets(q: QueueView, memory: GuestMemory, mode: SuppressionMode, from: number, to: number, out: number[]): number {
    if (from > to) return 0;
    out[0] = from;
    out[1] = to;
    if (mode.notifyOnEmpty) return 1; // any completion that drains the queue notifies
    if (!mode.eventIdx) {
      const flags = memory.readUint(q.avail, 2);
      return flags !== undefined && flags & VRING_AVAIL_F_NO_INTERRUPT ? 0 : 1;
    }
    const event = memory.readUint(q.avail + 4 + 2 * q.size, 2);
    if (event === undefined) return 1;
    // The completion that makes used.idx = used_event + 1; the first one after reset notifies too.
    const n = from + ((event + 1 - QueueNotifications.usedIdxAt(q, from)) & 0xffff);
    let pairs = 0;
    if (from === 1) {
      out[0] = out[1] = 1;
      pairs = 1;
    }
    if (n <= to && !(pairs === 1 && n === 1)) {
      out[2 * pairs] = out[2 * pairs + 1] = n;
      pairs++;
    }
    return pairs;
  }

  private readonly scratch = [0, 0, 0, 0];

  /** Adds [lo, hi] to the candidates (sorted, merged with a neighbour it touches). */
  private add(lo: number, hi: number): void {
    if (hi <= this.floor) return;
    const s = this.signals;
    const last = s.length - 2;
    if (last >= 0 && lo <= (s[last + 1] as number) + 1 && lo >= (s[last] as number)) {
      s[last + 1] = Math.max(s[last + 1] as number, hi);
      return;
    }
    let at = s.length;
    while (at >= 2 && (s[at - 2] as number) > lo) at -= 2;
    s.splice(at, 0, lo, hi);
    if (s.length > 2 * MAX_PAIRS) s.splice(0, 4, s[0] as number, Math.max(s[1] as number, s[3] as number));
  }

  /** The driver is about to store into avail.flags or used_event: the current epoch ends. */
  endEpoch(q: QueueView, memory: GuestMemory, mode: SuppressionMode, unnotified: number): void {
    const c = this.scratch;
    const pairs = QueueNotifications.lets(q, memory, mode, this.epochFrom, QueueNotifications.reach(q, unnotified), c);
    for (let i = 0; i < pairs; i++) this.add(c[2 * i] as number, c[2 * i + 1] as number);
    this.epochFrom = q.completed + 1;
  }

  /** The earliest completion that can explain an interrupt now, or 0 when none can. */
  earliest(q: QueueView, memory: GuestMemory, mode: SuppressionMode, unnotified: number): number {
    let best = 0;
    const s = this.signals;
    for (let i = 0; i < s.length; i += 2) {
      const lo = Math.max(s[i] as number, this.floor + 1);
      if (lo <= (s[i + 1] as number)) {
        best = lo;
        break;
      }
    }
    const c = this.scratch;
    const pairs = QueueNotifications.lets(q, memory, mode, this.epochFrom, QueueNotifications.reach(q, unnotified), c);
    for (let i = 0; i < pairs; i++) {
      const lo = Math.max(c[2 * i] as number, this.floor + 1);
      if (lo <= (c[2 * i + 1] as number) && (best === 0 || lo < best)) best = lo;
    }
    return best;
  }

  /** An interrupt is explained by completion `n`: it and every one before it are used up. */
  take(n: number): void {
    this.raiseFloor(n);
  }

  /** The INTx line was lowered: completions the driver has seen can no longer raise it. */
  acknowledged(q: QueueView): void {
    this.raiseFloor(q.completed);
  }

  private raiseFloor(n: number): void {
    if (n <= this.floor) return;
    this.floor = n;
    const s = this.signals;
    let drop = 0;
    while (drop < s.length && (s[drop + 1] as number) <= n) drop += 2;
    if (drop > 0) s.splice(0, drop);
  }

  /** Why no completion can explain an interrupt (for the divergence). */
  explain(q: QueueView, memory: GuestMemory, mode: SuppressionMode): string {
    const reach = QueueNotifications.reach(q, 0);
    const range =
      reach <= this.floor
        ? `no completion since the last one accounted for (used.idx ${QueueNotifications.usedIdxAt(q, this.floor)})`
        : `completions may take used.idx to ${QueueNotifications.usedIdxAt(q, this.floor + 1)}…${QueueNotifications.usedIdxAt(q, reach)}`;
    let rule: string;
    if (mode.eventIdx) {
      const event = memory.readUint(q.avail + 4 + 2 * q.size, 2);
      rule = `used_event ${event ?? "?"} asks for a notification only when used.idx reaches ${event === undefined ? "?" : (event + 1) & 0xffff}`;
    } else {
      const flags = memory.readUint(q.avail, 2);
      rule = `avail.flags ${flags === undefined ? "?" : hex(flags)}${flags !== undefined && flags & 1 ? " (NO_INTERRUPT)" : ""}`;
    }
    return `queue ${q.index}: ${rule}; ${range}`;
  }

  // ---- available-buffer notifications ----

  /** The device's handler may still be running for a notify (no completion has shown it ran). */
  mayBeHandling(q: QueueView): boolean {
    return this.busyUntil !== 0 && q.completed < this.busyUntil;
  }

  /**
   * The model handled a notify as the device will (pops done): what the handler stores.
   * `poppedBefore` / `lastAvailBefore`: the queue's pop count and position before it.
   */
  notified(
    q: QueueView,
    memory: GuestMemory,
    handler: Handler,
    mode: SuppressionMode,
    poppedBefore: number,
    lastAvailBefore: number,
  ): void {
    if (handler === Handler.UNKNOWN) return;
    const popped = q.popped - poppedBefore;
    if (handler === Handler.PER_POP && popped === 0) return; // nothing popped, nothing stored
    if (!this.mayBeHandling(q)) {
      this.availEventBefore = this.availEventNow(q, memory);
      this.availEventLow = handler === Handler.PER_POP ? (lastAvailBefore + 1) & 0xffff : q.lastAvail;
    }
    this.busyUntil = poppedBefore + 1;
    this.handled = true;
    if (!mode.eventIdx) return;
    this.availEvent = q.lost ? UNKNOWN : q.lastAvail;
  }

  /** The avail_event the device's stores leave now, as far as the model knows (undefined: unknown, or not modelled for `handler`). */
  predictedAvailEvent(q: QueueView, memory: GuestMemory, handler: Handler): number | undefined {
    if (handler === Handler.UNKNOWN || q.lost) return undefined;
    const v = this.availEventNow(q, memory);
    return v === UNKNOWN ? undefined : v;
  }

  /** The avail_event the device's stores leave, when the model knows it (UNKNOWN otherwise). */
  private availEventNow(q: QueueView, memory: GuestMemory): number {
    if (this.availEvent !== NOT_WRITTEN) return this.availEvent;
    return memory.readUint(q.used + 4 + 8 * q.size, 2) ?? UNKNOWN;
  }

  /** avail_event read by the driver or written by the device (`v`, u16). */
  observeAvailEvent(r: Reporter, device: string, q: QueueView, memory: GuestMemory, handler: Handler, v: number, byDevice: boolean): void {
    if (handler === Handler.UNKNOWN || q.lost) return;
    const busy = this.mayBeHandling(q);
    const want = this.availEventNow(q, memory);
    if (want === UNKNOWN || v === want) {
      if (byDevice && v === want) this.busyUntil = 0;
      return;
    }
    if (busy) {
      const from = this.availEventBefore;
      if (from === UNKNOWN || v === from || ((v - this.availEventLow) & 0xffff) <= ((want - this.availEventLow) & 0xffff)) return;
    }
    const what = `queue ${q.index} avail_event${byDevice ? " (device write)" : ""}`;
    const why =
      this.availEvent === NOT_WRITTEN
        ? "what the driver left there: the device has not stored it since reset"
        : "the device's last_avail_idx after its pops";
    const allowed = busy
      ? `${want} (${why}), or before the device ran ${this.availEventBefore}${this.availEventLow !== want ? ` or ${this.availEventLow}…${want}` : ""}`
      : `${want} (${why})`;
    r.diverge(device, what, String(v), allowed);
  }

  /** used.flags read by the driver or written by the device (`v`, u16). */
  observeUsedFlags(
    r: Reporter,
    device: string,
    q: QueueView,
    memory: GuestMemory,
    handler: Handler,
    mode: SuppressionMode,
    v: number,
    byDevice: boolean,
  ): void {
    if (handler === Handler.UNKNOWN || q.lost) return;
    const m = memory.readUint(q.used, 2);
    if (m === undefined || v === m) return;
    const busy = this.mayBeHandling(q);
    // Only a suppressing handler without EVENT_IDX touches the flags: NO_NOTIFY set while it runs, cleared after.
    const toggles = handler === Handler.SUPPRESSING && !mode.eventIdx;
    if (
      toggles &&
      (busy
        ? v === (m | VRING_USED_F_NO_NOTIFY) || v === (m & ~VRING_USED_F_NO_NOTIFY)
        : this.handled && v === (m & ~VRING_USED_F_NO_NOTIFY))
    )
      return;
    const allowed = !toggles
      ? `${hex(m)}: ${mode.eventIdx ? "with VIRTIO_RING_F_EVENT_IDX the device leaves used.flags alone" : "this queue's handler leaves used.flags alone"}`
      : busy
        ? `${hex(m & ~1)} or ${hex(m | 1)} (VRING_USED_F_NO_NOTIFY while the device handles the notify)`
        : `${hex(this.handled ? m & ~1 : m)}${this.handled ? " (VRING_USED_F_NO_NOTIFY is cleared once the device has handled a notify)" : ""}`;
    r.diverge(device, `queue ${q.index} used.flags${byDevice ? " (device write)" : ""}`, hex(v), allowed);
  }

  encode(w: StateWriter): void {
    w.u32(this.signals.length);
    for (const n of this.signals) w.num(n);
    w.num(this.floor).num(this.epochFrom);
    w.num(this.availEvent + 2)
      .num(this.availEventBefore + 2)
      .num(this.availEventLow)
      .num(this.busyUntil)
      .bool(this.handled);
  }

  static decode(r: StateReader): QueueNotifications {
    const s = new QueueNotifications();
    const n = r.u32();
    for (let i = 0; i < n; i++) s.signals.push(r.num());
    s.floor = r.num();
    s.epochFrom = r.num();
    s.availEvent = r.num() - 2;
    s.availEventBefore = r.num() - 2;
    s.availEventLow = r.num();
    s.busyUntil = r.num();
    s.handled = r.bool();
    return s;
  }
}
