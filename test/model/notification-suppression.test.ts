// Notification suppression one rule at a time, on a virtio-blk core driven directly (queue 0
// of 8 entries, one writable 512-byte descriptor per request): vring_need_event, the
// interrupts used_event lets through when completions come asynchronously, the first one
// after reset, entries the device pops without a notify while its handler may still run, and
// the avail_event a queue popping one by one may show on its way.
import { describe, expect, it } from "vitest";
import { StateReader, StateWriter } from "../../src/model/codec/state-codec.js";
import { GuestMemory } from "../../src/model/guest-memory.js";
import { type Reporter, sentence, type Why } from "../../src/model/machine/report.js";
import { Handler, QueueNotifications, type QueueView, vringNeedEvent } from "../../src/model/virtio/notification-suppression.js";
import { VirtioCore } from "../../src/model/virtio/virtio-core.js";
import { vringNeedEvent as driverNeedEvent } from "../../src/record/drivers/virtqueue.js";

const DESC = 0x1000;
const AVAIL = 0x1080;
const USED = 0x1100;
const SIZE = 8;
const USED_EVENT = AVAIL + 4 + 2 * SIZE;
const AVAIL_EVENT = USED + 4 + 8 * SIZE;
const EVENT_IDX = 1 << 29;

const u16 = (v: number) => Uint8Array.of(v & 0xff, (v >>> 8) & 0xff);
const u32 = (v: number) => Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24);

/** A virtio-blk device after reset, features `features` accepted, queue 0 set up in zeroed memory, DRIVER_OK. */
class Bench {
  readonly divergences: string[] = [];
  readonly guestErrors: string[] = [];
  readonly memory = new GuestMemory();
  readonly core = new VirtioCore("blk", 2);
  private published = 0;
  private readonly r: Reporter = {
    seq: 0,
    guestError: (_d: string, _o: number | null, _v: number | null, why: Why, a?: unknown, b?: unknown, c?: unknown, d?: unknown) =>
      this.guestErrors.push(sentence(why, a, b, c, d)),
    diverge: (_d, what, observed) => this.divergences.push(`${what}: ${observed}`),
    retract: () => undefined,
  };

  constructor(features: number) {
    this.core.reset();
    this.core.writeStatus(this.r, 0, 3, false);
    this.core.writeGuestFeatures(this.r, 0, 0, features);
    this.memory.fill(DESC, 0x200, 0);
    const q = this.core.queue(0);
    q.size = SIZE;
    q.desc = DESC;
    q.avail = AVAIL;
    q.used = USED;
    this.core.writeStatus(this.r, 0, 7, false);
  }

  /** The driver makes `n` one-descriptor read requests available (heads in order); `notify` them or not. */
  publish(n: number, notify = true): this {
    for (let k = 0; k < n; k++) {
      const head = this.published % SIZE;
      const d = new Uint8Array(16);
      d.set(u32(0x4000 + 0x200 * head), 0);
      d.set(u32(512), 8);
      d.set(u16(2), 12);
      this.memory.write(DESC + 16 * head, d);
      this.driverWrite(AVAIL + 4 + 2 * (this.published % SIZE), u16(head));
      this.published++;
    }
    this.driverWrite(AVAIL + 2, u16(this.published));
    if (notify) this.core.notify(this.r, this.memory, 0x50, 0);
    return this;
  }

  /** A driver store into the avail ring (used_event, flags, entries, idx), as the machine routes it. */
  driverWrite(addr: number, data: Uint8Array): this {
    this.core.driverWroteAvail(this.r, this.memory, 0, addr, data.length, data, 0);
    this.memory.write(addr, data);
    return this;
  }

  /** The driver reads `data` at `addr` in the used ring. */
  read(addr: number, data: Uint8Array): this {
    this.core.observeUsed(this.r, this.memory, 0, addr, data, false);
    return this;
  }

  /** The driver reads used.idx = `idx` and the elements of heads `heads` (512 bytes each) from slot `from`. */
  used(idx: number, from: number, heads: number[]): this {
    this.read(USED + 2, u16(idx));
    heads.forEach((h, k) => {
      const el = new Uint8Array(8);
      el.set(u32(h), 0);
      el.set(u32(512), 4);
      this.read(USED + 4 + 8 * ((from + k) % SIZE), el);
    });
    return this;
  }

  interrupt(): this {
    this.core.observeInterrupt(this.r, this.memory);
    return this;
  }

  ack(): this {
    this.core.ackIsr(1);
    return this;
  }
}

describe("vring_need_event", () => {
  it.each([
    // [event, new, old, notify]
    [0, 1, 0, true],
    [0, 2, 1, false],
    [1, 2, 0, true],
    [3, 3, 0, false],
    [2, 5, 3, false],
    [0xffff, 0, 0xfffe, true],
    [0xfffe, 1, 0xfffc, true],
  ])("used_event %i, index %i → %i: %s", (event, next, old, want) => {
    expect(vringNeedEvent(event, next, old)).toBe(want);
    expect(driverNeedEvent(event, next, old)).toBe(want); // the reference driver's copy agrees
  });
});

