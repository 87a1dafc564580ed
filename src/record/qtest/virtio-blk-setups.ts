// The QEMU configurations the virtio-blk captures run on, one per transport, with the
// topology devtape records for each (what the qtest log cannot say). The facts here were
// checked against Debian's QEMU 7.2:
//
// - pci-legacy: `-machine pc`, virtio-blk-pci at 00:04.0 with disable-modern=on (PCI id
//   1af4:1001, I/O BAR0 of 0x80 bytes, MSI-X BAR1 of 4 KiB); INTA of slot 4 is PIRQD,
//   routed to IRQ 11 as SeaBIOS does it.
// - pci-modern: `-machine q35`, virtio-blk-pci at 00:04.0 with disable-legacy=on (PCI id
//   1af4:1042, MSI-X BAR1 of 4 KiB, 64-bit prefetchable BAR4 of 16 KiB holding common cfg
//   at 0x0000, ISR at 0x1000, device cfg at 0x2000, notify at 0x3000 with multiplier 4);
//   INTA of slot 4 reaches IOAPIC pin 20 (PIRQE).
// - mmio-v1 / mmio-v2: `-machine microvm` with acpi=off (one IOAPIC, 8 virtio-mmio
//   transports of 0x200 bytes at 0xfeb00000 + 0x200 × i on GSI 5 + i). QEMU plugs the first
//   -device into the last transport created, 0xfeb00e00, on GSI 12. force-legacy picks the
//   version the transport reports.
// Every machine has 128 MiB of RAM and the halting firmware (firmware.ts); interrupts are
// observed with `irq_intercept_in ioapic` (the IOAPIC's input pins, on all three).
//
// virtioScsiSetup gives the same four transports with a virtio-scsi HBA in the block
// device's place (virtio-scsi-device on microvm's transport, virtio-scsi-pci at 00:04.0:
// PCI id 1af4:1004 legacy, 1af4:1048 modern) and the image as a scsi-hd (scsi-id 0, LUN 0)
// on its bus; one vCPU, so QEMU gives it one request queue.
import type { MachineType } from "../../model/machine/memory-map.js";
import type { DeviceSpec, QtestTopology } from "../../io/qtest/topology.js";

export const VIRTIO_BLK_TRANSPORTS = ["mmio-v1", "mmio-v2", "pci-legacy", "pci-modern"] as const;
export type VirtioBlkTransportName = (typeof VIRTIO_BLK_TRANSPORTS)[number];

export type TransportLocation =
  | { kind: "mmio"; base: number; version: 1 | 2; irq: number }
  | { kind: "pci"; chipset: "pc" | "q35"; bdf: number; modern: boolean; irq: number };

/** The virtio devices a setup can put on a transport. */
export type VirtioSetupDevice = "virtio-blk" | "virtio-scsi";

export interface QemuSetup {
  /** Capture name, e.g. "virtio-blk-mmio-v1". */
  name: string;
  transport: VirtioBlkTransportName;
  machine: MachineType;
  ramSize: number;
  /** QEMU arguments besides the qtest ones the client adds. */
  args: string[];
  topology: QtestTopology;
  /** QOM path for irq_intercept_in. */
  irqIntercept: string;
  location: TransportLocation;
  device: DeviceSpec;
}

export const CAPTURE_RAM = 128 * 2 ** 20;
export const MICROVM_VIRTIO_BASE = 0xfeb0_0000;
export const MICROVM_FIRST_DEVICE_BASE = MICROVM_VIRTIO_BASE + 7 * 0x200;
export const MICROVM_FIRST_DEVICE_GSI = 5 + 7;
export const PCI_BDF = 4 << 3;

export function virtioBlkSetup(transport: VirtioBlkTransportName, disk: string, firmware: string): QemuSetup {
  return virtioSetup("virtio-blk", transport, disk, firmware);
}

/** A virtio-scsi HBA on `transport` with the image as a scsi-hd at target 0, LUN 0. */
export function virtioScsiSetup(transport: VirtioBlkTransportName, disk: string, firmware: string): QemuSetup {
  return virtioSetup("virtio-scsi", transport, disk, firmware);
}

