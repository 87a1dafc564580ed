// The hand-written encoder of stored events against protobufjs's generated code: the same
// bytes for every kind of event, the committed captures (decoded from JSON lines, so decoder
// instances with defaults on their prototypes), QEMU trace imports, the benchmark mix and
// values at the edges (0 in a oneof, 64-bit and negative numbers, strings that are not ASCII,
// long ones, lone surrogates); values it leaves to the generated code (Long objects and text
// for 64-bit fields, base64 text for bytes, unknown fields) make it say so, and a chunk built
// from them is still the generated code's bytes.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { syntheticEvents } from "../../src/bench/synthetic.js";
import { parseQemuTraceText } from "../../src/io/qemu-trace/parse-log.js";
import { TraceCatalog } from "../../src/io/qemu-trace/trace-events.js";
import { kindLetter } from "../../src/schema/kinds.js";
import { eventFromJson } from "../../src/schema/json.js";
import { Access, Agent, BarrierFlavour, BarrierKind, type EventProps, IrqAction, Writer } from "../../src/schema/proto.js";
import { ChunkBuilder, encodeStoredEvent } from "../../src/store/chunk-codec.js";
import { ByteWriter, encodeAgent, encodeEventBody } from "../../src/store/event-encoder.js";

const W = Access.ACCESS_WRITE;
const R = Access.ACCESS_READ;
const long = "l".repeat(45);
const longer = `é${"x".repeat(200)}`;

const EDGES: EventProps[] = [
  { source: { file: 0, line: 0 }, mmio: { op: R, addr: 2 ** 32, size: 8, value: 0xffff_ffff, valueHi: 2 ** 32 + 5 } },
  { source: {}, mmio: { op: -1 as typeof R, addr: -5, size: 2 ** 32 + 1, value: -1 } },
  { mmio: { op: 7 as typeof R, addr: 2 ** 52 + 1.5, size: 0, value: 0 } },
  { mmio: { op: W, addr: Number.NaN, size: 4, value: 1 } },
  { pio: { op: 0 as typeof R, port: 0, size: 0, value: 0 } },
  { pciConfig: { op: R, bdf: -3, offset: 4096, size: 4, value: 2 ** 33 } },
  { memory: { op: W, addr: 0, data: new Uint8Array(0), fillLength: 0 } },
  { memory: { op: W, addr: 1, data: new Uint8Array(300).fill(7) } },
  { barrier: { kind: BarrierKind.BARRIER_KIND_FULL, flavour: BarrierFlavour.BARRIER_FLAVOUR_MANDATORY } },
  { interrupt: { line: 0 } },
  { interrupt: { msi: { address: 0, data: 0 }, action: IrqAction.IRQ_ACTION_DEASSERT } },
  { interrupt: { msi: { address: 2 ** 40 } } },
  {
    observation: {
      name: "",
      args: [
        { name: "", uint: 0 },
        { name: "n", int: 0 },
        { name: "m", int: -1 },
        { name: "big", int: -(2 ** 53) + 1 },
        { name: "pos", int: 2 ** 53 - 1 },
        { name: "u", uint: 2 ** 53 - 1 },
        { name: "s", str: "" },
        { name: "é", str: "naïve ✓ 𝄞" },
        { name: "lone", str: "a\ud800b" },
        { name: long, str: `${long}\udc00` },
        { name: "longer", str: longer },
        { name: "short but wide", str: "✓".repeat(60) },
        { name: "under 40, wide", str: "é".repeat(39) },
        { name: "raw", raw: new Uint8Array([0, 1, 2, 255]) },
        { name: "empty", raw: new Uint8Array(0) },
      ],
    },
  },
  { observation: { name: "x".repeat(200), args: [] } },
  { observation: { name: "many", args: Array.from({ length: 40 }, (_, i) => ({ name: `a${i}`, str: "y".repeat(i * 3) })) } },
  { attach: { id: "", kind: "k", mmioBase: 0, mmioSize: 0, irq: 0, props: [] } },
  {
    attach: {
      id: "d",
      kind: "virtio-mmio",
      mmioBase: 0xfeb0_0000,
      mmioSize: 0x200,
      props: [
        { name: "", value: "" },
        { name: "é", value: longer },
      ],
    },
  },
  { attach: { id: "p", kind: "virtio-blk-pci", pciBdf: 0, props: [{ name: "disable-legacy", value: "on" }] } },
  { detach: { id: "" } },
  { detach: { id: "é" } },
  { machine: { type: "", ramSize: 0 } },
  { machine: { type: "pc", ramSize: 2 ** 40 } },
  { marker: { text: "" } },
  { marker: { text: longer } },
];