describe("used-buffer notifications with VIRTIO_RING_F_EVENT_IDX", () => {
  it("lets the first completion after reset interrupt, and no other while used_event stays 0", () => {
    const b = new Bench(EVENT_IDX).publish(2);
    b.interrupt().ack();
    expect(b.divergences).toEqual([]);
    b.interrupt();
    expect(b.divergences).toEqual(["interrupt: raised"]);
  });

  it("lets the completion that makes used.idx = used_event + 1 interrupt, whenever it comes", () => {
    const b = new Bench(EVENT_IDX).publish(3);
    b.driverWrite(USED_EVENT, u16(2)); // before any completion is seen: completion 3 may meet it
    b.interrupt().ack().interrupt().ack();
    expect(b.divergences).toEqual([]);
    b.interrupt();
    expect(b.divergences).toEqual(["interrupt: raised"]);
  });

  it("keeps a used_event the completions may have met before the driver moved it", () => {
    const b = new Bench(EVENT_IDX).publish(2);
    b.driverWrite(USED_EVENT, u16(1)).driverWrite(USED_EVENT, u16(9));
    // Completion 2 may have come while used_event was 1: with the first after reset, two interrupts.
    b.interrupt().ack().interrupt().ack();
    expect(b.divergences).toEqual([]);
  });

  it("ends the chances of completions the driver had seen when it acknowledges", () => {
    const b = new Bench(EVENT_IDX).publish(2);
    b.driverWrite(USED_EVENT, u16(1));
    b.interrupt().used(2, 0, [0, 1]).ack(); // both completions were seen before the line went down
    b.interrupt();
    expect(b.divergences).toEqual(["interrupt: raised"]);
  });

  it("judges nothing before the capture shows a reset", () => {
    const b = new Bench(EVENT_IDX);
    (b.core as { known: boolean }).known = false;
    b.interrupt();
    expect(b.divergences).toEqual([]);
  });
});

describe("entries the device takes without a notify", () => {
  it("pops what the driver published while the device may still be handling the last notify", () => {
    const b = new Bench(EVENT_IDX).publish(2);
    // avail_event still shows 0: the handler has not stored yet, so the driver leaves the notify out.
    b.read(AVAIL_EVENT, u16(0)).publish(2, false);
    b.read(AVAIL_EVENT, u16(4)); // the handler stored the avail->idx it saw when it switched notifications back on
    b.interrupt().ack().used(4, 0, [0, 1, 2, 3]);
    expect(b.divergences).toEqual([]);
    expect(b.core.queue(0).completed).toBe(4);
  });

  it("does not once a completion has shown the handler ran: such an entry waits for a notify", () => {
    const b = new Bench(EVENT_IDX).publish(2);
    b.interrupt().ack().used(2, 0, [0, 1]);
    b.read(AVAIL_EVENT, u16(2)).publish(2, false);
    b.read(USED + 2, u16(4));
    expect(b.divergences).toEqual(["queue 0 used.idx: 4"]);
  });
});

describe("avail_event", () => {
  it("is the position after the handler's pops, or before it while it may not have run", () => {
    const b = new Bench(EVENT_IDX).publish(3);
    b.read(AVAIL_EVENT, u16(0)).read(AVAIL_EVENT, u16(3));
    expect(b.divergences).toEqual([]);
    b.read(AVAIL_EVENT, u16(2)); // virtio-blk stores once, when notifications go back on: never 2
    expect(b.divergences).toEqual(["queue 0 avail_event: 2"]);
  });

  it("may show each position of a queue that pops one by one, until a completion shows the handler ran", () => {
    const n = new QueueNotifications();
    const memory = new GuestMemory();
    memory.fill(0, 0x200, 0);
    const view = {
      index: 0,
      size: 8,
      avail: 0x80,
      used: 0x100,
      usedIdx: 0,
      completed: 0,
      popped: 3,
      lastAvail: 3,
      unidentified: 0,
      inflight: [1, 2, 3],
      lost: false,
    } satisfies QueueView;
    n.notified(view, memory, Handler.PER_POP, { eventIdx: true, notifyOnEmpty: false }, 0, 0);
    const seen: string[] = [];
    const r: Reporter = {
      seq: 0,
      guestError: () => undefined,
      diverge: (_d, what, observed) => seen.push(`${what}: ${observed}`),
      retract: () => undefined,
    };
    for (const v of [0, 1, 2, 3, 4]) n.observeAvailEvent(r, "d", view, memory, Handler.PER_POP, v, true);
    expect(seen).toEqual(["queue 0 avail_event (device write): 4"]);
    const done = { ...view, completed: 1, usedIdx: 1, inflight: [2, 3] };
    n.observeAvailEvent(r, "d", done, memory, Handler.PER_POP, 2, false);
    expect(seen.at(-1)).toBe("queue 0 avail_event: 2");
  });
});

describe("the driver's flags", () => {
  it("are guest errors once features are negotiated: avail.flags above 1, and non-zero with EVENT_IDX", () => {
    expect(new Bench(0).driverWrite(AVAIL, u16(1)).guestErrors).toEqual([]);
    expect(new Bench(0).driverWrite(AVAIL, u16(2)).guestErrors).toEqual([expect.stringContaining("MUST set them to 0 or 1")]);
    expect(new Bench(EVENT_IDX).driverWrite(AVAIL, u16(1)).guestErrors).toEqual([expect.stringContaining("MUST set them to 0")]);
  });
});

describe("the state of a queue's notifications", () => {
  it("encodes and decodes to the same bytes, candidates and predictions included", () => {
    const b = new Bench(EVENT_IDX).publish(3);
    b.driverWrite(USED_EVENT, u16(1)).driverWrite(USED_EVENT, u16(2)).interrupt();
    const n = b.core.queue(0).notifications;
    expect(n.signals.length).toBeGreaterThan(0);
    const w = new StateWriter();
    n.encode(w);
    const bytes = w.finish();
    const again = new StateWriter();
    QueueNotifications.decode(new StateReader(bytes)).encode(again);
    expect(Buffer.from(again.finish()).equals(Buffer.from(bytes))).toBe(true);
  });
});
