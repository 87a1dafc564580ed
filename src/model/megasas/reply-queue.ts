// The reply queue the INIT frame sets up, as QEMU's megasas_complete_frame fills it: on
// each completion the context goes into reply_queue[head] (32 bits, or 64 with the
// CONTEXT64 queue flag), and — only while interrupts are enabled — head advances (wrapping
// at the firmware's command count, not at the queue length the driver gave) and is
// stored at the producer address; the driver consumes entries up to the producer and
// stores its position at the consumer address.
//
// Completion is asynchronous, so the model never guesses when it happens. It keeps the
// device's head as the driver last read it and the completions that certainly advanced
// it since (frames QEMU answered inside the queue-port write while interrupts were on);
// a producer read may show any head from there up to one more per frame that may still
// complete. The new slots are "announced": each must hold the context of a frame that
// could have completed, and naming one tells the model that frame is done. A queue known
// only from QEMU's trace points (megasas_init_queue) has no known producer and consumer
// addresses: the trace shows where the queue is, not where its indexes live.
import type { StateReader, StateWriter } from "../codec/state-codec.js";

/**
 * Slot → the context the driver read there. The driver reads and invalidates every entry of
 * every batch; a Map whose entries were deleted each time would shrink and grow again at
 * each batch, so an entry is emptied instead, and the emptied ones are swept out only when
 * they outnumber the live ones by far.
 */
export class NamedSlots {
  private m = new Map<number, number | undefined>();
  private live = 0;

  get(slot: number): number | undefined {
    return this.m.get(slot);
  }

  set(slot: number, context: number): void {
    if (this.m.get(slot) === undefined) this.live++;
    this.m.set(slot, context);
  }

  delete(slot: number): void {
    if (this.m.get(slot) === undefined) return;
    this.m.set(slot, undefined);
    this.live--;
    if (this.m.size > 4096 && this.m.size > 4 * this.live) {
      for (const [s, c] of this.m) if (c === undefined) this.m.delete(s);
    }
  }

  /** The slots read, ascending, with their contexts. */
  sorted(): [number, number][] {
    const out: [number, number][] = [];
    for (const [s, c] of this.m) if (c !== undefined) out.push([s, c]);
    return out.sort((a, b) => a[0] - b[0]);
  }
}

/** Takes out the element at `i`, keeping the order of the rest (splice without the array it returns). */
export function removeAt(a: number[], i: number): void {
  for (let j = i + 1; j < a.length; j++) a[j - 1] = a[j] as number;
  a.pop();
}

export class ReplyQueue {
  /** The device's head as last seen (a producer read) or set (INIT); undefined when not known. */
  head: number | undefined;
  /** The consumer index as the driver last stored it. */
  consumer: number | undefined;
  /** The last producer value the driver read. */
  producerSeen: number | undefined;
  /** Completions that certainly advanced head since the last producer read. */
  certainSinceRead = 0;
  /** Slots a producer read announced whose entry has not been read yet. */
  unnamed: number[] = [];
  /** Slots whose entry was read: the context the device stored there. */
  named = new NamedSlots();
  /** Producer advances seen in total. */
  advances = 0;

  constructor(
    /** Guest addresses of the queue, the producer index and the consumer index (undefined: not known). */
    readonly base: number,
    readonly producerAddr: number | undefined,
    readonly consumerAddr: number | undefined,
    /** rq_entries as the driver gave it. */
    readonly entries: number,
    /** 8-byte entries (MFI_QUEUE_FLAG_CONTEXT64) or 4-byte ones. */
    readonly entrySize: 4 | 8,
    /** Where QEMU wraps head: the firmware's command count, when known. */
    public wrap: number | undefined,
  ) {}

  /** Bytes of guest memory QEMU may write entries into. */
  get span(): number {
    return this.entrySize * Math.max(this.entries, this.wrap ?? this.entries, 1);
  }

  /** The slot of an entry address, or undefined when `addr` is not the start of one. */
  slotAt(addr: number): number | undefined {
    const rel = addr - this.base;
    if (rel < 0 || rel >= this.span || rel % this.entrySize !== 0) return undefined;
    return rel / this.entrySize;
  }

  /** Forward distance from a to b on the ring. */
  distance(a: number, b: number): number {
    return this.wrap === undefined ? b - a : (((b - a) % this.wrap) + this.wrap) % this.wrap;
  }

  /** head + n on the ring. */
  advance(from: number, n: number): number {
    return this.wrap === undefined ? from + n : (from + n) % this.wrap;
  }

  /**
   * A producer value the driver read. `pending` frames may still complete with an advance
   * (the certain ones included). Returns the new slots, or a description of what the device
   * could have shown when the value is impossible.
   */
  observeProducer(v: number, pending: number): { slots: number[]; impossible?: string } {
    this.producerSeen = v;
    if (this.head === undefined) {
      this.head = v;
      this.certainSinceRead = 0;
      return { slots: [] };
    }
    const adv = this.distance(this.head, v);
    const most = pending - this.unnamed.length;
    let impossible: string | undefined;
    if (adv < this.certainSinceRead || adv > most) {
      const lo = this.advance(this.head, this.certainSinceRead);
      const hi = this.advance(this.head, Math.max(most, this.certainSinceRead));
      impossible =
        lo === hi
          ? `${lo} (${this.certainSinceRead} completion(s) since the last read, none other possible)`
          : `${lo}…${hi} (${this.certainSinceRead} certain completion(s), ${Math.max(0, most - this.certainSinceRead)} more possible)`;
    }
    const slots: number[] = [];
    for (let i = 0; i < adv; i++) slots.push(this.advance(this.head, i));
    for (const s of slots) {
      this.named.delete(s);
      if (!this.unnamed.includes(s)) this.unnamed.push(s);
    }
    this.advances += adv;
    this.head = v;
    this.certainSinceRead = 0;
    return impossible === undefined ? { slots } : { slots, impossible };
  }

  encode(w: StateWriter): void {
    w.num(this.base).optNum(this.producerAddr).optNum(this.consumerAddr).num(this.entries).u8(this.entrySize).optNum(this.wrap);
    w.optNum(this.head).optNum(this.consumer).optNum(this.producerSeen).num(this.certainSinceRead).num(this.advances);
    w.u32(this.unnamed.length);
    for (const s of this.unnamed) w.num(s);
    const named = this.named.sorted();
    w.u32(named.length);
    for (const [s, c] of named) w.num(s).num(c);
  }

  static decode(r: StateReader): ReplyQueue {
    const q = new ReplyQueue(r.num(), r.optNum(), r.optNum(), r.num(), r.u8() === 8 ? 8 : 4, r.optNum());
    q.head = r.optNum();
    q.consumer = r.optNum();
    q.producerSeen = r.optNum();
    q.certainSinceRead = r.num();
    q.advances = r.num();
    const nu = r.u32();
    for (let i = 0; i < nu; i++) q.unnamed.push(r.num());
    const nn = r.u32();
    for (let i = 0; i < nn; i++) q.named.set(r.num(), r.num());
    return q;
  }
}
