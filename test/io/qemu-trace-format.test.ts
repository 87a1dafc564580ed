// Trace-event declarations and their printf formats, read back into typed arguments: a table
// of real declarations (copied from QEMU 7.2's trace-events-all) and lines QEMU's log
// backend prints for them; the declaration syntax and its errors; and, when QEMU is
// installed, every declaration of its trace-events-all.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { prng } from "../../src/bench/synthetic.js";
import { type ArgValue, argKind, compileFormat, type Matcher, pointerKey, UnreadableFormat } from "../../src/io/qemu-trace/format.js";
import { parseDeclaration, TraceCatalog, TraceEventsError } from "../../src/io/qemu-trace/trace-events.js";

function matcherOf(declaration: string): Matcher {
  const d = parseDeclaration(declaration, 1);
  const m = compileFormat(d.format, d.args);
  if (m instanceof UnreadableFormat) throw new Error(`${d.name}: ${m.reason}`);
  return m;
}

// [declaration (as in trace-events-all), text after "name ", expected arguments, expected kinds]
const TABLE: [string, string, unknown[], string[]][] = [
  [
    `memory_region_ops_read(int cpu_index, void *mr, uint64_t addr, uint64_t value, unsigned size, const char *name) "cpu %d mr %p addr 0x%"PRIx64" value 0x%"PRIx64" size %u name '%s'"`,
    "cpu -1 mr 0x5593a9c3d680 addr 0xfeb00e10 value 0x10130006e54 size 4 name 'virtio-mmio'",
    [-1, "0x5593a9c3d680", 0xfeb00e10, 0x10130006e54, 4, "virtio-mmio"],
    ["int", "ptr", "uint", "uint", "uint", "str"],
  ],
  [
    // a 64-bit value beyond 2^53 stays exact
    `memory_region_ops_write(int cpu_index, void *mr, uint64_t addr, uint64_t value, unsigned size, const char *name) "cpu %d mr %p addr 0x%"PRIx64" value 0x%"PRIx64" size %u name '%s'"`,
    "cpu 0 mr (nil) addr 0xcfc value 0xffffffffffffffff size 4 name 'it''s'",
    [0, "(nil)", 0xcfc, 0xffffffffffffffffn, 4, "it''s"],
    ["int", "ptr", "uint", "uint", "uint", "str"],
  ],
  [
    `pci_update_mappings_add(const char *dev, uint32_t bus, uint32_t slot, uint32_t func, int bar, uint64_t addr, uint64_t size) "%s %02x:%02x.%x %d,0x%"PRIx64"+0x%"PRIx64`,
    "virtio-blk-pci 00:1f.7 4,0xfe004000+0x4000",
    ["virtio-blk-pci", 0, 0x1f, 7, 4, 0xfe004000, 0x4000],
    ["str", "uint", "uint", "uint", "int", "uint", "uint"],
  ],
  [
    `pci_cfg_read(const char *dev, uint32_t bus, uint32_t slot, uint32_t func, unsigned offs, unsigned val) "%s %02x:%02x.%x @0x%x -> 0x%x"`,
    "ICH9-LPC 00:1f.0 @0x0 -> 0x29188086",
    ["ICH9-LPC", 0, 0x1f, 0, 0, 0x29188086],
    ["str", "uint", "uint", "uint", "uint", "uint"],
  ],
  [`ioapic_set_irq(int vector, int level) "vector: %d level: %d"`, "vector: 12 level: 1", [12, 1], ["int", "int"]],
  [
    `virtqueue_fill(void *vq, const void *elem, unsigned int len, unsigned int idx) "vq %p elem %p len %u idx %u"`,
    "vq 0x7f320fc9e010 elem (nil) len 513 idx 3",
    ["0x7f320fc9e010", "(nil)", 513, 3],
    ["ptr", "ptr", "uint", "uint"],
  ],
  [
    // an int printed with %u / %x reads back as the negative number it was
    `virtio_scsi_cmd_req(int lun, uint32_t tag, uint8_t cmd) "virtio_scsi_cmd_req lun=%u tag=0x%x cmd=0x%x"`,
    "virtio_scsi_cmd_req lun=4294967295 tag=0xffffffff cmd=0x12",
    [-1, 0xffffffff, 0x12],
    ["int", "uint", "uint"],
  ],
  [
    // a uint32_t printed with %d reads back unsigned
    `virtio_balloon_get_config(uint32_t num_pages, uint32_t actual) "num_pages: %d actual: %d"`,
    "num_pages: -1 actual: 7",
    [0xffffffff, 7],
    ["uint", "uint"],
  ],
  [
    // a PRI macro outside the quotes, and a signed 64-bit decimal
    `virtio_gpu_cmd_res_create_blob(uint32_t res, uint64_t size) "res 0x%x, size %" PRId64`,
    "res 0x2a, size 4096",
    [42, 4096],
    ["uint", "uint"],
  ],
  [
    `virtio_console_flush_buf(unsigned int port, size_t len, ssize_t ret) "port %u, in_len %zu, out_len %zd"`,
    "port 1, in_len 16, out_len -11",
    [1, 16, -11],
    ["uint", "uint", "int"],
  ],
  [
    // literal parentheses, semicolons and zero-padded widths
    `ide_ioport_read(uint32_t addr, const char *reg, uint32_t val, void *bus, void *s)  "IDE PIO rd @ 0x%"PRIx32" (%s); val 0x%02"PRIx32"; bus %p IDEState %p"`,
    "IDE PIO rd @ 0x1f7 (Status); val 0x50; bus 0x55d4a0001000 IDEState 0x55d4a0001100",
    [0x1f7, "Status", 0x50, "0x55d4a0001000", "0x55d4a0001100"],
    ["uint", "str", "uint", "ptr", "ptr"],
  ],
  [
    `led_change_intensity(const char *color, const char *desc, uint8_t old_intensity_percent, uint8_t new_intensity_percent) "LED desc:'%s' color:%s intensity %u%% -> %u%%"`,
    "LED desc:'power' color:green intensity 0% -> 100%",
    // printf fills conversions in argument order: QEMU's declaration has color first
    ["power", "green", 0, 100],
    ["str", "str", "uint", "uint"],
  ],
  [
    `serial_update_parameters(uint64_t baudrate, char parity, int data_bits, int stop_bits) "baudrate=%"PRIu64" parity='%c' data=%d stop=%d"`,
    "baudrate=115200 parity='N' data=8 stop=1",
    [115200, "N", 8, 1],
    ["uint", "str", "int", "int"],
  ],
  [
    `net_rx_pkt_rss_hash(size_t rss_length, uint32_t rss_hash) "RSS hash for %zu bytes: 0x%X"`,
    "RSS hash for 64 bytes: 0xDEADBEEF",
    [64, 0xdeadbeef],
    ["uint", "uint"],
  ],
  [
    `ssh_connect_to_ssh(char *path, int flags, int mode) "opening file %s flags=0x%x creat_mode=0%o"`,
    "opening file /tmp/x y flags=0x2 creat_mode=0644",
    ["/tmp/x y", 2, 0o644],
    ["str", "int", "int"],
  ],
  [
    // a 'vcpu' event: tracetool adds the CPU as a hidden first argument
    `vcpu guest_user_syscall_ret(uint64_t num, uint64_t ret) "num=0x%016"PRIx64" ret=0x%016"PRIx64`,
    "cpu=0x55d4a0009000 num=0x0000000000000001 ret=0xfffffffffffffff2",
    ["0x55d4a0009000", 1, 0xfffffffffffffff2n],
    ["ptr", "uint", "uint"],
  ],
  [`virtio_net_announce_notify(void) ""`, "", [], []],
  [`megasas_mmio_readl(const char *reg, uint32_t val) "reg %s: 0x%x"`, "reg MFI_OMSG0: 0x0", ["MFI_OMSG0", 0], ["str", "uint"]],
];

