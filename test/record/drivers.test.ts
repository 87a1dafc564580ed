// The driver helpers against a small fake machine (no QEMU): PCI config cycles and BAR
// sizing, the capability walk, queue layouts, and the order of ring stores, barriers and
// the notify in a published batch.
import { describe, expect, it } from "vitest";
import type { QtestCommand, QtestReply } from "../../src/io/qtest/protocol.js";
import type { DriverBus } from "../../src/record/drivers/driver-bus.js";
import { GuestMemory } from "../../src/record/drivers/guest-memory.js";
import { BarAllocator, PciConfig } from "../../src/record/drivers/pci-config.js";
import { routeIntx } from "../../src/record/drivers/pci-intx.js";
import { allocateQueue, SplitVirtqueue } from "../../src/record/drivers/virtqueue.js";
import { QtestCommands } from "../../src/record/qtest/commands.js";

/** One PCI function with a legacy I/O BAR0, a 4 KiB BAR1, a 64-bit 16 KiB BAR4 and two caps. */
class FakeMachine extends QtestCommands implements DriverBus {
  readonly log: string[] = [];
  readonly ram = new Uint8Array(0x40_0000);
  private cf8 = 0;
  readonly cfg = new Map<number, Uint8Array>();
  private readonly sizes: Record<number, number> = { 0x10: 0x80, 0x14: 0x1000, 0x20: 0x4000 };

  constructor() {
    super();
    const f = new Uint8Array(256);
    const v = new DataView(f.buffer);
    v.setUint32(0, 0x1001_1af4, true);
    v.setUint16(6, 0x10, true); // status: capability list
    v.setUint32(0x10, 0x1, true); // BAR0 I/O
    v.setUint32(0x20, 0xc, true); // BAR4 64-bit prefetchable
    f[0x34] = 0x40;
    f.set([0x11, 0x50], 0x40); // MSI-X, next 0x50
    f.set([0x09, 0x00, 0x10, 0x01], 0x50); // vendor cap, common cfg
    f[0x3d] = 1; // INTA
    this.cfg.set(4 << 3, f);
    this.cfg.set(1 << 3, new Uint8Array(256));
  }

  barrier(kind: string, flavour: string): void {
    this.log.push(`barrier ${kind} ${flavour}`);
  }
  marker(text: string): void {
    this.log.push(`marker ${text}`);
  }
  async waitForIrq(): Promise<void> {}

  private cfgAccess(port: number, size: number, write?: number): number {
    const bdf = (this.cf8 >> 8) & 0xffff;
    const off = (this.cf8 & 0xfc) + (port - 0xcfc);
    const f = this.cfg.get(bdf);
    if (!f) return write === undefined ? 2 ** (8 * size) - 1 : 0;
    const v = new DataView(f.buffer);
    if (write === undefined) return size === 4 ? v.getUint32(off, true) : size === 2 ? v.getUint16(off, true) : v.getUint8(off);
    const barSize = this.sizes[off];
    if (barSize !== undefined && size === 4) {
      const low = v.getUint32(off, true) & (off === 0x10 ? 0x3 : 0xf);
      v.setUint32(off, ((write & ~(barSize - 1)) | low) >>> 0, true);
    } else if (off === 0x24 && size === 4) {
      v.setUint32(off, write >>> 0, true); // the upper half of the 64-bit BAR4: every bit writable
    } else if (off >= 0x10 && off < 0x28) {
      // an unimplemented BAR: reads as zero whatever is written
    } else if (size === 4) v.setUint32(off, write >>> 0, true);
    else if (size === 2) v.setUint16(off, write, true);
    else v.setUint8(off, write);
    return 0;
  }

  override async send(cmd: QtestCommand): Promise<QtestReply> {
    switch (cmd.op) {
      case "out":
        this.log.push(`out ${cmd.port.toString(16)} ${cmd.value.toString(16)}`);
        if (cmd.port === 0xcf8) this.cf8 = cmd.value;
        else if (cmd.port >= 0xcfc && cmd.port < 0xd00) this.cfgAccess(cmd.port, cmd.size, cmd.value);
        return { status: "OK", text: "" };
      case "in": {
        const v = cmd.port >= 0xcfc && cmd.port < 0xd00 ? this.cfgAccess(cmd.port, cmd.size) : 0;
        return { status: "OK", text: `0x${v.toString(16).padStart(4, "0")}` };
      }
      case "write": {
        this.log.push(`write${cmd.size} ${cmd.addr.toString(16)} ${cmd.value.toString(16)}`);
        for (let i = 0; i < cmd.size; i++) this.ram[cmd.addr + i] = Number((cmd.value >> BigInt(8 * i)) & 0xffn);
        return { status: "OK", text: "" };
      }
      case "read": {
        let v = 0n;
        for (let i = cmd.size - 1; i >= 0; i--) v = (v << 8n) | BigInt(this.ram[cmd.addr + i] ?? 0);
        this.log.push(`read${cmd.size} ${cmd.addr.toString(16)}`);
        return { status: "OK", text: `0x${v.toString(16).padStart(16, "0")}` };
      }
      case "memwrite":
        this.log.push(`memwrite ${cmd.addr.toString(16)} ${cmd.length}`);
        this.ram.set(cmd.data, cmd.addr);
        return { status: "OK", text: "" };
      case "memset":
        this.ram.fill(cmd.byte, cmd.addr, cmd.addr + cmd.length);
        return { status: "OK", text: "" };
      case "memread":
        this.log.push(`memread ${cmd.addr.toString(16)} ${cmd.length}`);
        return { status: "OK", text: Buffer.from(this.ram.subarray(cmd.addr, cmd.addr + cmd.length)).toString("base64") };
      default:
        return { status: "FAIL", text: "not in the fake" };
    }
  }
}

