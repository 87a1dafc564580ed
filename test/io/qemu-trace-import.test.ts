// The QEMU trace importer on committed logs: golden whole outputs (a hand-written tour of
// every mapping, and the real captures in traces/qemu), malformed lines, normalisation
// (two runs that differ in pointers, threads and times give the same events), topology
// inference (devices attached before their first use), several inputs, bounded waiting.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputLineError } from "../../src/io/jsonl.js";
import { parseQemuTraceText, QemuTraceParser } from "../../src/io/qemu-trace/parse-log.js";
import { TraceCatalog } from "../../src/io/qemu-trace/trace-events.js";
import { eventToJson } from "../../src/schema/json.js";
import { Access, type EventProps, IrqAction } from "../../src/schema/proto.js";
import { eventProblem } from "../../src/schema/validate-event.js";

const catalog = TraceCatalog.load("test/fixtures/qemu-trace/trace-events-7.2");
const FIXTURES = "test/fixtures/qemu-trace";

/** Compares with test/golden/NAME; UPDATE_GOLDEN=1 rewrites the golden file instead. */
function golden(name: string, actual: string): void {
  const path = join("test/golden", name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, "utf8"));
}

const jsonl = (events: EventProps[]) => events.map((ev, i) => `${eventToJson({ ...ev, seq: i })}\n`).join("");
const read = (path: string) => readFileSync(path, "utf8");
const hex = (n: number | null | undefined) => `0x${(n ?? 0).toString(16)}`;

/** Every device an event names (as agent, by config BDF) must have been attached before it. */
function expectAttachedBeforeUse(events: EventProps[]): void {
  const attached = new Map<string, number>();
  const byBdf = new Map<number, string>();
  events.forEach((ev, i) => {
    if (ev.attach) {
      expect(attached.has(ev.attach.id as string), `${ev.attach.id} attached twice`).toBe(false);
      attached.set(ev.attach.id as string, i);
      if (ev.attach.pciBdf != null) byBdf.set(ev.attach.pciBdf, ev.attach.id as string);
      return;
    }
    const who = ev.agent?.device;
    if (who != null) expect(attached.has(who), `event ${i} names ${who} before its attach`).toBe(true);
    if (ev.pciConfig) expect(byBdf.has(ev.pciConfig.bdf ?? 0), `event ${i}: config access to an unattached function`).toBe(true);
  });
}

/** Each event cites a trace line of its input, and is sound. */
function expectSourced(events: EventProps[], texts: string[]): void {
  for (const ev of events) {
    expect(eventProblem(ev)).toBeUndefined();
    if (ev.machine) continue;
    const line = texts[ev.source?.file ?? 0]?.split("\n")[(ev.source?.line ?? 0) - 1] ?? "";
    expect(line, eventToJson(ev)).toMatch(/^(\d+@\d+\.\d+:)?[a-z_0-9]+ /);
  }
}

/** One compact line per event, for asserting what a tour maps to. */
function brief(ev: EventProps): string {
  const who = ev.agent?.device ?? (ev.agent?.host ? "host" : `cpu${ev.agent?.cpu}`);
  const rw = (op: number | null | undefined) => (op === Access.ACCESS_WRITE ? "W" : "R");
  const at = `@${ev.source?.line}`;
  if (ev.attach)
    return `attach ${ev.attach.id} ${ev.attach.kind}${ev.attach.props?.map((p) => ` ${p.name}=${p.value}`).join("") ?? ""} ${at}`;
  if (ev.mmio)
    return `${who} mmio ${rw(ev.mmio.op)} ${hex(ev.mmio.addr)}/${ev.mmio.size} ${hex(ev.mmio.valueHi)}:${hex(ev.mmio.value)} ${at}`;
  if (ev.pio) return `${who} pio ${rw(ev.pio.op)} ${hex(ev.pio.port)}/${ev.pio.size} ${hex(ev.pio.value)} ${at}`;
  if (ev.pciConfig) {
    const c = ev.pciConfig;
    return `${who} cfg ${rw(c.op)} ${hex(c.bdf)} ${hex(c.offset)}/${c.size} ${hex(c.value)} ${at}`;
  }
  if (ev.interrupt) {
    const i = ev.interrupt;
    const action = i.action === IrqAction.IRQ_ACTION_ASSERT ? "assert" : i.action === IrqAction.IRQ_ACTION_DEASSERT ? "deassert" : "pulse";
    return `${who} irq ${i.msi ? `msi ${hex(i.msi.address)}:${hex(i.msi.data)}` : `line ${i.line}`} ${action} ${at}`;
  }
  if (ev.observation) return `${who} obs ${ev.observation.name} ${at}`;
  return `other ${eventToJson(ev)}`;
}