describe("trace-event formats read back typed arguments", () => {
  it.each(TABLE)("%s", (declaration, text, args, kinds) => {
    const m = matcherOf(declaration);
    expect(m.kinds).toEqual(kinds);
    expect(m.match(text)).toEqual(args);
  });

  it("rejects text that does not fit the format", () => {
    const m = matcherOf(TABLE[0]?.[0] as string);
    expect(m.match("cpu -1 mr 0x55 addr 0xzz value 0x1 size 4 name 'x'")).toBeUndefined();
    expect(m.match("cpu -1 mr 0x55 addr 0x10 value 0x1 size 4")).toBeUndefined();
    expect(m.match("cpu -1 mr 0x55 addr 0x10 value 0x1 size 4 name 'x' and more")).toBeUndefined();
    const irq = matcherOf(`ioapic_set_irq(int vector, int level) "vector: %d level: %d"`);
    expect(irq.match("vector: 12 level: ")).toBeUndefined();
    expect(irq.match("vector: 1a level: 0")).toBeUndefined();
  });

  it("says why a format cannot be read back", () => {
    const star = parseDeclaration(
      `pflash_sector_erase_start(const char *name, int width1, uint64_t start, int width2, uint64_t end) "%s: start sector erase at: 0x%0*" PRIx64 "-0x%0*" PRIx64`,
      1,
    );
    const m = compileFormat(star.format, star.args);
    expect(m).toBeInstanceOf(UnreadableFormat);
    expect((m as UnreadableFormat).reason).toBe("a '*' width takes an argument the matcher cannot place");
    const few = parseDeclaration(`x(int a, int b) "a %d"`, 1);
    expect((compileFormat(few.format, few.args) as UnreadableFormat).reason).toBe("the format has 1 conversions for 2 declared arguments");
    const fp = parseDeclaration(`y(double d) "d %f"`, 1);
    expect((compileFormat(fp.format, fp.args) as UnreadableFormat).reason).toBe("'%f' (floating point) cannot be read back");
  });

  it("types C arguments", () => {
    expect(argKind("const char *")).toEqual({ kind: "str", bits: 64 });
    expect(argKind("char *")).toEqual({ kind: "str", bits: 64 });
    expect(argKind("const void *")).toEqual({ kind: "ptr", bits: 64 });
    expect(argKind("struct VirtQueue*")).toEqual({ kind: "ptr", bits: 64 });
    expect(argKind("uint16_t")).toEqual({ kind: "uint", bits: 16 });
    expect(argKind("int64_t")).toEqual({ kind: "int", bits: 64 });
    expect(argKind("unsigned int")).toEqual({ kind: "uint", bits: 32 });
    expect(argKind("size_t")).toEqual({ kind: "uint", bits: 64 });
    expect(argKind("ssize_t")).toEqual({ kind: "int", bits: 64 });
    expect(argKind("bool")).toEqual({ kind: "uint", bits: 8 });
    expect(argKind("char")).toEqual({ kind: "int", bits: 8 });
    expect(argKind("MegasasCmd")).toEqual({ kind: "auto", bits: 32 });
  });
});