describe("PCI helpers", () => {
  it("finds the function, sizes its BARs, walks its capabilities and routes INTx as SeaBIOS does", async () => {
    const m = new FakeMachine();
    const cfg = new PciConfig(m);
    expect(await cfg.enumerateBus0()).toEqual([
      { bdf: 8, vendor: 0, device: 0 },
      { bdf: 32, vendor: 0x1af4, device: 0x1001 },
    ]);
    const bars = await cfg.sizeBars(32);
    expect(bars).toEqual([
      { index: 0, kind: "io", prefetchable: false, size: 0x80 },
      { index: 1, kind: "mem32", prefetchable: false, size: 0x1000 },
      { index: 4, kind: "mem64", prefetchable: true, size: 0x4000 },
    ]);
    const alloc = new BarAllocator();
    expect(bars.map((b) => alloc.alloc(b))).toEqual([0xc000, 0xfe00_0000, 0xfe00_4000]);
    expect(await cfg.capabilities(32)).toEqual([
      { id: 0x11, offset: 0x40 },
      { id: 0x09, offset: 0x50 },
    ]);
    expect(await routeIntx(m, cfg, "pc", 32)).toBe(11); // slot 4 INTA -> PIRQD -> IRQ 11
    expect(Array.from(m.cfg.get(8)?.subarray(0x60, 0x64) ?? [])).toEqual([10, 10, 11, 11]);
    expect(m.cfg.get(32)?.[0x3c]).toBe(11);
    expect(m.log).toContain("out 4d0 0");
    expect(m.log).toContain("out 4d1 c");
    expect(await routeIntx(m, cfg, "q35", 32)).toBe(20); // slot 4 INTA -> PIRQE -> GSI 20
  });
});

describe("split virtqueue", () => {
  it("lays out legacy and modern queues", () => {
    const legacy = allocateQueue(new GuestMemory(0x20_0000, 0x10_0000), 256, 4096);
    expect(legacy).toEqual({ size: 256, desc: 0x20_0000, avail: 0x20_1000, used: 0x20_2000, bytes: 0x3000 });
    const small = allocateQueue(new GuestMemory(0x20_0000, 0x10_0000), 8, 4096);
    expect(small).toEqual({ size: 8, desc: 0x20_0000, avail: 0x20_0080, used: 0x20_1000, bytes: 0x2000 });
    const modern = allocateQueue(new GuestMemory(0x20_0004, 0x10_0000), 8);
    expect(modern).toEqual({ size: 8, desc: 0x20_0010, avail: 0x20_0090, used: 0x20_00a8, bytes: 0xa8 + 70 - 0x10 });
    expect(() => new GuestMemory(0, 16).alloc(32)).toThrow("GuestMemory: no room for 32 bytes aligned to 16 in 0x0+0x10");
  });

  it("writes the chain, publishes entries then smp_wmb, idx, smp_mb, flags, notify; frees on use", async () => {
    const m = new FakeMachine();
    const q = allocateQueue(new GuestMemory(0x10_0000, 0x1_0000), 4);
    let notified = 0;
    const vq = new SplitVirtqueue(m, 0, q, async () => {
      notified++;
      m.log.push("notify");
    });
    const head = await vq.addChain([
      { addr: 0x3000, len: 16, writable: false },
      { addr: 0x3010, len: 512, writable: true },
      { addr: 0x3210, len: 1, writable: true },
    ]);
    expect(head).toBe(0);
    expect(vq.freeDescriptors).toBe(1);
    const d1 = new DataView(m.ram.buffer, q.desc + 16, 16);
    expect([Number(d1.getBigUint64(0, true)), d1.getUint32(8, true), d1.getUint16(12, true), d1.getUint16(14, true)]).toEqual([
      0x3010, 512, 3, 2,
    ]);
    m.log.length = 0;
    expect(await vq.publish([head])).toEqual({ notified: true });
    expect(m.log).toEqual([
      `write2 ${(q.avail + 4).toString(16)} 0`,
      "barrier write smp",
      `write2 ${(q.avail + 2).toString(16)} 1`,
      "barrier full smp",
      `read2 ${q.used.toString(16)}`,
      "notify",
    ]);
    expect(await vq.collectUsed()).toEqual([]);
    // The device uses the chain: used ring entry {id 0, len 513}, then used idx 1.
    new DataView(m.ram.buffer).setUint32(q.used + 4, 0, true);
    new DataView(m.ram.buffer).setUint32(q.used + 8, 513, true);
    new DataView(m.ram.buffer).setUint16(q.used + 2, 1, true);
    m.log.length = 0;
    expect(await vq.collectUsed()).toEqual([{ id: 0, len: 513 }]);
    expect(m.log).toEqual([`read2 ${(q.used + 2).toString(16)}`, "barrier read smp", `memread ${(q.used + 4).toString(16)} 8`]);
    expect(vq.freeDescriptors).toBe(4);
    // A device that asks not to be notified (VRING_USED_F_NO_NOTIFY) is not.
    m.ram[q.used] = 1;
    await vq.publish([await vq.addChain([{ addr: 0x3000, len: 16, writable: false }])]);
    expect(notified).toBe(1);
    await expect(vq.addChain(new Array(5).fill({ addr: 0, len: 1, writable: false }))).rejects.toThrow(
      "virtqueue 0: 5 descriptors wanted, 3 free",
    );
  });
});
