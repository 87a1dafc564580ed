// The megasas workload generator (src/bench/megasas-workload.ts) through the model: long
// sessions on both generations, with and without the device's DMA, replay with no
// divergence and no guest error and end where the driver's work says; the bring-up is the
// committed captures' own; the same options give the same events; and a session broken on
// purpose is caught, so these tests can fail.
import { describe, expect, it } from "vitest";
import { MEGASAS_WORKLOAD_HBA, MEGASAS_WORKLOAD_MEMORY, megasasWorkload } from "../../src/bench/megasas-workload.js";
import { stateHash } from "../../src/engine/replay.js";
import { Machine } from "../../src/model/machine/machine.js";
import { summarize } from "../../src/model/machine/summary.js";
import { eventToJson } from "../../src/schema/json.js";
import { Access, type EventProps } from "../../src/schema/proto.js";
import { capture, le, run } from "./events.js";
import { CONSUMER, FRAMES, HBAS, hbaOf, PRODUCER, REGS, REPLY_QUEUE } from "./megasas-session.js";

const GENS = [
  { generation: 1, hba: HBAS.gen1, gen: "gen1", ports: { 0x43: 1, 0x4d0: 1, 0x4d1: 1 } },
  { generation: 2, hba: HBAS.gen2, gen: "gen2", ports: { 0x43: 1 } },
] as const;

/** 200 rounds of the 16-frame mix, 7 frames per interrupt: the reply queue wraps three times. */
const N = 3200;
const BATCH = 7;

describe("the workload lives where the reference driver and the captures put things", () => {
  it.each(GENS)("generation $generation: the same HBA, registers, reply queue, producer and consumer", ({ generation, hba }) => {
    const w = MEGASAS_WORKLOAD_HBA[generation];
    expect({ id: w.id, kind: w.kind, irq: w.irq, word: w.stateWord, osts: w.osts }).toEqual({
      id: hba.id,
      kind: hba.kind,
      irq: hba.irq,
      word: hba.word,
      osts: hba.osts,
    });
    const m = MEGASAS_WORKLOAD_MEMORY;
    expect([m.frames, m.replyQueue, m.producer, m.consumer]).toEqual([FRAMES, REPLY_QUEUE, PRODUCER, CONSUMER]);
  });
});

describe.each(GENS)("megasas workload, generation $generation", ({ generation, hba, gen, ports }) => {
  it.each([false, true])(`${N} requests, device DMA %s: no divergence, no guest error, every frame completed`, (deviceDma) => {
    const events = megasasWorkload({ generation, requests: N, batch: BATCH, deviceDma });
    const m = run(events);
    expect(m.divergences).toEqual([]);
    expect(m.guestErrors).toEqual([]);
    const [d] = summarize(m);
    expect(d).toMatchObject({ id: hba.id, kind: hba.kind, guestErrors: 0 });
    // INIT completes with interrupts masked: only the N requests, the flush and the shutdown advance the producer.
    const at = (N + 2) % hba.fwCmds;
    expect(d?.megasas).toEqual({
      generation,
      fwState: "READY",
      fwStateWord: `0x${hba.word.toString(16)}`,
      maxCommands: hba.fwCmds,
      maxSge: 80,
      interruptsEnabled: true,
      interruptMode: "intx",
      replyQueue: { entries: hba.fwCmds, address: `0x${REPLY_QUEUE.toString(16)}`, producer: at, consumer: at },
      framesPosted: N + 3,
      framesCompleted: N + 3,
      framesOutstanding: 0,
      // Per 16 frames: 8 LD READ, 4 LD WRITE, a PD READ(10), an LD WRITE(10) and INQUIRY, a DCMD (LD list / flush in turn).
      commands: {
        "DCMD CTRL_CACHE_FLUSH": N / 32 + 1,
        "DCMD CTRL_SHUTDOWN": 1,
        "DCMD LD_GET_LIST": N / 32,
        INIT: 1,
        "LD READ": N / 2,
        "LD SCSI": N / 8,
        "LD WRITE": N / 4,
        "PD SCSI": N / 16,
      },
      pending: [],
    });
    // One interrupt per batch and one for the shutdown batch.
    expect(d?.interrupts).toBe(Math.ceil(N / BATCH) + 1);
    expect(Object.fromEntries(m.unmodelledPorts)).toEqual(ports);
    expect(hbaOf(m, gen).unplaced).toBe(0);
  });

  it("has the device store a producer one further per completion, wrapping at the firmware's command count", () => {
    const events = megasasWorkload({ generation, requests: N, batch: BATCH, deviceDma: true });
    const dev = events.filter((e) => e.agent?.device === hba.id);
    const producers = dev.filter((e) => e.memory?.op === Access.ACCESS_WRITE && e.memory.addr === PRODUCER);
    expect(producers.map((e) => Buffer.from(e.memory?.data ?? []).readUInt32LE(0))).toEqual(
      Array.from({ length: N + 2 }, (_, i) => (i + 1) % hba.fwCmds),
    );
    // Each posted frame is fetched once (context, then the frame), INIT included.
    const posts = events.filter((e) => e.mmio?.op === Access.ACCESS_WRITE && e.mmio.addr === REGS + 0x40);
    const fetches = dev.filter((e) => e.memory?.op === Access.ACCESS_READ && e.memory.data?.length === 64);
    expect(posts.length).toBe(N + 3);
    expect(fetches.map((e) => e.memory?.addr)).toEqual(posts.map((e) => ((e.mmio?.value ?? 0) & ~0x1f) >>> 0));
  });

  it("brings the HBA up exactly as the committed capture does, up to interrupts enabled", () => {
    const strip = (e: EventProps) => eventToJson({ ...e, seq: 0, timeNs: 0 });
    const real = capture(hba.name).filter((e) => e.marker == null);
    const omskReads = real.flatMap((e, i) => (e.mmio?.op === Access.ACCESS_READ && e.mmio.addr === REGS + 0x34 ? [i] : []));
    const end = (omskReads[1] as number) + 1; // the mask read back after enabling interrupts
    const ours = megasasWorkload({ generation, requests: 16 }).slice(0, end);
    expect(ours.map(strip)).toEqual(real.slice(0, end).map(strip));
  });

  it("restored from snapshots along the way, reaches the same state hash", () => {
    const events = megasasWorkload({ generation, requests: 600, batch: 5, deviceDma: true });
    const straight = run(events);
    let m = new Machine();
    events.forEach((ev, i) => {
      m.apply(ev);
      if (i % 1999 === 0) m = Machine.decode(m.encode());
    });
    expect(stateHash(m)).toBe(stateHash(straight));
  });
});

