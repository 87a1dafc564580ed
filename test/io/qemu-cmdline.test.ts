// The topology of a QEMU command line: machine and RAM, PCI slots by QEMU's placement rules,
// microvm's virtio-mmio transports; and, against real QEMU (skipped without it unless CI=true),
// that the slots and transports are where QEMU puts them.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  joinCommandLine,
  knownPci,
  machineOfArgs,
  QemuCmdlineError,
  parseRamSize,
  splitCommandLine,
  topologyOfArgs,
} from "../../src/io/qtest/qemu-cmdline.js";
import { formatBdf } from "../../src/io/qtest/topology.js";
import { haltFirmware } from "../../src/record/qtest/firmware.js";
import { QEMU, skipNote, skipQemu } from "../record/qemu-availability.js";

const words = (text: string) => text.split(" ");
const placed = (text: string, nodefaults = false) =>
  topologyOfArgs(words(text), { nodefaults }).topology.devices.map(
    (d) => `${d.pciBdf !== undefined ? formatBdf(d.pciBdf) : `0x${d.mmioBase?.toString(16)}`} ${d.kind} irq ${d.irq}`,
  );

describe("command-line words", () => {
  it("splits like a shell: quotes, escapes, runs of blanks", () => {
    expect(splitCommandLine(`-M q35  -append "console=ttyS0 quiet" -name 'a b' x\\ y -device "a\\"b"`)).toEqual([
      "-M",
      "q35",
      "-append",
      "console=ttyS0 quiet",
      "-name",
      "a b",
      "x y",
      "-device",
      'a"b',
    ]);
    expect(splitCommandLine("  ")).toEqual([]);
    expect(() => splitCommandLine("-name 'open")).toThrow(QemuCmdlineError);
    expect(() => splitCommandLine('-name "open')).toThrow(/unterminated "/);
  });

  it("joins words back into a line that splits to the same words", () => {
    const w = ["qemu-system-x86_64", "-append", "console=ttyS0 quiet", "-trace", "virtio_*", "-name", "it's", "-m", "128M"];
    const line = joinCommandLine(w);
    expect(line).toBe(`qemu-system-x86_64 -append 'console=ttyS0 quiet' -trace 'virtio_*' -name 'it'\\''s' -m 128M`);
    expect(splitCommandLine(line)).toEqual(w);
  });
});

describe("machine and RAM", () => {
  it.each([
    ["", "pc", "pc", 128 * 2 ** 20],
    ["-M q35 -m 512", "q35", "q35", 512 * 2 ** 20],
    ["-machine pc-q35-7.2,accel=tcg -m size=1G,slots=2,maxmem=4G", "pc-q35-7.2", "q35", 2 ** 30],
    ["--machine type=pc-i440fx-7.2 -m 64M", "pc-i440fx-7.2", "pc", 64 * 2 ** 20],
    ["-M microvm,acpi=off -m 1001K", "microvm", "microvm", 1_032_192],
    ["-M isapc", "isapc", undefined, 128 * 2 ** 20],
  ])("%s", (text, name, type, ram) => {
    const m = machineOfArgs(text === "" ? [] : words(text));
    expect({ name: m.name, type: m.type, ram: m.ramSize }).toEqual({ name, type, ram });
  });

  it("merges -machine options, later ones winning, and reads -m as QEMU does", () => {
    expect(Object.fromEntries(machineOfArgs(words("-M microvm,acpi=on -machine acpi=off,pit=off")).props)).toEqual({
      type: "microvm",
      acpi: "off",
      pit: "off",
    });
    expect([parseRamSize("2"), parseRamSize("1.5G"), parseRamSize("4096k"), parseRamSize("12Q"), parseRamSize("0")]).toEqual([
      2 * 2 ** 20,
      1.5 * 2 ** 30,
      4 * 2 ** 20,
      undefined,
      undefined,
    ]);
    expect(() => machineOfArgs(words("-m lots"))).toThrow(/-m 'lots' is not a size/);
    expect(() => topologyOfArgs(words("-M isapc"))).toThrow(/machine 'isapc' is not one devtape models/);
  });
});

describe("PCI placement (pc, q35)", () => {
  it("takes explicit slots and gives the rest the first free slot, in order", () => {
    expect(
      placed("-M pc -nodefaults -device e1000 -device virtio-blk-pci,drive=d0 -device megasas,addr=05.0 -device virtio-net-pci"),
    ).toEqual(["00:02.0 e1000 irq 10", "00:03.0 virtio-blk-pci irq 11", "00:05.0 megasas irq 10", "00:04.0 virtio-net-pci irq 11"]);
    expect(placed("-M q35 -device virtio-blk-pci,addr=04.0,disable-legacy=on -device megasas-gen2", true)).toEqual([
      "00:04.0 virtio-blk-pci irq 20",
      "00:01.0 megasas-gen2 irq 21",
    ]);
  });

  it("places the machine's VGA and NICs before any -device unless -nodefaults", () => {
    expect(placed("-M pc -device virtio-blk-pci")).toEqual(["00:02.0 VGA irq 10", "00:03.0 e1000 irq 11", "00:04.0 virtio-blk-pci irq 11"]);
    expect(placed("-M q35 -vga none -device virtio-blk-pci")).toEqual(["00:01.0 e1000e irq 21", "00:02.0 virtio-blk-pci irq 22"]);
    expect(placed("-M pc -nodefaults -vga std -nic user,model=virtio -net nic,model=rtl8139 -net user -device megasas")).toEqual([
      "00:02.0 VGA irq 10",
      "00:03.0 virtio-net-pci irq 11",
      "00:04.0 rtl8139 irq 11",
      "00:05.0 megasas irq 10",
    ]);
  });

  it("keeps device properties but placement and back-ends, and reads JSON -device", () => {
    const t = topologyOfArgs(
      [
        "-M",
        "q35",
        "-device",
        "virtio-blk-pci,drive=d0,addr=04.0,disable-legacy=on,id=disk0",
        "-device",
        '{"driver":"megasas","addr":"05.0","use_jbod":"on"}',
      ],
      { nodefaults: true },
    ).topology;
    expect(t.devices).toEqual([
      { id: "virtio-blk@00:04.0", kind: "virtio-blk-pci", pciBdf: 0x20, irq: 20, props: [{ name: "disable-legacy", value: "on" }] },
      { id: "megasas@00:05.0", kind: "megasas", pciBdf: 0x28, irq: 21, props: [{ name: "use_jbod", value: "on" }] },
    ]);
  });

  it("says what it cannot place, and asks the caller about drivers it does not know", () => {
    const r = topologyOfArgs(words("-M pc -device mystery-dev -device virtio-rng-pci -device virtio-blk-pci,bus=pci.1,addr=01.0"), {
      nodefaults: true,
    });
    expect(r.topology.devices).toEqual([]);
    expect(r.notes).toEqual([
      "mystery-dev: devtape cannot tell whether it is a PCI device; it was left out",
      "virtio-rng-pci: its slot depends on whether 'mystery-dev' is a PCI device, which devtape cannot tell; give it addr=",
      "virtio-blk-pci: it sits on bus 'pci.1', behind a bridge devtape does not follow; it was left out",
    ]);
    const asked: string[] = [];
    const withProbe = topologyOfArgs(words("-M pc -device mystery-dev -device scsi-hd -device virtio-rng-pci"), {
      nodefaults: true,
      isPci: (d) => {
        asked.push(d);
        return true;
      },
    });
    expect(asked).toEqual(["mystery-dev"]);
    expect(withProbe.topology.devices.map((d) => `${formatBdf(d.pciBdf as number)} ${d.kind}`)).toEqual([
      "00:02.0 mystery-dev",
      "00:03.0 virtio-rng-pci",
    ]);
    expect([knownPci("virtio-blk-pci-non-transitional"), knownPci("virtio-blk-device"), knownPci("scsi-hd"), knownPci("xyz")]).toEqual([
      true,
      false,
      false,
      undefined,
    ]);
  });
});

describe("virtio-mmio transports (microvm)", () => {
  it.each([
    ["-M microvm,acpi=off", ["0xfeb00e00 virtio-mmio irq 12", "0xfeb00c00 virtio-mmio irq 11"]],
    ["-M microvm,ioapic2=off", ["0xfeb00e00 virtio-mmio irq 23", "0xfeb00c00 virtio-mmio irq 22"]],
    ["-M microvm", ["0xfeb02e00 virtio-mmio irq 47", "0xfeb02c00 virtio-mmio irq 46"]],
  ])("%s: devices fill the transports from the last", (machine, want) => {
    expect(placed(`${machine} -device virtio-blk-device,drive=d0 -device virtio-scsi-device`)).toEqual(want);
  });

  it("takes bus=virtio-mmio-bus.N, the transport version from -global, and backends as props", () => {
    const t = topologyOfArgs(
      words(
        "-M microvm,acpi=off -global virtio-mmio.force-legacy=false -device virtio-blk-device,bus=virtio-mmio-bus.7 -device virtio-net-device",
      ),
    );
    // A transport as the topology lists it: its backend, and force-legacy=false from -global.
    const transport = (id: string, mmioBase: number, irq: number, backend: string) => ({
      id,
      kind: "virtio-mmio",
      mmioBase,
      mmioSize: 0x200,
      irq,
      props: [
        { name: "backend", value: backend },
        { name: "force-legacy", value: "false" },
      ],
    });
    expect(t.topology.devices).toEqual([
      transport("virtio-mmio@0xfeb00e00", 0xfeb00e00, 12, "virtio-blk-device"),
      transport("virtio-mmio@0xfeb00c00", 0xfeb00c00, 11, "virtio-net-device"),
    ]);
    expect(topologyOfArgs(words("-M microvm,acpi=off -device virtio-blk-device,bus=virtio-mmio-bus.9")).notes).toEqual([
      "virtio-blk-device: bus 'virtio-mmio-bus.9' is not one of the machine's virtio-mmio-bus.0 … 7; it was left out",
    ]);
  });
});

// Real QEMU: where it puts the devices of a few command lines.
const work = mkdtempSync(join(tmpdir(), "devtape-cmdline-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The PCI functions QEMU created on bus 0 (HMP `info pci` of a paused machine), as bb:dd.f. */
function qemuPciFunctions(args: string[]): string[] {
  const r = spawnSync(
    QEMU,
    [...args, "-accel", "tcg", "-bios", haltFirmware(work), "-display", "none", "-S", "-monitor", "stdio", "-serial", "none"],
    {
      input: "info pci\nquit\n",
      encoding: "utf8",
      timeout: 20_000,
    },
  );
  expect(r.status, r.stderr).toBe(0);
  return [...r.stdout.matchAll(/Bus\s+(\d+), device\s+(\d+), function (\d+):/g)].map((m) =>
    formatBdf((Number(m[1]) << 8) | (Number(m[2]) << 3) | Number(m[3])),
  );
}

/** Reads a 32-bit register at each address over qtest (-qtest stdio), then stops QEMU. */
function qtestReads(args: string[], addrs: number[]): Promise<number[]> {
  const p = spawn(
    QEMU,
    [...args, "-accel", "tcg", "-bios", haltFirmware(work), "-display", "none", "-nodefaults", "-qtest", "stdio", "-qtest-log", "none"],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  p.stdin.write(addrs.map((a) => `readl 0x${a.toString(16)}\n`).join(""));
  return new Promise((resolve, reject) => {
    let out = "";
    p.stdout.setEncoding("utf8");
    p.stdout.on("data", (d: string) => {
      out += d;
      const lines = out.split("\n").filter((l) => l.startsWith("OK "));
      if (lines.length === addrs.length) {
        p.kill();
        resolve(lines.map((l) => Number(l.slice(3))));
      }
    });
    p.on("exit", (code) => reject(new Error(`QEMU exited with ${code} before answering: ${out}`)));
  });
}

describe.skipIf(skipQemu)(`placement agrees with real QEMU${skipNote}`, () => {
  const disk = join(work, "disk.img");
  writeFileSync(disk, Buffer.alloc(1 << 20));
  const drive = ["-drive", `if=none,id=d0,file=${disk},format=raw,readonly=on`];
  const chipset = { pc: ["00:00.0", "00:01.0", "00:01.1", "00:01.3"], q35: ["00:00.0", "00:1f.0", "00:1f.2", "00:1f.3"] };

  it.each([
    ["pc", "-M pc -nodefaults -device e1000 -device virtio-blk-pci,drive=d0 -device megasas,addr=05.0 -device virtio-net-pci"],
    ["q35", "-M q35 -nodefaults -device e1000 -device virtio-blk-pci,drive=d0 -device megasas,addr=05.0 -device virtio-net-pci"],
    ["pc", "-M pc -device virtio-blk-pci,drive=d0"],
    ["q35", "-M q35 -vga none -device virtio-blk-pci,drive=d0"],
    ["pc", "-M pc -nodefaults -vga std -nic user,model=virtio -device megasas-gen2"],
    ["q35", "-M pc-q35-7.2 -nodefaults -device virtio-scsi-pci,addr=0x1f.4 -device megasas"],
    ["pc", "-M pc -nodefaults -net nic -net nic,model=rtl8139 -net user -device virtio-rng-pci"],
  ] as const)("%s: %s", (machine, text) => {
    const args = [...words(text), ...drive];
    const mine = topologyOfArgs(args).topology.devices.map((d) => formatBdf(d.pciBdf as number));
    expect([...chipset[machine], ...mine].sort()).toEqual(qemuPciFunctions(args).sort());
  });

  it.each(["-M microvm,acpi=off", "-M microvm,ioapic2=off", "-M microvm"])(
    "%s: the devices are on the transports devtape names",
    async (machine) => {
      const disk2 = join(work, "disk2.img");
      writeFileSync(disk2, Buffer.alloc(1 << 20));
      const args = [
        ...words(machine),
        ...drive,
        "-drive",
        `if=none,id=d1,file=${disk2},format=raw,readonly=on`,
        "-device",
        "virtio-blk-device,drive=d0",
        "-device",
        "virtio-blk-device,drive=d1",
      ];
      const bases = topologyOfArgs(args).topology.devices.map((d) => d.mmioBase as number);
      // Read each transport's DeviceID (offset 8) over qtest: 2 (block) where devtape says, 0 elsewhere.
      const ids = await qtestReads(
        args,
        Array.from({ length: 24 }, (_, i) => 0xfeb00008 + i * 0x200),
      );
      const withDevice = ids.flatMap((id, i) => (id === 2 ? [0xfeb00000 + i * 0x200] : []));
      expect(withDevice.sort()).toEqual([...bases].sort());
      expect(bases).toHaveLength(2);
    },
  );
});