describe("trace-event declarations", () => {
  it("reads names, properties, arguments and the format with PRI macros and escapes expanded", () => {
    const d = parseDeclaration(`disable foo_bar(uint64_t a, const char *s)  "a=0x%" PRIx64 " s=\\"%s\\"\\n"`, 7);
    expect(d).toEqual({
      name: "foo_bar",
      args: [
        { ctype: "uint64_t", name: "a", kind: "uint", bits: 64 },
        { ctype: "const char *", name: "s", kind: "str", bits: 64 },
      ],
      format: 'a=0x%llx s="%s"',
      line: 7,
    });
  });

  it("says what is wrong with a bad declaration", () => {
    expect(() => parseDeclaration("just words", 1)).toThrow(new TraceEventsError("not a declaration 'name(type arg, …) \"format\"'"));
    expect(() => parseDeclaration(`f(int) "%d"`, 1)).toThrow(new TraceEventsError("argument 'int' of f is not 'type name'"));
    expect(() => parseDeclaration(`f(int a) "%d`, 1)).toThrow(new TraceEventsError("the format of f: unterminated string"));
    expect(() => parseDeclaration(`f(int a) "%" PRIq64`, 1)).toThrow(
      new TraceEventsError("the format of f: 'PRIq64' is neither a string nor a PRI macro"),
    );
  });

  it("names the file and line of a bad declaration in a catalog", () => {
    expect(() => new TraceCatalog("te", '# comment\n\nok(int a) "%d"\nbad line here\n')).toThrow(
      new TraceEventsError("te:4: not a declaration 'name(type arg, …) \"format\"'"),
    );
    expect(() => new TraceCatalog("empty", "# nothing\n")).toThrow(
      new TraceEventsError("empty: no trace-event declarations (is it QEMU's trace-events-all?)"),
    );
  });

  it("loads the fixture declarations of QEMU 7.2", () => {
    const c = TraceCatalog.load("test/fixtures/qemu-trace/trace-events-7.2");
    expect(c.size).toBeGreaterThan(25);
    expect(c.get("memory_region_ops_read")?.line).toBeGreaterThan(3);
    expect(c.get("no_such_event")).toBeUndefined();
  });

  it("parses a catalog read before when asked (an import's worker), to the same declarations", () => {
    const path = TraceCatalog.defaultPath() ?? "test/fixtures/qemu-trace/trace-events-7.2";
    const text = readFileSync(path, "utf8");
    // (a name declared twice: the first declaration counts, as when the file is read whole)
    const doubled = `${text}\nmemory_region_ops_read(int x) "x %d"\n`;
    const eager = new TraceCatalog(path, doubled);
    const later = TraceCatalog.parsedLater(path, doubled);
    expect(later.size).toBe(eager.size);
    expect(later.get("memory_region_ops_write")).toEqual(eager.get("memory_region_ops_write"));
    expect(later.get("memory_region_ops_read")).toEqual(eager.get("memory_region_ops_read"));
    expect(later.get("no_such_event")).toBeUndefined();
    expect([...later.declarations()]).toEqual([...eager.declarations()]);
  });

  const installed = TraceCatalog.defaultPath();
  it.skipIf(installed === undefined)(
    `compiles every declaration of the installed trace-events-all${installed === undefined ? " [skipped: no QEMU trace-events-all installed]" : ""}`,
    () => {
      const c = TraceCatalog.load(installed as string);
      expect(c.size).toBeGreaterThan(1000);
      const unreadable: string[] = [];
      for (const d of c.declarations()) {
        const m = c.matcher(d);
        if (m instanceof UnreadableFormat) unreadable.push(`${d.name}: ${m.reason}`);
      }
      // QEMU 7.2 has two formats with a '*' width (pflash_sector_erase_start, empty_slot_write).
      expect(unreadable.length).toBeLessThan(5);
      for (const u of unreadable) expect(u).toMatch(/'\*' width/);
      expect(existsSync(installed as string)).toBe(true);
    },
  );
});

