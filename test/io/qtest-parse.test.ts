import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputLineError } from "../../src/io/jsonl.js";
import { type QtestParseOptions, parseQtestText } from "../../src/io/qtest/parse-log.js";
import type { QtestTopology } from "../../src/io/qtest/topology.js";
import { eventToJson } from "../../src/schema/json.js";
import { Access, type EventProps, IrqAction } from "../../src/schema/proto.js";
import { eventProblem } from "../../src/schema/validate-event.js";

const FIXTURES = "test/fixtures/qtest";

/** Compares with test/golden/NAME; UPDATE_GOLDEN=1 rewrites the golden file instead. */
function golden(name: string, actual: string): void {
  const path = join("test/golden", name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, "utf8"));
}

const jsonl = (events: EventProps[]) => events.map((ev, i) => `${eventToJson({ ...ev, seq: i })}\n`).join("");

const q35: QtestTopology = { machine: { type: "q35", ramSize: 128 * 2 ** 20 }, devices: [] };
const pc: QtestTopology = { machine: { type: "pc", ramSize: 128 * 2 ** 20 }, devices: [] };

function parseFixture(name: string, topology: QtestTopology, strict = false) {
  const opts: QtestParseOptions = { file: name, topology, strict };
  return parseQtestText(readFileSync(join(FIXTURES, name), "utf8"), opts);
}

/** The events without topology, as compact strings: kind, address/port, value, line. */
function summary(events: EventProps[]): string[] {
  return events
    .filter((ev) => !ev.machine && !ev.attach)
    .map((ev) => {
      const line = `@${ev.source?.line}`;
      const rw = (op: number | null | undefined) => (op === Access.ACCESS_WRITE ? "W" : "R");
      if (ev.pio) return `pio ${rw(ev.pio.op)} 0x${ev.pio.port?.toString(16)} ${ev.pio.size} 0x${(ev.pio.value ?? 0).toString(16)} ${line}`;
      if (ev.mmio)
        return `mmio ${rw(ev.mmio.op)} 0x${ev.mmio.addr?.toString(16)} ${ev.mmio.size} 0x${(ev.mmio.valueHi ?? 0).toString(16)}:${(ev.mmio.value ?? 0).toString(16)} ${line}`;
      if (ev.memory) {
        const m = ev.memory;
        const what = m.fillLength ? `fill ${m.fillLength}x${m.fillByte}` : Buffer.from(m.data ?? []).toString("hex");
        return `mem ${rw(m.op)} 0x${m.addr?.toString(16)} ${what} ${line}`;
      }
      if (ev.interrupt) {
        const who = ev.agent?.device ?? (ev.agent?.host ? "host" : "?");
        return `irq ${ev.interrupt.line} ${ev.interrupt.action === IrqAction.IRQ_ACTION_ASSERT ? "assert" : "deassert"} ${who} ${line}`;
      }
      return `other ${eventToJson(ev)}`;
    });
}