/** QEMU's -device arguments for `dev` as QEMU device `name` with `extra` properties; a virtio-scsi HBA gets its disk on its bus. */
function deviceArgs(dev: VirtioSetupDevice, name: string, extra: string[]): string[] {
  if (dev === "virtio-blk") return ["-device", [name, "drive=d0", ...extra].join(",")];
  return ["-device", [name, "id=scsi0", ...extra].join(","), "-device", "scsi-hd,drive=d0,bus=scsi0.0,scsi-id=0,lun=0"];
}

function virtioSetup(dev: VirtioSetupDevice, transport: VirtioBlkTransportName, disk: string, firmware: string): QemuSetup {
  const drive = ["-drive", `if=none,id=d0,file=${disk},format=raw`];
  const common = ["-accel", "tcg", "-bios", firmware, "-m", `${CAPTURE_RAM / 2 ** 20}M`];
  if (transport === "mmio-v1" || transport === "mmio-v2") {
    const version = transport === "mmio-v1" ? 1 : 2;
    const forceLegacy = version === 1 ? "true" : "false";
    const device: DeviceSpec = {
      id: `virtio-mmio@0x${MICROVM_FIRST_DEVICE_BASE.toString(16)}`,
      kind: "virtio-mmio",
      mmioBase: MICROVM_FIRST_DEVICE_BASE,
      mmioSize: 0x200,
      irq: MICROVM_FIRST_DEVICE_GSI,
      props: [
        { name: "backend", value: `${dev}-device` },
        { name: "force-legacy", value: forceLegacy },
      ],
    };
    return {
      name: `${dev}-${transport}`,
      transport,
      machine: "microvm",
      ramSize: CAPTURE_RAM,
      args: [
        "-machine",
        "microvm,acpi=off,x-option-roms=off,rtc=off,pit=off,pic=off,isa-serial=off",
        ...common,
        "-global",
        `virtio-mmio.force-legacy=${forceLegacy}`,
        ...drive,
        ...deviceArgs(dev, `${dev}-device`, []),
      ],
      topology: { machine: { type: "microvm", ramSize: CAPTURE_RAM }, devices: [device] },
      irqIntercept: "ioapic",
      location: { kind: "mmio", base: MICROVM_FIRST_DEVICE_BASE, version, irq: MICROVM_FIRST_DEVICE_GSI },
      device,
    };
  }
  const modern = transport === "pci-modern";
  const chipset = modern ? "q35" : "pc";
  const irq = modern ? 20 : 11;
  const option = modern ? "disable-legacy=on" : "disable-modern=on";
  const [optName, optValue] = option.split("=") as [string, string];
  const device: DeviceSpec = {
    id: `${dev}@00:04.0`,
    kind: `${dev}-pci`,
    pciBdf: PCI_BDF,
    irq,
    props: [{ name: optName, value: optValue }],
  };
  return {
    name: `${dev}-${transport}`,
    transport,
    machine: chipset,
    ramSize: CAPTURE_RAM,
    args: ["-machine", chipset, ...common, ...drive, ...deviceArgs(dev, `${dev}-pci`, ["addr=04.0", option])],
    topology: { machine: { type: chipset, ramSize: CAPTURE_RAM }, devices: [device] },
    irqIntercept: "ioapic",
    location: { kind: "pci", chipset, bdf: PCI_BDF, modern, irq },
    device,
  };
}

/** The `devtape import qtest` flags that give a log of this setup the recorder's topology. */
export function importFlags(setup: QemuSetup): string[] {
  const d = setup.device;
  const loc = d.pciBdf !== undefined ? "00:04.0" : `0x${(d.mmioBase ?? 0).toString(16)}`;
  const props = [`irq=${d.irq}`, ...d.props.map((p) => `${p.name}=${p.value}`)];
  return ["--machine", setup.machine, "--ram", `${setup.ramSize / 2 ** 20}M`, "--device", `${d.kind}@${loc},${props.join(",")}`];
}