// The scanner (format.ts) must read every ASCII line exactly as the regular expression does:
// lines printed from every declaration with random values, paddings and strings (strings that
// contain the format's own literal text, quotes, spaces and line terminators), then cut,
// grown and mangled, are read both ways and compared, as bytes within a longer buffer.
describe("the format scanner reads lines as the expression does", () => {
  const SPEC = /%([-+ #0]*)(\d+)?(?:\.(\d+))?(hh|h|ll|l|L|q|j|z|Z|t)?([a-zA-Z%])/g;

  /** A line printed from the format, with random values where its conversions are. */
  function printed(format: string, rnd: () => number): string {
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const literals = format.split(SPEC).filter((x, i) => i % 6 === 0 && x !== "");
    const hex = () => Math.floor(rnd() * 2 ** (1 + Math.floor(rnd() * 52))).toString(16);
    const dec = () => String(Math.floor(rnd() * 2 ** (1 + Math.floor(rnd() * 52))));
    const big = () => "18446744073709551615".slice(0, 1 + Math.floor(rnd() * 20));
    return format.replace(SPEC, (_all, flags: string, width: string | undefined, _p, _l, conv: string) => {
      const pad = width !== undefined && rnd() < 0.5 ? " ".repeat(Math.floor(rnd() * 4)) : flags.includes(" ") && rnd() < 0.5 ? " " : "";
      switch (conv) {
        case "%":
          return "%";
        case "d":
        case "i":
          return pad + pick(["", "-", "+"]) + pick([dec, big, () => "0", () => "007"])();
        case "u":
          return pad + pick([dec, big, () => "0"])();
        case "x":
          return pad + (flags.includes("#") && rnd() < 0.7 ? "0x" : "") + pick([hex, () => "ffffffffffffffff", () => "0"])();
        case "X":
          return pad + pick([hex, () => "FFFFFFFFFFFFFFFF"])().toUpperCase();
        case "o":
          return pad + Math.floor(rnd() * 1e6).toString(8);
        case "p":
          return pad + pick(["(nil)", `0x${hex()}`, "0x5560c6f1c600"]);
        case "c":
          return pick(["N", " ", "'", "\r"]);
        case "s":
          return pad + pick(["virtio-mmio", "", "it''s", "a b", "x\ry", ...literals, `q${pick(literals.length ? literals : ["z"])}q`]);
        default:
          return `%${conv}`;
      }
    });
  }

  /** The line cut, grown or changed at a random place. */
  function mangled(line: string, rnd: () => number): string {
    const at = Math.floor(rnd() * (line.length + 1));
    const bits = ["", " ", "0", "9", "a", "f", "x", "-", "'", ":", "(nil)", "0x", "\u2028"];
    const bit = bits[Math.floor(rnd() * bits.length)] as string;
    switch (Math.floor(rnd() * 4)) {
      case 0:
        return line.slice(0, at);
      case 1:
        return line.slice(0, at) + bit + line.slice(at);
      case 2:
        return line.slice(0, at) + bit + line.slice(at + 1);
      default:
        return line + bit;
    }
  }

  const installed = TraceCatalog.defaultPath();
  const catalog = TraceCatalog.load(installed ?? "test/fixtures/qemu-trace/trace-events-7.2");

  it(`on every declaration of ${installed ?? "the fixture trace-events-7.2"}`, () => {
    const rnd = prng(11);
    let scanned = 0;
    let matched = 0;
    for (const d of catalog.declarations()) {
      const fast = compileFormat(d.format, d.args);
      const reference = compileFormat(d.format, d.args, { scanner: false });
      if (fast instanceof UnreadableFormat || reference instanceof UnreadableFormat) continue;
      for (let i = 0; i < 6; i++) {
        const good = printed(d.format, rnd);
        for (const line of [good, mangled(good, rnd), mangled(mangled(good, rnd), rnd)]) {
          const want = reference.match(line);
          expect(fast.match(line), `${d.name}: ${JSON.stringify(line)}`).toEqual(want);
          // the scanner reads ASCII lines (others are decoded and read with the expression)
          if (!/^[\x00-\x09\x0b\x0c\x0e-\x7f]*$/.test(line)) continue;
          const prefix = rnd() < 0.5 ? "" : `${d.name} `;
          const suffix = rnd() < 0.5 ? "" : "\nnext line";
          const bytes = Buffer.from(prefix + line + suffix, "latin1");
          // (the byte reader may give a pointer as its pointerKey)
          const keyed = (values: ArgValue[] | undefined) => values?.map((v, k) => (fast.kinds[k] === "ptr" ? pointerKey(v) : v));
          const got = fast.matchBytes(bytes, prefix.length, prefix.length + line.length);
          expect(keyed(got), `${d.name}: ${JSON.stringify(line)}`).toEqual(keyed(want));
          scanned++;
          if (want !== undefined) matched++;
        }
      }
    }
    // the comparison covers lines that match and lines that do not
    expect(matched).toBeGreaterThan(scanned / 4);
    expect(scanned - matched).toBeGreaterThan(scanned / 10);
  });
});

describe("pointer keys", () => {
  it("are the value of a canonical pointer, else its text", () => {
    expect(pointerKey("0x5560c6f1c600")).toBe(0x5560c6f1c600);
    expect(pointerKey("0x1")).toBe(1);
    expect(pointerKey("0xfffffffffffff")).toBe(0xfffffffffffff);
    for (const p of ["(nil)", "0x0", "0", "0x05", "0x10000000000000", "0xABC", "0x"]) expect(pointerKey(p)).toBe(p);
    // two texts have equal keys exactly when they are the same text
    expect(pointerKey("0x05")).not.toBe(pointerKey("0x5"));
  });
});
