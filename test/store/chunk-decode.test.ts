// The fast chunk decoder against protobufjs's generated one: for every kind of event, the
// committed real captures and the benchmark mixes, both give events with the same own
// fields, the same values and the same canonical JSON; chunks the fast path does not expect
// (unknown fields, a field written twice) still decode through the generated decoder; and
// damaged bodies are reported, never half-decoded.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { syntheticEvents } from "../../src/bench/synthetic.js";
import { virtioBlkWorkload } from "../../src/bench/virtio-workload.js";
import { eventFromJson, eventToJson } from "../../src/schema/json.js";
import { Access, BarrierFlavour, BarrierKind, type DecodedEvent, type EventProps, IrqAction, Writer } from "../../src/schema/proto.js";
import { ChunkBuilder } from "../../src/store/chunk-codec.js";
import {
  ChunkColumns,
  ChunkDecodeError,
  decodeChunk,
  decodeColumns,
  decoderFor,
  KIND_OTHER,
  slowChunk,
} from "../../src/store/chunk-decode.js";

const W = Access.ACCESS_WRITE;
const R = Access.ACCESS_READ;

const KINDS: EventProps[] = [
  { timeNs: 2 ** 32 + 17, agent: { cpu: 3 }, mmio: { op: R, addr: 0x7_ffff_ffff_f000, size: 8, value: 0xdeadbeef, valueHi: 0x1234 } },
  { agent: { cpu: 0 }, mmio: { op: W, addr: 0, size: 4, value: 0 } },
  { agent: { host: true }, marker: { text: "no time, host agent" } },
  { timeNs: 5, agent: { device: "x" }, memory: { op: W, addr: 0x10, data: new Uint8Array([1, 2, 3, 255]) } },
  { timeNs: 3, agent: { device: "x" }, memory: { op: R, addr: 0x1000, fillLength: 4096, fillByte: 0xaa } },
  { agent: { cpu: 0 }, memory: { op: W, addr: 0x2000, fillLength: 16 } },
  { timeNs: 2 ** 52 + 3, agent: { cpu: 0 }, pio: { op: W, port: 0xcf8, size: 4, value: 0x80000000 } },
  { source: { file: 2, line: 9 }, agent: { cpu: 1 }, pio: { op: R, port: 0x60, size: 1, value: 7 } },
  { agent: { cpu: 0 }, pciConfig: { op: W, bdf: 0x20, offset: 0x4, size: 2, value: 6 } },
  { agent: { cpu: 0 }, pciConfig: { op: R, bdf: 0, offset: 0, size: 4, value: 0xffffffff } },
  { agent: { cpu: 0 }, barrier: { kind: BarrierKind.BARRIER_KIND_READ, flavour: BarrierFlavour.BARRIER_FLAVOUR_DMA } },
  { agent: { cpu: 0 }, barrier: {} },
  { agent: { device: "x" }, interrupt: { msi: { address: 0xfee0_0000, data: 0x4021 }, action: IrqAction.IRQ_ACTION_PULSE } },
  { agent: { device: "x" }, interrupt: { msi: {} } },
  { timeNs: 0, agent: { device: "x" }, interrupt: { line: 0, action: IrqAction.IRQ_ACTION_ASSERT } },
  {
    source: { file: 1, line: 2 ** 31 },
    observation: {
      name: "virtqueue_fill",
      args: [
        { name: "idx", uint: 2 ** 50 },
        { name: "d", int: -(2 ** 40) },
        { name: "s", str: "q" },
      ],
    },
  },
  {
    agent: { host: true },
    attach: { id: "virtio-blk@00:04.0", kind: "virtio-blk-pci", pciBdf: 0x20, irq: 11, props: [{ name: "a", value: "b" }] },
  },
  { agent: { host: true }, detach: { id: "virtio-blk@00:04.0" } },
  { agent: { host: true }, machine: { type: "q35", ramSize: 2 ** 31 } },
];

function chunkOf(events: EventProps[]): { body: Uint8Array; count: number } {
  const b = new ChunkBuilder();
  for (const ev of events) b.add(ev);
  const data = b.finish(0);
  return { body: data.body, count: data.count };
}

/** What the generated decoder gives, with seq, time and agent restored the same way. */
function generatedEvents(body: Uint8Array, firstSeq: number): DecodedEvent[] {
  const c = slowChunk(body);
  let prev = 0;
  return c.events.map((ev, i) => {
    ev.seq = firstSeq + i;
    const code = c.times[i] as number;
    if (code !== 0) {
      const z = code - 1;
      prev += z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      ev.timeNs = prev;
    }
    const ref = c.agentRefs[i] as number;
    if (ref !== 0) ev.agent = c.agents[ref - 1] as DecodedEvent["agent"];
    return ev;
  });
}

