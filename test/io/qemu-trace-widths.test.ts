// The width of a memory_region_ops line is the width QEMU called the region's handler with
// (access_with_adjusted_size clamps the access to impl.min/max_access_size): megasas's
// registers take only 8-byte calls, so the importer gives the access that produced the
// call — 4 bytes, at most the address's alignment, unless a write's value needs all 8 — and
// leaves every other region's width as traced.
import { describe, expect, it } from "vitest";
import { parseQemuTraceText } from "../../src/io/qemu-trace/parse-log.js";
import { accessWidth } from "../../src/io/qemu-trace/region-widths.js";
import { TraceCatalog } from "../../src/io/qemu-trace/trace-events.js";

const catalog = TraceCatalog.load("test/fixtures/qemu-trace/trace-events-7.2");
const fits = (value: bigint) => (w: number) => value >> BigInt(8 * w) === 0n;

describe("the access a traced handler call stands for", () => {
  it.each<[string, string, number, number, boolean, bigint, number]>([
    ["megasas register read at 0x44 (misaligned for 8)", "megasas-mmio", 0x44, 8, false, 0n, 4],
    ["megasas inbound queue port write at 0x40", "megasas-mmio", 0x40, 8, true, 0x2b58001n, 4],
    ["megasas write whose value needs 8 bytes (a vCPU's 8-byte store under TCG)", "megasas-mmio", 0x40, 8, true, 0x1_0000_0001n, 8],
    ["megasas 2-byte-aligned call at 0xb2", "megasas-mmio", 0xb2, 8, false, 0n, 2],
    ["megasas queue BAR", "megasas-queue", 0x100, 8, false, 0n, 4],
    ["megasas I/O BAR (impl 4: as wide as any access that reaches it)", "megasas-io", 0xb0, 4, false, 0n, 4],
    ["a region that is not widened keeps its 8 bytes", "hpet", 0xf0, 8, false, 0x1234n, 8],
    ["virtio-pci common configuration keeps its width", "virtio-pci-common-virtio-blk", 0x14, 2, true, 1n, 2],
  ])("%s", (_name, region, addr, size, write, value, want) => {
    expect(accessWidth(region, addr, size, write, fits(value))).toBe(want);
  });

  it("imports megasas's 8-byte lines as the driver's 4-byte accesses, the value cut to them", () => {
    const log = [
      "10@1.000000:pci_update_mappings_add megasas-gen2 00:04.0 1,0xfebc0000+0x4000",
      "11@1.000010:memory_region_ops_read cpu 0 mr 0x1 addr 0xfebc00b0 value 0xb45003f0 size 8 name 'megasas-mmio'",
      "11@1.000020:memory_region_ops_write cpu 0 mr 0x1 addr 0xfebc0034 value 0xfffffffa size 8 name 'megasas-mmio'",
      "11@1.000030:memory_region_ops_write cpu 0 mr 0x1 addr 0xfebc0040 value 0x100000001 size 8 name 'megasas-mmio'",
      "11@1.000040:memory_region_ops_write cpu 0 mr 0x2 addr 0xfebc2000 value 0xfee01004 size 4 name 'msix-table'",
      "",
    ].join("\n");
    const r = parseQemuTraceText(log, { catalog, files: ["widths.log"], strict: true });
    expect(r.events.filter((ev) => ev.mmio).map((ev) => [ev.mmio?.addr, ev.mmio?.size, ev.mmio?.value, ev.mmio?.valueHi ?? 0])).toEqual([
      [0xfebc00b0, 4, 0xb45003f0, 0],
      [0xfebc0034, 4, 0xfffffffa, 0],
      [0xfebc0040, 8, 1, 1],
      [0xfebc2000, 4, 0xfee01004, 0],
    ]);
  });
});