describe("qemu-trace importer on the tour fixture", () => {
  const text = read(join(FIXTURES, "tour.trace.log"));
  const r = parseQemuTraceText(text, { catalog, files: ["tour.trace.log"], strict: true });

  it("gives the golden events", () => {
    golden("qemu-trace-tour.jsonl", jsonl(r.events));
    expectSourced(r.events, [text]);
    expectAttachedBeforeUse(r.events);
  });

  it("maps each kind of line as documented", () => {
    expect(r.events.map(brief)).toEqual([
      // the reset before the device was found is its own (same vdev): its attach moves before it
      "attach virtio-blk@00:04.0 virtio-blk-pci disable-legacy=on @2",
      "virtio-blk@00:04.0 obs virtio_set_status @2",
      "cpu0 pio W 0xcf8/4 0x80002000 @3",
      // pci_cfg_read + the data-port read after it: one config access of the port's width
      "cpu0 cfg R 0x20 0x0/4 0x10421af4 @4",
      "cpu0 pio W 0xcf8/4 0x80002004 @6",
      // the data-port write + pci_cfg_write after it
      "cpu0 cfg W 0x20 0x4/2 0x6 @8",
      "cpu0 pio W 0xcf8/4 0x80002800 @9",
      // no function there: no pci_cfg line, the port read stays
      "cpu0 pio R 0xcfc/4 0xffffffff @10",
      // no data-port access traced with it: the width is the offset's alignment
      "cpu0 cfg R 0x20 0x3d/1 0x1 @11",
      "virtio-blk@00:04.0 obs pci_update_mappings_add @12",
      "virtio-blk@00:04.0 obs pci_update_mappings_add @13",
      "cpu0 mmio W 0xfe000000/4 0x0:0xfee01004 @14",
      "cpu0 mmio W 0xfe000004/4 0x0:0x0 @15",
      "cpu0 mmio W 0xfe000008/4 0x0:0x26 @16",
      "cpu0 mmio W 0xfe00000c/4 0x0:0x0 @17",
      "cpu0 mmio W 0xfe004014/1 0x0:0x1 @18",
      "virtio-blk@00:04.0 obs virtio_set_status @19",
      // the traced value has the upper feature word too; the guest read 4 bytes
      "cpu0 mmio R 0xfe004004/4 0x0:0x30006e54 @20",
      "cpu0 mmio W 0xfe004020/8 0x12345678:0x200000 @21",
      "virtio-blk@00:04.0 obs virtio_queue_notify @22",
      "virtio-blk@00:04.0 obs virtqueue_alloc_element @23",
      "virtio-blk@00:04.0 obs virtqueue_pop @24",
      "virtio-blk@00:04.0 obs virtio_blk_handle_read @25",
      "virtio-blk@00:04.0 obs virtio_blk_rw_complete @26",
      "virtio-blk@00:04.0 obs virtqueue_fill @27",
      "virtio-blk@00:04.0 obs virtqueue_flush @28",
      "virtio-blk@00:04.0 obs virtio_notify @29",
      // the message its MSI-X entry 0 holds
      "virtio-blk@00:04.0 irq msi 0xfee01004:0x26 pulse @30",
      // a LAPIC register (EOI), not a message
      "cpu0 mmio W 0xfee000b0/4 0x0:0x0 @31",
      "cpu0 pio W 0x3f8/1 0x41 @32",
      "host irq line 4 assert @33",
      // the IOAPIC delivering pin 4: a message nobody's MSI-X table holds
      "host irq msi 0xfee00000:0x25 pulse @34",
      "host irq line 4 deassert @35",
      // traced in the read's handler, before the read that finds the transport
      "attach virtio-mmio@0xfeb00e00 virtio-mmio @36",
      "virtio-mmio@0xfeb00e00 obs virtio_mmio_read @36",
      "cpu0 mmio R 0xfeb00e00/4 0x0:0x74726976 @37",
      "cpu0 mmio W 0xfeb00e70/4 0x0:0x1 @38",
      "virtio-mmio@0xfeb00e00 obs virtio_mmio_write_offset @39",
      "virtio-mmio@0xfeb00e00 obs virtio_set_status @40",
      // on the main loop: the only virtio-mmio device; the line it raises becomes its own
      "virtio-mmio@0xfeb00e00 obs virtio_mmio_setting_irq @41",
      "virtio-mmio@0xfeb00e00 irq line 12 assert @42",
      "virtio-mmio@0xfeb00e00 obs virtio_mmio_read @43",
      "cpu0 mmio R 0xfeb00e60/4 0x0:0x1 @44",
      "cpu0 mmio W 0xfeb00e64/4 0x0:0x1 @45",
      "virtio-mmio@0xfeb00e00 obs virtio_mmio_write_offset @46",
      "virtio-mmio@0xfeb00e00 obs virtio_mmio_setting_irq @47",
      "virtio-mmio@0xfeb00e00 irq line 12 deassert @48",
      // an offset only (as QEMU before 2.10 traced it): kept as the trace point
      "cpu0 obs memory_region_ops_write @50",
      "cpu0 pio R 0x510/1 0xff @51",
      "host obs apic_deliver_irq @52",
      "host obs pflash_sector_erase_start @53",
      "virtio-mmio@0xfeb00e00 obs virtio_iommu_get_features @54",
      "cpu0 mmio R 0xfeb00e70/4 0x0:0x1 @55",
      "host obs virtqueue_flush @56",
      "virtio-blk@00:04.0 obs virtio_set_status @57",
      // a megasas HBA found by its BAR placement: its I/O BAR below 64 KiB, its memory BAR above
      "attach megasas-gen2@00:05.0 megasas-gen2 @58",
      "megasas-gen2@00:05.0 obs pci_update_mappings_add @58",
      "megasas-gen2@00:05.0 obs pci_update_mappings_add @59",
      // in the read's handler, before it; in the write's, after it
      "megasas-gen2@00:05.0 obs megasas_mmio_readl @60",
      "cpu0 mmio R 0xfe1000b0/4 0x0:0x0 @61",
      "cpu0 pio W 0xc040/4 0x1 @62",
      "megasas-gen2@00:05.0 obs megasas_mmio_writel @63",
    ]);
  });

  it("normalises pointers, threads and times, and keeps odd arguments", () => {
    const obs = (line: number) => r.events.find((ev) => ev.observation && ev.source?.line === line)?.observation;
    // vdev is the first pointer of the log, vq and elem follow; (nil) is 0
    expect(obs(2)?.args).toEqual([
      { name: "vdev", uint: 1 },
      { name: "val", uint: 0 },
      { name: "thread", uint: 1 },
    ]);
    expect(obs(24)?.args?.slice(0, 2)).toEqual([
      { name: "vq", uint: 2 },
      { name: "elem", uint: 3 },
    ]);
    expect(obs(56)?.args?.[0]).toEqual({ name: "vq", uint: 0 });
    // the vCPU thread is the second seen, the third thread a third
    expect(obs(19)?.args?.at(-1)).toEqual({ name: "thread", uint: 2 });
    expect(obs(56)?.args?.at(-1)).toEqual({ name: "thread", uint: 3 });
    // a line without the prefix has no thread and no time
    const bare = r.events.find((ev) => ev.source?.line === 57) as EventProps;
    expect(bare.observation?.args?.some((a) => a.name === "thread")).toBe(false);
    expect(bare.timeNs).toBeUndefined();
    // times count from the first line; one stamped before it gets 0
    expect(r.events.find((ev) => ev.source?.line === 21)?.timeNs).toBe(190_000);
    expect(r.events.find((ev) => ev.source?.line === 56)?.timeNs).toBe(0);
    // a 64-bit argument beyond 2^53 as its 8 bytes, little-endian; an unreadable format as text
    expect(obs(54)?.args?.[0]).toEqual({ name: "features", raw: new Uint8Array(8).fill(0xff) });
    expect(obs(53)?.args?.[0]).toEqual({ name: "text", str: "pflash0: start sector erase at: 0x0000-0x0fff" });
    expect(obs(50)?.args?.slice(2, 6)).toEqual([
      { name: "addr", uint: 0x70 },
      { name: "value", uint: 0 },
      { name: "size", uint: 4 },
      { name: "name", str: "virtio-mmio" },
    ]);
  });

  it("counts what it skipped, inferred and could not place", () => {
    const { byEvent, problems, ...stats } = r.stats;
    expect(stats).toEqual({
      lines: 63,
      traceLines: 61,
      otherLines: 2,
      events: r.events.length,
      skipped: 0,
      unreadable: 1,
      configWidthsInferred: 1,
      unplacedAccesses: 1,
    });
    expect(problems).toEqual([]);
    expect(byEvent.get("memory_region_ops_write")).toBe(18);
    expect(byEvent.get("pci_cfg_read")).toBe(2);
    expect(r.devices.map((d) => d.id)).toEqual(["virtio-blk@00:04.0", "virtio-mmio@0xfeb00e00", "megasas-gen2@00:05.0"]);
  });
});

