// What a QEMU command line says about the machine devtape must model, so that a recording
// (or a log of a run) can start with the right topology without flags: the machine type and
// its RAM (-machine / -M, -m), and where each -device lands, by QEMU 7.2's own placement rules
// for the x86 machines:
//
// - pc and q35: a PCI device with addr=SS[.F] sits there; one without takes the first slot of
//   bus 0 whose function 0 is free, in command-line order (QEMU's pci_bus_devfn search). The
//   chipset holds 00.0 and 01.0-01.3 on pc (i440FX, PIIX3, IDE, PM), 00.0 and 1f.0/1f.2/1f.3
//   on q35 (MCH, LPC, AHCI, SMBus). Before any -device, the machine adds its VGA (-vga, or
//   "std" unless -nodefaults or -vga none) and its NICs (-nic/-net nic, or one default NIC
//   unless -nodefaults or any -nic/-net), in that order. Whether a driver is a PCI device
//   comes from its name (…-pci, megasas, e1000, …) or, for names devtape does not know, from
//   the caller (`isPci`: the live recorder asks QEMU, `-device NAME,help` lists addr= for PCI
//   devices).
// - INTx lines (devices raise INTA): q35 wires slot S to IOAPIC input 20 + S mod 4 (ICH9's
//   default routing, PIRQE-H); on pc the firmware routes PIRQs, and the line given is the one
//   SeaBIOS picks (PIRQA-D → 10, 10, 11, 11; slot S raises PIRQ (S - 1) mod 4).
// - microvm: 8 virtio-mmio transports of 0x200 bytes at 0xfeb00000 on GSI 5 + i with acpi=off,
//   on GSI 16 + i with ACPI but ioapic2=off, and 24 on GSI 24 + i (the second IOAPIC) by
//   default. A virtio-*-device without bus= is plugged into the last free transport (QEMU
//   searches the transports newest first); bus=virtio-mmio-bus.N names one. The transport's
//   version comes from -global virtio-mmio.force-legacy (QEMU's default: legacy, version 1).
//
// Devices get devtape's default ids (virtio-blk@00:04.0, virtio-mmio@0xfeb00e00: the ids the
// qtest and trace importers give) and keep their -device properties but placement and host
// back-ends (addr, bus, id, drive, netdev, chardev, iothread, bootindex, romfile). What cannot
// be placed (a device behind a bridge, a driver of unknown kind before an unaddressed device)
// is left out and said in `notes`.
import type { MachineType } from "../../model/machine/memory-map.js";
import { type DeviceSpec, defaultDeviceId, type QtestTopology } from "./topology.js";

/** A command line devtape cannot read; the message says what is wrong. */
export class QemuCmdlineError extends Error {
  override readonly name = "QemuCmdlineError";
}

/**
 * Splits a command line into words as a POSIX shell would for simple input: blanks separate
 * words, '…' quotes literally, "…" quotes with \" \\ \$ \` escapes, \ escapes one character.
 */
