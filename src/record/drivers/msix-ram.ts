// MSI-X for a driver run from the host, as QEMU's own qtest drivers (libqos) take it: a
// qtest client sees no message the device sends to the interrupt controller, so each vector
// is pointed at a word of guest RAM instead. QEMU's msi_send_message stores the vector's data
// there (a 4-byte DMA write), and the driver polls the word, takes the interrupt when it holds
// the data and clears it. Vector 0 carries configuration changes, vector 1 the queues; both
// send libqos's data, 0x12345678, to their own word, so only the address tells them apart.
//
// Enabling: the MSI-X capability says where the table is (BAR and offset); each entry gets
// its address, data and an unmasked vector control, then the capability's enable bit is set
// (the function mask left clear). The transport then names the vectors (legacy: 0x14/0x16;
// modern: config_msix_vector/queue_msix_vector) and reads each back: QEMU answers
// VIRTIO_MSI_NO_VECTOR when it refuses one.
import type { DriverBus } from "./driver-bus.js";
import type { GuestMemory } from "./guest-memory.js";
import { PCI_CAP_ID_MSIX, PciConfig } from "./pci-config.js";

export const MSIX_CONFIG_VECTOR = 0;
export const MSIX_QUEUE_VECTOR = 1;
/** libqos's message data. */
export const MSIX_DATA = 0x1234_5678;
const ENTRY_SIZE = 16;
const MSIX_ENABLE = 0x8000;
const VECTOR_MASKED = 1;

/** The BARs of a function, as the PCI bring-up assigned them. */
export interface MsixFunction {
  bdf: number;
  caps: readonly { id: number; offset: number }[];
  bars: readonly { index: number; address?: number | undefined }[];
}

export class MsixRam {
  private constructor(
    private readonly bus: DriverBus,
    /** Guest-physical address of each vector's word, by vector. */
    readonly words: readonly number[],
  ) {}

  /** Programs vectors 0 and 1 to words of `mem` and enables MSI-X on the function. */
  static async enable(bus: DriverBus, fn: MsixFunction, mem: GuestMemory): Promise<MsixRam> {
    const cap = fn.caps.find((c) => c.id === PCI_CAP_ID_MSIX);
    if (cap === undefined) throw new Error(`PCI ${fn.bdf.toString(16)} has no MSI-X capability`);
    const cfg = new PciConfig(bus);
    const control = await cfg.read16(fn.bdf, cap.offset + 2);
    const entries = (control & 0x7ff) + 1;
    if (entries < 2) throw new Error(`PCI ${fn.bdf.toString(16)}: MSI-X has ${entries} vector(s), the driver needs 2`);
    const tableReg = await cfg.read32(fn.bdf, cap.offset + 4);
    const bar = fn.bars.find((b) => b.index === (tableReg & 7));
    if (bar?.address === undefined) throw new Error(`PCI ${fn.bdf.toString(16)}: the MSI-X table's BAR${tableReg & 7} is not assigned`);
    const table = bar.address + (tableReg & ~7);
    bus.marker(`msi-x: ${entries} vectors, table at 0x${table.toString(16)}; vectors 0 (configuration) and 1 (queues) write to RAM`);
    const words: number[] = [];
    for (const v of [MSIX_CONFIG_VECTOR, MSIX_QUEUE_VECTOR]) {
      const word = mem.alloc(4, 4);
      words[v] = word;
      await bus.writel(word, 0);
      const e = table + ENTRY_SIZE * v;
      await bus.writel(e, word);
      await bus.writel(e + 4, 0);
      await bus.writel(e + 8, MSIX_DATA);
      const ctrl = await bus.readl(e + 12);
      await bus.writel(e + 12, ctrl & ~VECTOR_MASKED);
    }
    await cfg.write16(fn.bdf, cap.offset + 2, (control | MSIX_ENABLE) & ~0x4000);
    return new MsixRam(bus, words);
  }

  /**
   * Waits for a message: polls both words until one holds the data, clears what it found,
   * and returns the causes as ISR bits would (1: the queues' vector, 2: the configuration's).
   */
  async wait(timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let bits = 0;
      for (const [vector, bit] of [
        [MSIX_QUEUE_VECTOR, 1],
        [MSIX_CONFIG_VECTOR, 2],
      ] as const) {
        const word = this.words[vector] as number;
        if ((await this.bus.readl(word)) !== MSIX_DATA) continue;
        await this.bus.writel(word, 0);
        bits |= bit;
      }
      if (bits !== 0) return bits;
      if (Date.now() > deadline) throw new Error(`no MSI-X message within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 1));
    }
  }
}