describe("qemu-trace importer on malformed lines", () => {
  const text = read(join(FIXTURES, "malformed.trace.log"));

  it("skips and lists them with file:line and the reason, keeping the good lines", () => {
    const r = parseQemuTraceText(text, { catalog, files: ["bad.log"] });
    expect(r.stats.skipped).toBe(4);
    expect(r.stats.otherLines).toBe(1);
    expect(r.stats.problems.map((p) => p.message)).toEqual([
      `bad.log:2: memory_region_ops_read: 'cpu 0 mr 0x55d4a0500000 addr 0xfeb00e0z value 0x2 size 4 name 'virtio-mmio'' does not match its format "cpu %d mr %p addr 0x%llx value 0x%llx size %u name '%s'" (${catalog.path}:${catalog.get("memory_region_ops_read")?.line})`,
      `bad.log:3: 'no_such_event' is not a trace event of ${catalog.path} (a log from another QEMU needs that QEMU's trace-events-all: --trace-events PATH)`,
      "bad.log:4: '4101@17000' is cut off or malformed: expected TID@SECONDS.MICROSECONDS:EVENT ARGS",
      `bad.log:5: virtio_set_status: 'vdev 0x55d4a0001000' does not match its format "vdev %p val %u" (${catalog.path}:${catalog.get("virtio_set_status")?.line})`,
    ]);
    expect(r.events.map(brief)).toEqual([
      "attach virtio-mmio@0xfeb00e00 virtio-mmio @1",
      "cpu0 mmio W 0xfeb00e70/4 0x0:0x0 @1",
      "cpu0 mmio R 0xfeb00e04/4 0x0:0x2 @7",
    ]);
  });

  it("stops at the first with strict", () => {
    expect(() => parseQemuTraceText(text, { catalog, files: ["bad.log"], strict: true })).toThrow(InputLineError);
    try {
      parseQemuTraceText(text, { catalog, files: ["bad.log"], strict: true });
    } catch (e) {
      expect((e as InputLineError).file).toBe("bad.log");
      expect((e as InputLineError).line).toBe(2);
    }
  });
});