describe("qtest log and script parser", () => {
  it("turns QEMU's own -qtest-log of every command into the golden events", () => {
    const { events, stats } = parseFixture("protocol-tour.qtest.log", q35, true);
    golden("qtest-protocol-tour.jsonl", jsonl(events));
    for (const ev of events) expect(eventProblem(ev)).toBeUndefined();
    expect(summary(events)).toEqual([
      "pio W 0xcf8 4 0x80000000 @6",
      "pio R 0xcfc 4 0x29c08086 @8",
      "pio R 0xcfe 2 0x29c0 @10",
      "pio W 0x80 1 0x42 @12",
      "pio R 0x61 1 0x30 @14",
      "mem W 0x1000 11 @16",
      "mem W 0x1002 3322 @18",
      "mem W 0x1004 77665544 @20",
      "mem W 0x1008 ffeeddccbbaa9988 @22",
      "mem R 0x1000 11 @24",
      "mem R 0x1002 3322 @26",
      "mem R 0x1004 77665544 @28",
      "mem R 0x1008 ffeeddccbbaa9988 @30",
      "mmio W 0xfec00000 4 0x0:1 @32",
      "mmio R 0xfec00010 4 0x0:170020 @34",
      "mem W 0x2000 deadbeef @36",
      "mem R 0x2000 deadbeef @38",
      "mem W 0x3000 64657674617065 @40",
      "mem R 0x3000 64657674617065 @42",
      "mem W 0x4000 fill 256x90 @44",
      // memset of 0 bytes, the refused clock_step and the write QEMU answered ERR: nothing
      "mem W 0x6000 010203000000 @52",
      "irq 5 assert host @55",
      "irq 5 deassert host @58",
      "irq 0 assert host @61",
      "irq 0 deassert host @62",
      "irq 0 assert host @63",
      "irq 0 deassert host @64",
      "mem R 0x1004 77665544 @65",
    ]);
    expect(stats).toMatchObject({ commands: 29, skipped: 0, refused: 2, registerReadsWithoutReply: 0, memoryReadsWithoutReply: 0 });
    // Times come from the log: [R +0.008824] outl 0xcf8 0x80000000.
    expect(events[1]?.timeNs).toBe(8_824_000);
    // set_irq_in is the host driving the line; QEMU's IRQ notification of it is not doubled.
    expect(events.filter((ev) => ev.interrupt?.line === 5)).toHaveLength(2);
  });

  it("reads a reproducer script: no replies, so register reads get value 0 and memory reads are left out", () => {
    const topology: QtestTopology = {
      machine: { type: "q35", ramSize: 512 * 2 ** 20 },
      devices: [{ id: "megasas@00:03.0", kind: "megasas", pciBdf: 3 << 3, props: [] }],
    };
    const { events, stats } = parseFixture("reproducer.txt", topology, true);
    golden("qtest-reproducer.jsonl", jsonl(events));
    expect(summary(events)).toEqual([
      "pio W 0xcf8 4 0x80001818 @6",
      "pio W 0xcfc 4 0xc101 @7",
      "pio W 0xcf8 4 0x80001804 @8",
      "pio W 0xcfc 2 0x7 @9",
      "pio R 0xcfc 4 0x0 @10",
      "mem W 0x0 01 @11",
      // QEMU reads hex data in whole pairs: "0x1" is too short for a byte and writes 0.
      "mem W 0x7 00 @12",
      "mem W 0x28 01000000 @13",
      "mem W 0x1000 fill 32x255 @14",
      "mmio W 0xe0000000 8 0x1234567:89abcdef @15",
      "mmio R 0xe0000000 4 0x0:0 @16",
      "pio W 0xc1c0 1 0x17 @19",
    ]);
    expect(stats).toMatchObject({ commands: 14, skipped: 0, registerReadsWithoutReply: 2, memoryReadsWithoutReply: 2 });
    expect(events.every((ev) => ev.timeNs == null)).toBe(true);
    expect(events[1]).toMatchObject({ agent: { host: true }, attach: { id: "megasas@00:03.0", pciBdf: 24 } });
  });

  it("places the fuzzer's nested [DMA] fills before the command they served, as QEMU's reorder script does", () => {
    const topology: QtestTopology = {
      machine: { type: "pc", ramSize: 128 * 2 ** 20 },
      devices: [{ id: "e1000@00:02.0", kind: "e1000", pciBdf: 2 << 3, irq: 11, props: [] }],
    };
    const { events, stats } = parseFixture("fuzzer-dma.log", topology, true);
    golden("qtest-fuzzer-dma.jsonl", jsonl(events));
    expect(summary(events)).toEqual([
      "pio W 0xcf8 4 0x80001010 @2",
      "pio W 0xcfc 4 0xe0000000 @4",
      "pio W 0xcf8 4 0x80001004 @6",
      "pio W 0xcfc 2 0x7 @8",
      "mem W 0x1000 00112233445566778899aabbccddeeff @11",
      "mem W 0x1010 01020304 @13",
      "mmio W 0xe0000010 4 0x0:1000 @10",
      "irq 11 assert e1000@00:02.0 @15",
      "irq 11 deassert e1000@00:02.0 @17",
      "mmio R 0xe0000014 4 0x0:1 @18",
      "pio W 0xcf8 4 0x80001000 @20",
    ]);
    expect(stats).toMatchObject({ commands: 9, skipped: 0 });
  });

  it("stops at the first malformed line with file:line and what was expected, in strict mode", () => {
    expect(() => parseFixture("malformed.qtest.log", pc, true)).toThrow(InputLineError);
    expect(() => parseFixture("malformed.qtest.log", pc, true)).toThrow(
      /^malformed\.qtest\.log:4: 'outq' is not a qtest command \(expected one of outb, outw, outl, inb, .*, module_load\)$/,
    );
  });

  it("otherwise skips and counts malformed lines, naming each, and keeps the good ones", () => {
    const { events, stats } = parseFixture("malformed.qtest.log", pc);
    expect(stats.skipped).toBe(8);
    expect(stats.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^malformed\.qtest\.log:4: 'outq' is not a qtest command/),
      "malformed.qtest.log:6: address 'zzz' is not an unsigned integer (decimal, 0x-hex or 0-octal)",
      "malformed.qtest.log:9: expected 'OK 0x<hex>' as the reply to readl 0x1000, got 'OK zz'",
      "malformed.qtest.log:10: 'OK' answers no command",
      "malformed.qtest.log:11: expected '[R +T] command', '[S +T] reply', '[I T] OPENED|CLOSED' or a bare command",
      "malformed.qtest.log:12: port 0x10000 is above 0xffff",
      "malformed.qtest.log:14: address 0x20000000000000 is above 2^53 - 1 (devtape keeps 64-bit fields below 2^53)",
      "malformed.qtest.log:17: expected the reply to line 16 ('outb 0x80 0x1') before another command",
    ]);
    expect(summary(events)).toEqual([
      "pio W 0xcf8 4 0x80000000 @2",
      "pio W 0x80 1 0x1 @16",
      "pio W 0x80 1 0x2 @17",
      "mmio R 0xfec00010 4 0x0:170020 @19",
    ]);
  });

  it("pairs a pasted conversation: bare replies answer bare commands, IRQ lines in between", () => {
    const text = [
      "outl 0xcf8 0x80002000",
      "inl 0xcfc",
      "OK 0x10421af4",
      "writew 0xfe003000 0x0",
      "IRQ raise 20",
      "OK",
      "readb 0xfe001000",
      "IRQ lower 20",
      "OK 0x0000000000000001",
      "IRQ raise 20",
      "readw 0x202002",
      "OK 0x0000000000000001",
    ].join("\r\n");
    const topology: QtestTopology = {
      machine: { type: "q35", ramSize: 128 * 2 ** 20 },
      devices: [{ id: "virtio-blk@00:04.0", kind: "virtio-blk-pci", pciBdf: 32, irq: 20, props: [] }],
    };
    const { events, stats } = parseQtestText(text, { file: "t", topology, strict: true });
    expect(summary(events)).toEqual([
      "pio W 0xcf8 4 0x80002000 @1",
      "pio R 0xcfc 4 0x10421af4 @2",
      "mmio W 0xfe003000 2 0x0:0 @4",
      "irq 20 assert virtio-blk@00:04.0 @5",
      "mmio R 0xfe001000 1 0x0:1 @7",
      "irq 20 deassert virtio-blk@00:04.0 @8",
      "irq 20 assert virtio-blk@00:04.0 @10",
      "mem R 0x202002 0100 @11",
    ]);
    expect(stats.registerReadsWithoutReply).toBe(0);
  });

  it("puts an IRQ seen during a RAM access before it (RAM cannot raise one) and after a register access", () => {
    const text = [
      "[R +0.1] readw 0x2000",
      "[S +0.2] IRQ raise 12",
      "[S +0.3] OK 0x0000000000000005",
      "[R +0.4] writel 0xfeb00e64 0x1",
      "[S +0.5] IRQ lower 12",
      "[S +0.6] OK",
    ].join("\n");
    const topology: QtestTopology = { machine: { type: "microvm", ramSize: 128 * 2 ** 20 }, devices: [] };
    const { events } = parseQtestText(text, { file: "t", topology, strict: true });
    expect(summary(events)).toEqual([
      "irq 12 assert host @2",
      "mem R 0x2000 0500 @1",
      "mmio W 0xfeb00e64 4 0x0:1 @4",
      "irq 12 deassert host @5",
    ]);
  });
});
