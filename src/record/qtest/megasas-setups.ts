// The QEMU configurations the megasas captures run on, with the topology devtape records
// for each (what the qtest log cannot say). Checked against Debian's QEMU 7.2:
//
// - megasas (gen1, SAS1078, 1000:0060, subsystem 1000:1013): `-machine pc`, conventional
//   PCI at 00:04.0; BAR0 64-bit memory of 16 KiB (the registers, MSI-X table at 0x2000 and
//   PBA at 0x3800), BAR2 I/O of 256 bytes (the registers again), BAR3 64-bit memory of
//   256 KiB (the queue region, reads 0); capabilities MSI-X (0x68) and MSI (0x50). INTA of
//   slot 4 is PIRQD, routed to IRQ 11 as SeaBIOS does it.
// - megasas-gen2 (SAS2108, 1000:0079, subsystem 1000:9261): `-machine q35`, PCI Express at
//   00:04.0; BAR0 I/O of 256 bytes, BAR1 64-bit memory of 16 KiB (registers, MSI-X), BAR3
//   64-bit memory of 256 KiB; capabilities PCI Express (0xa0), MSI-X (0x68), MSI (0x50).
//   INTA of slot 4 reaches IOAPIC pin 20.
// Both firmwares read 0xb45003e8 / 0xb45003f0 after reset: READY, MSI-X supported, 80 SGEs,
// 1000 / 1008 commands. One scsi-hd (scsi-id 0, LUN 0) on a 1 MiB raw image sits on the
// HBA's bus. Every machine has 128 MiB of RAM and the halting firmware (firmware.ts).
import type { MachineType } from "../../model/machine/memory-map.js";
import type { DeviceSpec, QtestTopology } from "../../io/qtest/topology.js";
import { CAPTURE_RAM, PCI_BDF } from "./virtio-blk-setups.js";

export const MEGASAS_KINDS = ["megasas", "megasas-gen2"] as const;
export type MegasasKind = (typeof MEGASAS_KINDS)[number];

export interface MegasasSetup {
  /** Capture name: megasas-gen1 or megasas-gen2. */
  name: string;
  kind: MegasasKind;
  generation: 1 | 2;
  machine: MachineType;
  chipset: "pc" | "q35";
  ramSize: number;
  args: string[];
  topology: QtestTopology;
  irqIntercept: string;
  bdf: number;
  irq: number;
  /** PCI device id QEMU gives the generation. */
  deviceId: number;
  device: DeviceSpec;
}

export function megasasSetup(kind: MegasasKind, disk: string, firmware: string): MegasasSetup {
  const generation = kind === "megasas" ? 1 : 2;
  const chipset = generation === 1 ? "pc" : "q35";
  const irq = generation === 1 ? 11 : 20;
  const device: DeviceSpec = { id: `${kind}@00:04.0`, kind, pciBdf: PCI_BDF, irq, props: [] };
  return {
    name: `megasas-gen${generation}`,
    kind,
    generation,
    machine: chipset,
    chipset,
    ramSize: CAPTURE_RAM,
    args: [
      "-machine",
      chipset,
      "-accel",
      "tcg",
      "-bios",
      firmware,
      "-m",
      `${CAPTURE_RAM / 2 ** 20}M`,
      "-drive",
      `if=none,id=d0,file=${disk},format=raw`,
      "-device",
      `${kind},id=hba,addr=04.0`,
      "-device",
      "scsi-hd,drive=d0,bus=hba.0,scsi-id=0,lun=0",
    ],
    topology: { machine: { type: chipset, ramSize: CAPTURE_RAM }, devices: [device] },
    irqIntercept: "ioapic",
    bdf: PCI_BDF,
    irq,
    deviceId: generation === 1 ? 0x0060 : 0x0079,
    device,
  };
}

/** The `devtape import qtest` flags that give a log of this setup the recorder's topology. */
export function megasasImportFlags(setup: MegasasSetup): string[] {
  return ["--machine", setup.machine, "--ram", `${setup.ramSize / 2 ** 20}M`, "--device", `${setup.kind}@00:04.0,irq=${setup.irq}`];
}