describe.each(["virtio-blk-mmio-v2", "virtio-blk-pci-modern"])("qemu-trace importer on the committed capture %s", (base) => {
  const text = read(`traces/qemu/${base}.trace.log`);
  const r = parseQemuTraceText(text, { catalog, files: [`${base}.trace.log`], strict: true });

  it("is small and imports cleanly to the golden events", () => {
    expect(text.length).toBeLessThan(1 << 20);
    golden(`qemu-trace-${base}.jsonl`, jsonl(r.events));
    expect(r.stats).toMatchObject({ skipped: 0, otherLines: 0, unreadable: 0, configWidthsInferred: 0, unplacedAccesses: 0 });
    expect(r.stats.events).toBe(r.events.length);
    expectSourced(r.events, [text]);
    expectAttachedBeforeUse(r.events);
  });

  it("holds the driver's register accesses (qtest: host) and the device's own points", () => {
    const accesses = r.events.filter((ev) => ev.mmio);
    expect(accesses.length).toBeGreaterThan(35);
    for (const ev of accesses) expect(ev.agent).toEqual({ host: true });
    const device = base.includes("mmio") ? "virtio-mmio@0xfeb00e00" : "virtio-blk@00:04.0";
    const own = r.events.filter((ev) => ev.observation?.name?.startsWith("virtio_blk_"));
    expect(own.length).toBeGreaterThanOrEqual(8);
    for (const ev of own) expect(ev.agent).toEqual({ device });
    // the three batches: three notifies, each completed with the device's interrupt line raised
    expect(r.events.filter((ev) => ev.observation?.name === "virtio_queue_notify").length).toBeGreaterThanOrEqual(3);
    const raised = r.events.filter((ev) => ev.interrupt?.action === IrqAction.IRQ_ACTION_ASSERT && ev.agent?.device === device);
    expect(raised.length).toBeGreaterThanOrEqual(3);
    expect(new Set(raised.map((ev) => ev.interrupt?.line))).toEqual(new Set([base.includes("mmio") ? 12 : 20]));
  });

  it("infers the topology", () => {
    if (base.includes("mmio")) {
      expect(r.devices.map((d) => d.id)).toEqual(["virtio-mmio@0xfeb00e00"]);
      expect(r.events.find((ev) => ev.attach)?.attach).toEqual({
        id: "virtio-mmio@0xfeb00e00",
        kind: "virtio-mmio",
        mmioBase: 0xfeb00e00,
        mmioSize: 0x200,
        props: [],
      });
    } else {
      expect(r.devices.map((d) => `${d.id} ${d.kind}`)).toEqual([
        "mch@00:00.0 mch",
        "virtio-blk@00:04.0 virtio-blk-pci",
        "ICH9-LPC@00:1f.0 ICH9-LPC",
        "ich9-ahci@00:1f.2 ich9-ahci",
        "ICH9-SMB@00:1f.3 ICH9-SMB",
      ]);
      const blk = r.events.find((ev) => ev.attach?.id === "virtio-blk@00:04.0")?.attach;
      expect(blk).toEqual({
        id: "virtio-blk@00:04.0",
        kind: "virtio-blk-pci",
        pciBdf: 0x20,
        props: [{ name: "disable-legacy", value: "on" }],
      });
      // BAR placement is observed on the device, and the common config is inside BAR 4
      const bars = r.events.filter((ev) => ev.observation?.name === "pci_update_mappings_add");
      expect(bars.map((ev) => ev.agent?.device)).toEqual(["virtio-blk@00:04.0", "virtio-blk@00:04.0"]);
      const bar4 = bars.find((ev) => ev.observation?.args?.find((a) => a.name === "bar")?.int === 4)?.observation?.args;
      const base4 = bar4?.find((a) => a.name === "addr")?.uint as number;
      expect(
        r.events.filter((ev) => ev.mmio).every((ev) => (ev.mmio?.addr as number) >= base4 && (ev.mmio?.addr as number) < base4 + 0x4000),
      ).toBe(true);
      // config accesses to the virtio function are paired with their port accesses
      expect(r.events.filter((ev) => ev.pciConfig?.bdf === 0x20).length).toBeGreaterThan(30);
    }
  });

  it("gives the same events for another run with other pointers, threads and times", () => {
    const shift = (m: string) => `0x${(BigInt(m) + 0x1230n).toString(16)}`;
    const other = text
      .replace(/0x(55|7f)[0-9a-f]{10}/g, shift)
      .replace(/^(\d+)@(\d+)\.(\d+):/gm, (_, tid: string, s: string, us: string) => `${Number(tid) + 777}@${Number(s) + 86_400}.${us}:`);
    expect(other).not.toBe(text);
    const again = parseQemuTraceText(other, { catalog, files: [`${base}.trace.log`], strict: true });
    expect(jsonl(again.events)).toBe(jsonl(r.events));
  });

  it("gives the same events without timestamps, but for time and thread", () => {
    const bare = text.replace(/^\d+@\d+\.\d+:/gm, "");
    const b = parseQemuTraceText(bare, { catalog, files: [`${base}.trace.log`], strict: true });
    const strip = (ev: EventProps) => {
      const o = JSON.parse(eventToJson(ev)) as { timeNs?: string; observation?: { args?: { name: string }[] } };
      delete o.timeNs;
      if (o.observation?.args) o.observation.args = o.observation.args.filter((a) => a.name !== "thread");
      return JSON.stringify(o);
    };
    expect(b.events.map(strip)).toEqual(r.events.map(strip));
    expect(b.events.every((ev) => ev.timeNs === undefined)).toBe(true);
  });

  it("reads a log split into several inputs as one, citing each input", () => {
    const lines = text.split("\n");
    const half = Math.floor(lines.length / 2);
    const parts = [`${lines.slice(0, half).join("\n")}\n`, lines.slice(half).join("\n")];
    const m = parseQemuTraceText(parts, { catalog, files: ["a", "b"], strict: true });
    const unsourced = (ev: EventProps) => {
      const o = JSON.parse(eventToJson(ev)) as { source?: unknown };
      delete o.source;
      return JSON.stringify(o);
    };
    expect(m.events.map(unsourced)).toEqual(r.events.map(unsourced));
    expect(m.events.some((ev) => ev.source?.file === 1)).toBe(true);
    expectSourced(m.events, parts);
  });
});

