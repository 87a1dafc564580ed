import { describe, expect, it } from "vitest";
import {
  classifyLine,
  formatCommand,
  parseCommand,
  parseIrq,
  parseQtestInt,
  parseReply,
  QtestSyntaxError,
  replyBytes,
  replyValue,
} from "../../src/io/qtest/protocol.js";
import { defaultDeviceId, formatBdf, parseBdf, parseDeviceSpec, parseSize, topologyEvents } from "../../src/io/qtest/topology.js";

describe("qtest protocol text", () => {
  it("reads integers as QEMU's strtoul(…, 0) does", () => {
    expect(parseQtestInt("0x1F", "v")).toBe(31n);
    expect(parseQtestInt("017", "v")).toBe(15n);
    expect(parseQtestInt("0", "v")).toBe(0n);
    expect(parseQtestInt("1234", "v")).toBe(1234n);
    expect(parseQtestInt("0xffffffffffffffff", "v")).toBe(0xffff_ffff_ffff_ffffn);
    expect(() => parseQtestInt("09", "value")).toThrow("value '09' is not an unsigned integer (decimal, 0x-hex or 0-octal)");
    expect(() => parseQtestInt("-1", "value")).toThrow(QtestSyntaxError);
    expect(() => parseQtestInt(undefined, "port")).toThrow("missing port");
  });

  it("parses each command and formats it back as QEMU logs it", () => {
    const lines = [
      "outb 0x80 0x42",
      "outw 0xcfe 0x7",
      "outl 0xcf8 0x80000000",
      "inb 0x61",
      "inl 0xcfc",
      "writeb 0x1000 0x11",
      "writeq 0x1008 0x8899aabbccddeeff",
      "readq 0xfeb00e00",
      "read 0x2000 0x4",
      "write 0x2000 0x4 0xdeadbeef",
      "b64read 0x3000 0x7",
      "b64write 0x3000 0x7 ZGV2dGFwZQ==",
      "memset 0x4000 0x100 0x5a",
      "clock_step",
      "clock_step 1000",
      "clock_set 5000",
      "irq_intercept_in ioapic",
      "irq_intercept_out /machine/unattached/device[0] ioapic",
      "set_irq_in ioapic unnamed-gpio-in 5 1",
      "endianness",
      "module_load accel tcg",
    ];
    for (const l of lines) expect(formatCommand(parseCommand(l))).toBe(l);
  });

  it("truncates values to the access width as QEMU does, and decodes data", () => {
    expect(parseCommand("outb 0x80 0x1234")).toEqual({ op: "out", size: 1, port: 0x80, value: 0x34 });
    expect(parseCommand("writew 0x10 0x12345")).toEqual({ op: "write", size: 2, addr: 0x10, value: 0x2345n });
    expect(parseCommand("write 0x0 0x4 0xabc")).toMatchObject({ data: Uint8Array.from([0xab, 0, 0, 0]) });
    expect(parseCommand("write 0x0 0x2 0xaabbccdd")).toMatchObject({ data: Uint8Array.from([0xaa, 0xbb]) });
    expect(parseCommand("write 0x0 0x2 0x")).toMatchObject({ rejected: "data of fewer than 3 characters" });
    expect(parseCommand("b64write 0x0 0x6 AQID")).toMatchObject({ data: Uint8Array.from([1, 2, 3, 0, 0, 0]), lengthMismatch: 3 });
    expect(formatCommand(parseCommand("b64write 0x0 0x6 AQID"))).toBe("b64write 0x0 0x6 AQID");
    expect(parseCommand("memset 0x0 0x10 0x1ff")).toMatchObject({ byte: 0xff });
  });

  it("says what is wrong with a command", () => {
    const msg = (l: string) => {
      try {
        parseCommand(l);
      } catch (e) {
        return (e as Error).message;
      }
      return "no error";
    };
    expect(msg("outl 0xcf8")).toBe("'outl' needs PORT VALUE");
    expect(msg("inb 0x10 0x20")).toBe("'inb' takes PORT, got extra '0x20'");
    expect(msg("writel 0x1000 zz")).toBe("value 'zz' is not an unsigned integer (decimal, 0x-hex or 0-octal)");
    expect(msg("read 0x0 0x0")).toBe("'read' of 0 bytes (QEMU aborts on it)");
    expect(msg("write 0x0 0x2 0xgg")).toBe("data '0xgg' is not 0x followed by hex digits");
    expect(msg("b64write 0x0 0x2 !!!")).toBe("data '!!!' is not base64");
    expect(msg("readl 0x20000000000000")).toBe("address 0x20000000000000 is above 2^53 - 1 (devtape keeps 64-bit fields below 2^53)");
    expect(msg("hello")).toMatch(/^'hello' is not a qtest command \(expected one of outb, /);
  });

  it("reads replies, IRQ lines and their values", () => {
    expect(parseReply("OK")).toEqual({ status: "OK", text: "" });
    expect(parseReply("OK 0x0030")).toEqual({ status: "OK", text: "0x0030" });
    expect(parseReply("FAIL Unknown command 'x'")).toEqual({ status: "FAIL", text: "Unknown command 'x'" });
    expect(parseReply("ERR invalid argument size")).toEqual({ status: "ERR", text: "invalid argument size" });
    expect(parseReply("OKAY")).toBeUndefined();
    expect(parseIrq("IRQ raise 11")).toEqual({ line: 11, level: true });
    expect(parseIrq("IRQ lower 0")).toEqual({ line: 0, level: false });
    expect(parseIrq("IRQ toggle 1")).toBeUndefined();
    expect(replyValue({ op: "in", size: 2, port: 0 }, "0x29c0")).toBe(0x29c0n);
    expect(() => replyValue({ op: "in", size: 1, port: 0 }, "0x0100")).toThrow("reply 0x100 to inb 0x0 is wider than 1 byte(s)");
    expect(replyBytes({ op: "memread", encoding: "hex", addr: 0, length: 2 }, "0xbeef")).toEqual(Uint8Array.from([0xbe, 0xef]));
    expect(replyBytes({ op: "memread", encoding: "b64", addr: 0, length: 3 }, "AQID")).toEqual(Uint8Array.from([1, 2, 3]));
    expect(() => replyBytes({ op: "memread", encoding: "hex", addr: 0, length: 4 }, "0xbeef")).toThrow(
      "the reply holds 2 bytes, the read asked for 4",
    );
  });

  it("classifies log, fuzzer, script and conversation lines", () => {
    expect(classifyLine("[R +0.021470] outl 0xcf8 0x80001010")).toEqual({
      type: "command",
      text: "outl 0xcf8 0x80001010",
      timeNs: 21_470_000,
      dma: false,
      logged: true,
    });
    expect(classifyLine("[DMA] [DOUBLE-FETCH] [R +1.5] write 0x0 0x1 0x01")).toMatchObject({
      type: "command",
      dma: true,
      timeNs: 1_500_000_000,
    });
    expect(classifyLine("[S +0.000002] OK 0x1")).toEqual({ type: "reply", reply: { status: "OK", text: "0x1" }, timeNs: 2000 });
    expect(classifyLine("[S +0.1] IRQ raise 4")).toEqual({ type: "irq", irq: { line: 4, level: true }, timeNs: 100_000_000 });
    expect(classifyLine("[S +0.1] b64write: data length mismatch (told 6, found 3)")).toMatchObject({ type: "note" });
    expect(classifyLine("[I 1611255006.321957] OPENED")).toMatchObject({ type: "opened" });
    expect(classifyLine("[I +0.2] CLOSED")).toMatchObject({ type: "closed" });
    expect(classifyLine("  # a comment")).toEqual({ type: "empty" });
    expect(classifyLine("outb 0x80 0x1")).toEqual({ type: "command", text: "outb 0x80 0x1", dma: false, logged: false });
    expect(classifyLine("ERR invalid argument size")).toMatchObject({ type: "reply", reply: { status: "ERR" } });
    expect(() => classifyLine("[S +0.1] what")).toThrow("expected OK, FAIL, ERR or 'IRQ raise|lower N' after '[S +T]', got 'what'");
    expect(() => classifyLine("[DMA] [S +0.1] OK")).toThrow("'[DMA]' tags only commands ([R +T] lines)");
  });
});

describe("qtest topology flags", () => {
  it("parses --device specs, sizes and PCI addresses", () => {
    expect(parseDeviceSpec("virtio-blk-pci@00:04.0,irq=20,disable-legacy=on")).toEqual({
      id: "virtio-blk@00:04.0",
      kind: "virtio-blk-pci",
      pciBdf: 32,
      irq: 20,
      props: [{ name: "disable-legacy", value: "on" }],
    });
    expect(parseDeviceSpec("virtio-mmio@0xfeb00e00,irq=12,backend=virtio-blk-device")).toMatchObject({
      id: "virtio-mmio@0xfeb00e00",
      mmioBase: 0xfeb00e00,
      mmioSize: 0x200,
    });
    expect(parseDeviceSpec("pl011@0x9000000,size=0x1000,id=uart0")).toMatchObject({ id: "uart0", mmioSize: 0x1000 });
    expect(parseDeviceSpec("megasas")).toBe("'megasas' is not KIND@LOCATION[,prop=value…] (e.g. virtio-blk-pci@00:03.0,irq=11)");
    expect(parseDeviceSpec("x@00:40.0")).toBe(
      "location '00:40.0' of 'x@00:40.0' is neither a PCI address (bb:dd.f) nor a 0x-hex MMIO base",
    );
    expect(parseDeviceSpec("pl011@0x9000000")).toBe("'pl011@0x9000000' needs size=… (the size of its MMIO window)");
    expect(parseDeviceSpec("e1000@00:02.0,irq=x")).toBe("irq 'x' of 'e1000@00:02.0,irq=x' is not an IRQ number");
    expect(parseDeviceSpec("e1000@00:02.0,flag")).toBe("property 'flag' of 'e1000@00:02.0,flag' is not name=value");
    expect(parseSize("128M")).toBe(128 * 2 ** 20);
    expect(parseSize("1G")).toBe(2 ** 30);
    expect(parseSize("4096")).toBe(4096);
    expect(parseSize("12Q")).toBeUndefined();
    expect(parseBdf("0001:02:1f.7")).toBe((1 << 16) | (2 << 8) | (31 << 3) | 7);
    expect(formatBdf((2 << 8) | (31 << 3) | 7)).toBe("02:1f.7");
    expect(defaultDeviceId("virtio-blk-device", { mmioBase: 0x1000 })).toBe("virtio-blk@0x1000");
  });

  it("emits the machine first, then one attach per device", () => {
    const evs = topologyEvents({
      machine: { type: "microvm", ramSize: 2 ** 27 },
      devices: [
        {
          id: "virtio-mmio@0xfeb00e00",
          kind: "virtio-mmio",
          mmioBase: 0xfeb00e00,
          mmioSize: 0x200,
          irq: 12,
          props: [{ name: "a", value: "b" }],
        },
      ],
    });
    expect(evs).toEqual([
      { agent: { host: true }, machine: { type: "microvm", ramSize: 2 ** 27 } },
      {
        agent: { host: true },
        attach: {
          id: "virtio-mmio@0xfeb00e00",
          kind: "virtio-mmio",
          mmioBase: 0xfeb00e00,
          mmioSize: 0x200,
          irq: 12,
          props: [{ name: "a", value: "b" }],
        },
      },
    ]);
  });
});