describe("determinism and options", () => {
  const json = (events: EventProps[]) => events.map(eventToJson).join("\n");

  it("gives byte-identical events for the same options, and other events for other options", () => {
    const opts = { generation: 2, requests: 400, batch: 9, deviceDma: true } as const;
    const a = json(megasasWorkload(opts));
    expect(json(megasasWorkload(opts))).toBe(a);
    expect(json(megasasWorkload({ ...opts, deviceDma: false }))).not.toBe(a);
    expect(json(megasasWorkload({ ...opts, batch: 8 }))).not.toBe(a);
    expect(json(megasasWorkload({ ...opts, generation: 1 }))).not.toBe(a);
  });

  it.each([1, 16, 64, 1000])("batch %i (at most 64 frames in flight) replays cleanly", (batch) => {
    const m = run(megasasWorkload({ generation: 1, requests: 130, batch, deviceDma: true }));
    expect(m.divergences).toEqual([]);
    expect(m.guestErrors).toEqual([]);
    expect(summarize(m)[0]?.interrupts).toBe(Math.ceil(130 / Math.min(batch, 64)) + 1);
  });
});

describe("a workload broken on purpose is caught", () => {
  /** The index of the nth driver store of the consumer index. */
  const consumerStore = (events: EventProps[], nth: number) =>
    events.flatMap((e, i) => (e.agent?.cpu != null && e.memory?.op === Access.ACCESS_WRITE && e.memory.addr === CONSUMER ? [i] : []))[
      nth
    ] as number;

  it.each(GENS)("generation $generation: a consumer index stored past the producer is a guest error at that event", ({ generation }) => {
    const events = megasasWorkload({ generation, requests: 64, batch: 8 });
    // Store 0 is before INIT; store 3 follows the third interrupt, which consumed up to 24.
    const i = consumerStore(events, 3);
    expect(Buffer.from(events[i]?.memory?.data ?? []).readUInt32LE(0)).toBe(24);
    const broken = structuredClone(events);
    (broken[i] as EventProps).memory = { op: Access.ACCESS_WRITE, addr: CONSUMER, data: Uint8Array.from(le(25, 4)) };
    const m = run(broken);
    expect(m.guestErrors.map((g) => [g.seq, g.why])).toEqual([
      [i, "consumer index 25 is past the producer index 24: the driver consumed replies the device has not posted"],
    ]);
    expect(run(events).guestErrors).toEqual([]);
  });

  it("a producer read ahead of every completion diverges at that event", () => {
    const events = megasasWorkload({ generation: 2, requests: 64, batch: 8, deviceDma: true });
    const reads = events.flatMap((e, i) =>
      e.agent?.cpu != null && e.memory?.op === Access.ACCESS_READ && e.memory.addr === PRODUCER ? [i] : [],
    );
    const i = reads[1] as number;
    const broken = structuredClone(events);
    (broken[i] as EventProps).memory = { op: Access.ACCESS_READ, addr: PRODUCER, data: Uint8Array.from(le(17, 4)) };
    const m = run(broken);
    expect(m.divergences.map((d) => [d.seq, d.what, d.observed])).toEqual([
      [i, "reply queue producer index (read at 0x201fc0, was 8)", "17"],
    ]);
  });
});