describe("qemu-trace importer on the committed Linux boot", () => {
  const text = read("traces/qemu/linux-boot-virtio-blk.trace.log");
  const r = parseQemuTraceText(text, { catalog, files: ["linux-boot"], strict: true });

  it("is small, complete and imports cleanly", () => {
    expect(text.length).toBeLessThan(2 << 20);
    expect(r.stats).toMatchObject({ skipped: 0, otherLines: 0, configWidthsInferred: 0, unplacedAccesses: 0 });
    expectSourced(r.events, [text]);
    expectAttachedBeforeUse(r.events);
    // the driver's whole life: status from ACKNOWLEDGE to DRIVER_OK, then the reset at power-off
    const status = r.events.filter((ev) => ev.observation?.name === "virtio_set_status").map((ev) => ev.observation?.args?.[1]?.uint);
    expect(status).toEqual(expect.arrayContaining([1, 3, 11, 15]));
    expect(status.at(-1)).toBe(0);
  });

  it("attributes the vCPU's accesses, the device's MSI-X messages and the IOAPIC's", () => {
    expect(r.devices.map((d) => d.id)).toContain("virtio-blk@00:04.0");
    const common = r.events.filter((ev) => ev.mmio && ev.agent?.cpu === 0);
    expect(common.length).toBeGreaterThan(50);
    const msi = r.events.filter((ev) => ev.interrupt?.msi);
    const fromBlk = msi.filter((ev) => ev.agent?.device === "virtio-blk@00:04.0");
    expect(fromBlk.length).toBeGreaterThanOrEqual(8);
    // the device's messages are those its MSI-X table was programmed with; the rest (IOAPIC pins) are the host's
    const blkData = new Set(fromBlk.map((ev) => ev.interrupt?.msi?.data));
    for (const ev of msi.filter((e) => e.agent?.host)) expect(blkData.has(ev.interrupt?.msi?.data)).toBe(false);
    for (const ev of r.events.filter((e) => e.observation?.name?.startsWith("virtqueue_")))
      expect(ev.agent).toEqual({ device: "virtio-blk@00:04.0" });
  });
});