export function splitCommandLine(text: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === " " || c === "\t" || c === "\n") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new QemuCmdlineError(`unterminated ' in '${text.slice(i, i + 40)}'`);
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new QemuCmdlineError(`unterminated " in '${text.slice(0, 60)}'`);
        const d = text[i] as string;
        if (d === '"') break;
        if (d === "\\" && i + 1 < text.length && '"\\$`'.includes(text[i + 1] as string)) {
          word += text[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      inWord = true;
      i++;
    } else if (c === "\\" && i + 1 < text.length) {
      word += text[i + 1];
      inWord = true;
      i += 2;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** Words joined into a command line that splitCommandLine reads back (words with other characters than [A-Za-z0-9_/.,:=@%+-] single-quoted). */
export function joinCommandLine(words: readonly string[]): string {
  return words.map((w) => (/^[A-Za-z0-9_/.,:=@%+-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`)).join(" ");
}

/** QEMU's options that take a value (those devtape reads, and common ones whose value may start with '-'). */
const WITH_VALUE = new Set([
  "M",
  "machine",
  "m",
  "device",
  "global",
  "vga",
  "nic",
  "net",
  "netdev",
  "accel",
  "bios",
  "kernel",
  "initrd",
  "append",
  "dtb",
  "drive",
  "blockdev",
  "chardev",
  "object",
  "name",
  "uuid",
  "smp",
  "cpu",
  "serial",
  "parallel",
  "monitor",
  "mon",
  "qmp",
  "qmp-pretty",
  "display",
  "D",
  "d",
  "dfilter",
  "trace",
  "msg",
  "qtest",
  "qtest-log",
  "pidfile",
  "L",
  "boot",
  "hda",
  "hdb",
  "hdc",
  "hdd",
  "cdrom",
  "fda",
  "fdb",
  "pflash",
  "mtdblock",
  "sd",
  "fw_cfg",
  "incoming",
  "loadvm",
  "rtc",
  "icount",
  "numa",
  "audiodev",
  "usbdevice",
  "vnc",
  "spice",
  "k",
  "mem-path",
  "overcommit",
  "sandbox",
  "add-fd",
  "action",
  "watchdog-action",
  "semihosting-config",
  "plugin",
  "iscsi",
  "smbios",
  "acpitable",
  "set",
  "option-rom",
  "seed",
  "runas",
  "chroot",
  "async-teardown",
  "compat",
  "run-with",
]);

export interface QemuOption {
  /** The option's name without its dashes (`-M` and `--M` are "M"). */
  name: string;
  value: string | undefined;
  /** Its index in the arguments. */
  index: number;
}

/** The options of a QEMU argument list, in order (positional arguments, e.g. a disk image, are skipped). */
export function qemuOptions(args: readonly string[]): QemuOption[] {
  const out: QemuOption[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith("-") || a === "-" || a === "--") continue;
    const name = a.replace(/^--?/, "");
    if (WITH_VALUE.has(name)) {
      out.push({ name, value: args[i + 1], index: i });
      i++;
    } else {
      out.push({ name, value: undefined, index: i });
    }
  }
  return out;
}

/** Splits a QemuOpts value `a,b=c,d=e` (`,,` is a literal comma) into its elements. */
function optsElements(text: string): string[] {
  return text
    .replace(/,,/g, "\u0000")
    .split(",")
    .map((s) => s.replace(/\u0000/g, ","));
}

/**
 * A QemuOpts value as properties: the first element without '=' is `implied` (a -device's
 * driver, a -machine's type, a -m's size); `prop` alone means prop=on.
 */
function parseOpts(text: string, implied: string): Map<string, string> {
  const props = new Map<string, string>();
  optsElements(text).forEach((el, i) => {
    if (el === "") return;
    const eq = el.indexOf("=");
    if (eq < 0) props.set(i === 0 ? implied : el, i === 0 ? el : "on");
    else props.set(el.slice(0, eq), el.slice(eq + 1));
  });
  return props;
}

/** A -device value: `driver,prop=value,…` or JSON (`{"driver": …}`). */
function parseDeviceOpts(text: string): Map<string, string> {
  if (text.trimStart().startsWith("{")) {
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      throw new QemuCmdlineError(`-device '${text.slice(0, 60)}' is not valid JSON (${(e as Error).message})`);
    }
    const props = new Map<string, string>();
    for (const [k, v] of Object.entries(obj as Record<string, unknown>)) props.set(k, typeof v === "string" ? v : JSON.stringify(v));
    return props;
  }
  return parseOpts(text, "driver");
}

/** The x86 machine QEMU runs when no -machine is given. */
export const DEFAULT_MACHINE = "pc";
/** QEMU's default guest RAM on x86 (MachineClass default_ram_size). */
export const DEFAULT_RAM = 128 * 2 ** 20;

/** devtape's machine type for a QEMU machine name (pc, pc-i440fx-7.2, q35, pc-q35-7.2, microvm), or undefined. */
export function machineTypeOf(name: string): MachineType | undefined {
  if (name === "microvm") return "microvm";
  if (name === "q35" || name.startsWith("pc-q35-")) return "q35";
  if (name === "pc" || name.startsWith("pc-i440fx-") || /^pc-\d/.test(name)) return "pc";
  return undefined;
}

const SIZE_UNITS: Record<string, number> = { b: 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50, e: 2 ** 60 };

/** A -m size as QEMU reads it: a number with an optional B/K/M/G/T/P/E suffix, MiB without one, rounded up to 8 KiB. */
export function parseRamSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([bkmgtpe])?$/i.exec(text.trim());
  if (!m) return undefined;
  const bytes = Math.ceil(Number(m[1]) * (SIZE_UNITS[(m[2] ?? "m").toLowerCase()] as number));
  const aligned = Math.ceil(bytes / 8192) * 8192;
  return Number.isSafeInteger(aligned) && aligned > 0 ? aligned : undefined;
}

export interface QemuMachineArgs {
  /** QEMU's machine name as given (e.g. "pc-q35-7.2"); "pc" when none is. */
  name: string;
  /** devtape's machine type; undefined when devtape does not model the machine (isapc, none, …). */
  type: MachineType | undefined;
  ramSize: number;
  /** The -machine properties, later options overriding earlier ones (e.g. acpi → off). */
  props: Map<string, string>;
}

/** The machine and its RAM. Throws QemuCmdlineError for a -machine or -m value it cannot read. */
export function machineOfArgs(args: readonly string[]): QemuMachineArgs {
  const props = new Map<string, string>();
  let ramSize = DEFAULT_RAM;
  for (const o of qemuOptions(args)) {
    if (o.name === "M" || o.name === "machine") {
      if (o.value === undefined) throw new QemuCmdlineError(`-${o.name} needs a value (e.g. -${o.name} q35)`);
      for (const [k, v] of parseOpts(o.value, "type")) props.set(k, v);
    } else if (o.name === "m") {
      if (o.value === undefined) throw new QemuCmdlineError("-m needs a size (e.g. -m 256M)");
      const size = parseOpts(o.value, "size").get("size");
      if (size === undefined) continue;
      const n = parseRamSize(size);
      if (n === undefined) throw new QemuCmdlineError(`-m '${o.value}' is not a size (a number of MiB, or with a K, M or G suffix)`);
      ramSize = n;
    }
  }
  const name = props.get("type") ?? DEFAULT_MACHINE;
  return { name, type: machineTypeOf(name), ramSize, props };
}

/** Drivers known to be PCI devices (the virtio and storage devices devtape models, and QEMU's common ones). */
const KNOWN_PCI =
  /^(virtio-[a-z0-9-]+-pci(-transitional|-non-transitional)?|megasas(-gen2)?|e1000(e|-82544gc|-82545em)?|rtl8139|ne2k_pci|pcnet|i8255[0-9][a-z]*|i82562|i82801|vmxnet3|ich9-ahci|piix[34]-ide|lsi53c8[0-9]{2}a?|mptsas1068|am53c974|dc390|pvscsi|nvme|qemu-xhci|nec-usb-xhci|usb-ehci|ich9-usb-[eu]hci[0-9]|pci-ohci|piix[34]-usb-uhci|VGA|cirrus-vga|bochs-display|secondary-vga|qxl(-vga)?|vmware-svga|virtio-vga(-gl)?|ati-vga|edu|pci-testdev|pci-bridge|pcie-pci-bridge|pcie-root-port|ioh3420|x3130-upstream|xio3130-downstream|i82801b11-bridge|pxb(-pcie)?|ivshmem(-plain|-doorbell)?|intel-hda|ich9-intel-hda|AC97|ES1370|i6300esb|sdhci-pci|pvpanic-pci|vfio-pci|pci-serial(-2x|-4x)?|tpci200)$/;
/** Drivers known to sit on another bus (virtio, SCSI, IDE, USB, ISA, memory, CPU). */
const KNOWN_OTHER =
  /(-device$|^scsi-|^ide-|^usb-(?!ehci)|^isa-|^virtserialport$|^virtconsole$|^floppy$|^nvme-(ns|subsys)$|^pc-dimm$|^nvdimm$|^virtio-(mem|pmem)$|^sga$|^pvpanic$|^i8042$|-x86_64-cpu$|^tpm-(tis|crb)$|^vmcoreinfo$|^vmgenid$|^hyperv-testdev$|^ipmi-bmc-|^isa-ipmi-|^amd-iommu$|^intel-iommu$)/;

/** Whether a driver is a PCI device, from its name; undefined when the name does not say. */
export function knownPci(driver: string): boolean | undefined {
  if (KNOWN_PCI.test(driver)) return true;
  if (KNOWN_OTHER.test(driver)) return false;
  return undefined;
}

/** Device properties that place a device or name host back-ends: not part of what the guest sees. */
const NOT_DEVICE_PROPS = new Set(["driver", "addr", "bus", "id", "drive", "netdev", "chardev", "iothread", "bootindex", "romfile"]);

export const MICROVM_VIRTIO_BASE = 0xfeb0_0000;
const VIRTIO_MMIO_SIZE = 0x200;

/** Slot and function of a PCI addr= value (`04`, `04.1`, `0x4`, or a devfn number). */
function parsePciAddr(text: string): { slot: number; func: number } | undefined {
  const m = /^(?:0x)?([0-9a-f]{1,2})(?:\.([0-7]))?$/i.exec(text);
  if (m) {
    const slot = Number.parseInt(m[1] as string, 16);
    return slot <= 31 ? { slot, func: Number(m[2] ?? 0) } : undefined;
  }
  return undefined;
}

/** The line a PCI function's INTA reaches (see the file comment). */
function intxLine(machine: "pc" | "q35", slot: number): number {
  if (machine === "q35") return 20 + (slot % 4);
  return [10, 10, 11, 11][(slot + 3) % 4] as number;
}

const isOn = (v: string | undefined) => v === "on" || v === "true" || v === "yes";
const isOff = (v: string | undefined) => v === "off" || v === "false" || v === "no";

/** The virtio-mmio transports of a microvm: how many, and the GSI of the first. */
function microvmTransports(props: Map<string, string>): { count: number; irqBase: number } {
  const acpi = !isOff(props.get("acpi"));
  if (!acpi) return { count: 8, irqBase: 5 };
  if (isOff(props.get("ioapic2"))) return { count: 8, irqBase: 16 };
  return { count: 24, irqBase: 24 };
}

export interface CmdlineTopologyOptions {
  /** Whether a driver devtape does not know is a PCI device (undefined: cannot tell). */
  isPci?: (driver: string) => boolean | undefined;
  /** Take -nodefaults as given (the live recorder always adds it). */
  nodefaults?: boolean;
}

export interface CmdlineTopology {
  topology: QtestTopology;
  machine: QemuMachineArgs;
  /** What could not be placed or modelled, as sentences. */
  notes: string[];
}

/**
 * The machine and devices of a QEMU command line (see the file comment). Throws
 * QemuCmdlineError when the machine is not one devtape models or an option cannot be read.
 */
export function topologyOfArgs(args: readonly string[], opts: CmdlineTopologyOptions = {}): CmdlineTopology {
  const machine = machineOfArgs(args);
  if (machine.type === undefined)
    throw new QemuCmdlineError(`machine '${machine.name}' is not one devtape models (pc, q35 or microvm, or their versioned names)`);
  const options = qemuOptions(args);
  const notes: string[] = [];
  const devices: DeviceSpec[] = [];
  const globals = new Map<string, string>();
  for (const o of options) {
    if (o.name !== "global" || o.value === undefined) continue;
    const m = /^([^.=]+)\.([^=]+)=(.*)$/.exec(o.value);
    if (m) globals.set(`${m[1]}.${m[2]}`, m[3] as string);
  }
  const nodefaults = opts.nodefaults === true || options.some((o) => o.name === "nodefaults");
  const propsOf = (p: Map<string, string>) => [...p].filter(([k]) => !NOT_DEVICE_PROPS.has(k)).map(([name, value]) => ({ name, value }));

  if (machine.type === "microvm") {
    const { count, irqBase } = microvmTransports(machine.props);
    const used = new Set<number>();
    const forceLegacy = globals.get("virtio-mmio.force-legacy") ?? "true";
    for (const o of options) {
      if (o.name !== "device" || o.value === undefined) continue;
      const p = parseDeviceOpts(o.value);
      const driver = p.get("driver") ?? "";
      if (!/^virtio-.+-device$/.test(driver)) {
        if (knownPci(driver) === true) notes.push(`${driver}: microvm has no PCI bus devtape models; it was left out`);
        continue;
      }
      let index: number | undefined;
      const bus = p.get("bus");
      if (bus !== undefined) {
        const m = /^virtio-mmio-bus\.(\d+)$/.exec(bus);
        index = m ? Number(m[1]) : undefined;
        if (index === undefined || index >= count) {
          notes.push(`${driver}: bus '${bus}' is not one of the machine's virtio-mmio-bus.0 … ${count - 1}; it was left out`);
          continue;
        }
      } else {
        for (let i = count - 1; i >= 0; i--) {
          if (!used.has(i)) {
            index = i;
            break;
          }
        }
        if (index === undefined) {
          notes.push(`${driver}: all ${count} virtio-mmio transports are taken; it was left out`);
          continue;
        }
      }
      used.add(index);
      const mmioBase = MICROVM_VIRTIO_BASE + index * VIRTIO_MMIO_SIZE;
      devices.push({
        id: defaultDeviceId("virtio-mmio", { mmioBase }),
        kind: "virtio-mmio",
        mmioBase,
        mmioSize: VIRTIO_MMIO_SIZE,
        irq: irqBase + index,
        props: [
          { name: "backend", value: driver },
          { name: "force-legacy", value: forceLegacy },
        ],
      });
    }
    return { topology: { machine: { type: "microvm", ramSize: machine.ramSize }, devices }, machine, notes };
  }

  const chipset = machine.type;
  const used = new Set<number>(chipset === "pc" ? [0x00, 0x08, 0x09, 0x0b] : [0x00, 0xf8, 0xfa, 0xfb]);
  let autoBlocked: string | undefined;
  const place = (driver: string, props: Map<string, string>, addr: string | undefined): void => {
    let slot: number;
    let func = 0;
    if (addr !== undefined) {
      const a = parsePciAddr(addr);
      if (a === undefined) throw new QemuCmdlineError(`-device ${driver}: addr '${addr}' is not a PCI slot (e.g. 04 or 04.0)`);
      ({ slot, func } = a);
    } else {
      if (autoBlocked !== undefined) {
        notes.push(`${driver}: its slot depends on whether '${autoBlocked}' is a PCI device, which devtape cannot tell; give it addr=`);
        return;
      }
      let free = -1;
      for (let s = 0; s < 32; s++) {
        if (!used.has(s << 3)) {
          free = s;
          break;
        }
      }
      if (free < 0) {
        notes.push(`${driver}: bus 0 has no free slot; it was left out`);
        return;
      }
      slot = free;
    }
    used.add((slot << 3) | func);
    const pciBdf = (slot << 3) | func;
    devices.push({
      id: defaultDeviceId(driver, { pciBdf }),
      kind: driver,
      pciBdf,
      irq: intxLine(chipset, slot),
      props: propsOf(props),
    });
  };

  // The machine's own VGA and NICs come before any -device.
  const vga = options.filter((o) => o.name === "vga").pop()?.value;
  const vgaKind: Record<string, string> = {
    std: "VGA",
    cirrus: "cirrus-vga",
    vmware: "vmware-svga",
    qxl: "qxl-vga",
    virtio: "virtio-vga",
  };
  if (vga !== undefined && vga !== "none") {
    const kind = vgaKind[vga];
    if (kind === undefined) throw new QemuCmdlineError(`-vga '${vga}' is not one of ${Object.keys(vgaKind).join(", ")}, none`);
    place(kind, new Map(), undefined);
  } else if (vga === undefined && !nodefaults) {
    place("VGA", new Map(), undefined);
  }
  const defaultNic = chipset === "q35" ? "e1000e" : "e1000";
  const nics = options.filter((o) => o.name === "nic" || o.name === "net");
  for (const o of nics) {
    const p = parseOpts(o.value ?? "", "type");
    const type = p.get("type");
    if (o.name === "nic" ? type === "none" : type !== "nic") continue;
    const model = p.get("model") ?? defaultNic;
    place(model === "virtio" ? "virtio-net-pci" : model, new Map(), p.get("addr"));
  }
  if (nics.length === 0 && !nodefaults) place(defaultNic, new Map(), undefined);

  for (const o of options) {
    if (o.name !== "device" || o.value === undefined) continue;
    const p = parseDeviceOpts(o.value);
    const driver = p.get("driver") ?? "";
    const bus = p.get("bus");
    const pci = knownPci(driver) ?? opts.isPci?.(driver);
    if (pci === false) continue;
    if (bus !== undefined && bus !== "pci.0" && bus !== "pcie.0") {
      if (pci === true) notes.push(`${driver}: it sits on bus '${bus}', behind a bridge devtape does not follow; it was left out`);
      continue;
    }
    const addr = p.get("addr");
    if (pci === undefined && addr === undefined) {
      // Only PCI devices take addr=; without it, this one may or may not take a slot.
      autoBlocked ??= driver;
      notes.push(`${driver}: devtape cannot tell whether it is a PCI device; it was left out`);
      continue;
    }
    place(driver, p, addr);
  }
  return { topology: { machine: { type: chipset, ramSize: machine.ramSize }, devices }, machine, notes };
}