/** Own fields, recursively, with bytes as arrays: what a consumer can see of an event. */
function shape(v: unknown): unknown {
  if (v instanceof Uint8Array) return { bytes: [...v] };
  if (Array.isArray(v)) return v.map(shape);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = { proto: Object.getPrototypeOf(v)?.constructor?.name };
    for (const k of Object.keys(v).sort()) out[k] = shape((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

function expectSameAsGenerated(events: EventProps[], firstSeq = 0): DecodedEvent[] {
  const { body, count } = chunkOf(events);
  expect(decoderFor(body, count)).toBe("fast");
  const fast = decodeChunk(body, firstSeq, count);
  const slow = generatedEvents(body, firstSeq);
  expect(fast.length).toBe(events.length);
  expect(fast.map(shape)).toEqual(slow.map(shape));
  expect(fast.map(eventToJson)).toEqual(slow.map(eventToJson));
  // The columns replay reads give the same events one by one (ChunkColumns.eventAt).
  const cols = decodeColumns(body, firstSeq, count, new ChunkColumns());
  expect(cols.fallback).toBeUndefined();
  expect(Array.from({ length: count }, (_, i) => shape(cols.eventAt(i)))).toEqual(slow.map(shape));
  return fast;
}

describe("fast chunk decoding", () => {
  it("gives what the generated decoder gives, for every kind of event", () => {
    const fast = expectSameAsGenerated(KINDS, 1000);
    expect(fast[0]?.mmio?.valueHi).toBe(0x1234);
    expect(fast[1]?.mmio?.value).toBe(0); // a proto3 default, from the prototype
    expect(Object.keys(fast[1]?.mmio ?? {})).toEqual(["op", "size"]);
    expect(fast[14]?.interrupt?.line).toBe(0); // a oneof member is present even when 0
    expect(fast.map((e) => e.seq)).toEqual(KINDS.map((_, i) => 1000 + i));
  });

  it("gives what the generated decoder gives for the real captures and the benchmark mixes", () => {
    for (const name of ["virtio-blk-pci-modern", "virtio-blk-mmio-v1", "megasas-gen2"]) {
      const text = readFileSync(new URL(`../../traces/qemu/${name}.jsonl`, import.meta.url), "utf8");
      const events = text
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => eventFromJson(l));
      for (let i = 0; i < events.length; i += 2048) expectSameAsGenerated(events.slice(i, i + 2048), i);
    }
    expectSameAsGenerated(syntheticEvents(2048, 7));
    expectSameAsGenerated(virtioBlkWorkload({ version: 1, requests: 100, deviceDma: true }).slice(0, 2048));
  });

  it("hands chunks with fields it does not write to the generated decoder, which keeps them", () => {
    const { body, count } = chunkOf(KINDS.slice(0, 3));
    // An unknown field (number 9, varint) after the chunk's own fields.
    const extra = Writer.create()
      .uint32((9 << 3) | 0)
      .uint32(5)
      .finish();
    const withUnknown = new Uint8Array([...body, ...extra]);
    expect(decoderFor(withUnknown, count)).toBe("generated");
    const events = decodeChunk(withUnknown, 0, count);
    expect(events.map(eventToJson)).toEqual(generatedEvents(withUnknown, 0).map(eventToJson));
    expect(events[0]?.mmio?.value).toBe(0xdeadbeef);
    // Replay's columns of such a chunk hold those same events, each for Machine.apply.
    const cols = decodeColumns(withUnknown, 0, count, new ChunkColumns());
    expect([...cols.kind.subarray(0, count)]).toEqual([KIND_OTHER, KIND_OTHER, KIND_OTHER]);
    expect(Array.from({ length: count }, (_, i) => eventToJson(cols.eventAt(i)))).toEqual(events.map(eventToJson));
  });

  it("refuses an mmio payload with field number 0 as the generated decoder does, not by dropping it", () => {
    // Chunk { events: [Event { mmio: MmioAccess { field 0 = 0, op = 2 } }], times: [0], agent_refs: [0] }
    const mmio = Writer.create().uint32(0).uint32(0).uint32(8).uint32(2).finish();
    const ev = Writer.create()
      .uint32((10 << 3) | 2)
      .bytes(mmio)
      .finish();
    const body = Writer.create()
      .uint32((1 << 3) | 2)
      .bytes(ev)
      .uint32((2 << 3) | 2)
      .bytes(Uint8Array.of(0))
      .uint32((4 << 3) | 2)
      .bytes(Uint8Array.of(0))
      .finish();
    expect(decoderFor(body, 1)).toBe("generated");
    expect(() => slowChunk(body)).toThrow(/field number 0/);
    expect(() => decodeChunk(body, 0, 1)).toThrow(ChunkDecodeError);
  });

  it("reports damaged bodies instead of returning part of them", () => {
    const { body, count } = chunkOf(KINDS);
    expect(() => decodeChunk(body.subarray(0, body.length - 7), 0, count)).toThrow(ChunkDecodeError);
    expect(() => decodeChunk(body, 0, count + 1)).toThrow(/row says/);
    const garbage = new Uint8Array(body);
    garbage[0] = 0xff;
    garbage[1] = 0xff;
    expect(() => decodeChunk(garbage, 0, count)).toThrow(ChunkDecodeError);
  });
});