describe("qemu-trace interrupt lines", () => {
  it("binds a line to the device whose interrupt point precedes its first use, through other deliveries", () => {
    const log = [
      "1@1.000000:ioapic_set_irq vector: 0 level: 1", // a timer's line, before any device
      "2@1.000010:memory_region_ops_write cpu 0 mr 0x1 addr 0xfeb00e70 value 0x1 size 4 name 'virtio-mmio'",
      "2@1.000011:virtio_set_status vdev 0x10 val 1", // in the write's handler: vdev is the transport's
      "1@1.000020:virtio_notify vdev 0x10 vq 0x20", // main loop: the device announces an interrupt…
      "1@1.000021:ioapic_set_irq vector: 0 level: 0", // …a timer overtakes it…
      "1@1.000022:memory_region_ops_write cpu -1 mr 0x2 addr 0xfee00000 value 0x30 size 4 name 'apic-msi'",
      "1@1.000023:ioapic_set_irq vector: 5 level: 1", // …and its line's first use follows
      "2@1.000030:ioapic_set_irq vector: 5 level: 0",
      "3@1.000040:ioapic_set_irq vector: 7 level: 1", // first used with no device point: the host's
      "1@1.000050:virtio_notify vdev 0x10 vq 0x20",
      "1@1.000051:ioapic_set_irq vector: 7 level: 0", // and stays the host's
    ].join("\n");
    const r = parseQemuTraceText(log, { catalog, files: ["irq"], strict: true });
    expect(r.events.filter((ev) => ev.interrupt).map(brief)).toEqual([
      "host irq line 0 assert @1",
      "host irq line 0 deassert @5",
      "host irq msi 0xfee00000:0x30 pulse @6",
      "virtio-mmio@0xfeb00e00 irq line 5 assert @7",
      "virtio-mmio@0xfeb00e00 irq line 5 deassert @8",
      "host irq line 7 assert @9",
      "host irq line 7 deassert @11",
    ]);
  });
});

describe("qemu-trace parser streaming", () => {
  it("decides a point that waits for its thread within a bounded backlog", () => {
    const p = new QemuTraceParser({ catalog, files: ["x"] });
    let out = p.feed("1@1.000000:virtio_mmio_setting_irq virtio_mmio setting IRQ 1", 1).length;
    expect(out).toBe(0); // waits for thread 1's next access
    for (let i = 0; i < 10_000; i++) {
      out += p.feed(`2@1.${String(i).padStart(6, "0")}:ioapic_set_irq vector: 0 level: 0`, i + 2).length;
    }
    // the backlog stays below the queue bound: most events are out before the input ends
    expect(out).toBeGreaterThan(9_000);
    expect(out + p.end().length).toBe(10_001);
  });
});
