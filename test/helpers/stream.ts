// The event stream test/helpers/append-forever.mjs writes: event i is
// syntheticEvents(block, seed + floor(i / block))[i % block].
import { syntheticEvents } from "../../src/bench/synthetic.js";
import { type DecodedEvent, Event, type EventProps } from "../../src/schema/proto.js";

export interface StreamParams {
  seed: number;
  block: number;
}

/** The first `count` events of the stream, with their seqs set. */
export function streamEvents(count: number, p: StreamParams): EventProps[] {
  const out: EventProps[] = [];
  for (let b = 0; out.length < count; b++) {
    for (const ev of syntheticEvents(p.block, p.seed + b)) {
      if (out.length === count) break;
      out.push({ ...ev, seq: out.length });
    }
  }
  return out;
}

/** The canonical wire form of an event, for comparing many events quickly. */
export function encoded(ev: EventProps | DecodedEvent): Buffer {
  return Buffer.from(Event.encode(ev).finish());
}

/**
 * Expected encodings of the stream, grown on demand, so repeated reads of a growing
 * session compare against one regeneration.
 */
export class ExpectedStream {
  private readonly encodings: Buffer[] = [];

  constructor(private readonly p: StreamParams) {}

  /** The encodings of events 0..count-1. */
  upTo(count: number): readonly Buffer[] {
    if (count > this.encodings.length) {
      const want = Math.max(count, this.encodings.length * 2);
      const evs = streamEvents(want, this.p);
      for (let i = this.encodings.length; i < want; i++) this.encodings.push(encoded(evs[i] as EventProps));
    }
    return this.encodings;
  }
}

/**
 * The first index at which `events` is not the dense stream prefix 0..n-1 (a seq out of
 * place or an event that differs from the regenerated one), or -1 when it is.
 */
export function firstMismatch(events: readonly DecodedEvent[], expected: ExpectedStream): number {
  const want = expected.upTo(events.length);
  for (let i = 0; i < events.length; i++) {
    const ev = events[i] as DecodedEvent;
    if (ev.seq !== i || !encoded(ev).equals(want[i] as Buffer)) return i;
  }
  return -1;
}