/** The generated code's stored form of an event. */
function reference(ev: EventProps, letter: string): Buffer {
  const w = Writer.create();
  encodeStoredEvent(ev, letter, w);
  return Buffer.from(w.finish());
}

function expectSameBytes(events: EventProps[]): number {
  let n = 0;
  for (const ev of events) {
    const letter = kindLetter(ev) as string;
    const w = new ByteWriter();
    expect(encodeEventBody(ev, letter, w), JSON.stringify(ev)).toBe(true);
    expect(w.finish().toString("hex"), `${letter} ${JSON.stringify(ev)}`).toBe(reference(ev, letter).toString("hex"));
    n++;
  }
  return n;
}

describe("the stored-event encoder", () => {
  it("writes what the generated code writes, for values at the edges", () => {
    expect(expectSameBytes(EDGES)).toBe(EDGES.length);
  });

  it("writes what the generated code writes for the committed captures, QEMU trace imports and the benchmark mix", () => {
    const decoded: EventProps[] = [];
    for (const f of ["virtio-blk-mmio-v2", "virtio-scsi-pci-modern", "megasas-gen2"]) {
      for (const line of readFileSync(`traces/qemu/${f}.jsonl`, "utf8").split("\n")) if (line !== "") decoded.push(eventFromJson(line));
    }
    const catalog = TraceCatalog.load("test/fixtures/qemu-trace/trace-events-7.2");
    const traced = ["traces/qemu/linux-boot-megasas.trace.log", "test/fixtures/qemu-trace/tour.trace.log"].flatMap(
      (f) => parseQemuTraceText(readFileSync(f, "utf8"), { catalog }).events,
    );
    const n = expectSameBytes([...decoded, ...traced, ...syntheticEvents(20_000, 3)]);
    expect(n).toBeGreaterThan(24_000);
    // every kind is there
    expect(new Set([...decoded, ...traced].map((ev) => kindLetter(ev))).size).toBeGreaterThanOrEqual(11);
  });

  it("leaves to the generated code what it does not mirror, and chunks come out the same", () => {
    const unusual: EventProps[] = [
      { mmio: { op: W, addr: { low: 5, high: 1, unsigned: true } as unknown as number, size: 4, value: 1 } },
      { mmio: { op: W, addr: "4096" as unknown as number, size: 4, value: 1 } },
      { memory: { op: W, addr: 16, data: "AAEC" as unknown as Uint8Array } },
      { observation: { name: "o", args: [{ name: "u", uint: "12" as unknown as number }] } },
      { marker: { text: "t", $unknowns: [new Uint8Array([0x28, 0x01])] } as { text: string } },
    ];
    for (const ev of unusual) expect(encodeEventBody(ev, kindLetter(ev) as string, new ByteWriter()), JSON.stringify(ev)).toBe(false);
    const events = [...unusual, ...EDGES].map((ev, i) => ({
      ...ev,
      timeNs: i * 1000,
      agent: i % 2 ? { cpu: i } : { device: `d${i % 5}` },
    }));
    const b = new ChunkBuilder();
    for (const ev of events) b.add(ev);
    const body = Buffer.from(b.finish(0).body);
    // the same chunk assembled from the generated code's bytes
    const w = Writer.create();
    for (const ev of events) w.uint32(10).bytes(reference(ev, kindLetter(ev) as string));
    const times = events.map((ev, i) => (i === 0 ? 1 : 2 * 1000 + 1));
    w.uint32(18).fork();
    for (const t of times) w.uint32(t);
    w.ldelim();
    const agents: { cpu?: number; device?: string }[] = [];
    const refs = events.map((ev) => {
      const key = JSON.stringify(ev.agent);
      let at = agents.findIndex((a) => JSON.stringify(a) === key);
      if (at < 0) at = agents.push(ev.agent as { cpu?: number; device?: string }) - 1;
      return at + 1;
    });
    for (const a of agents) Agent.encode(a, w.uint32(26).fork()).ldelim();
    w.uint32(34).fork();
    for (const r of refs) w.uint32(r);
    w.ldelim();
    expect(body.toString("hex")).toBe(Buffer.from(w.finish()).toString("hex"));
  });

  it("writes agents as Agent.encode does", () => {
    for (const a of [{ cpu: 0 }, { cpu: 2 ** 31 }, { device: "virtio-blk@00:04.0" }, { device: "é" }, { host: true }, { host: false }]) {
      const w = new ByteWriter();
      expect(encodeAgent(a, w)).toBe(true);
      expect(w.finish().toString("hex")).toBe(Buffer.from(Agent.encode(a).finish()).toString("hex"));
    }
  });
});
