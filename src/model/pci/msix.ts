// The MSI-X table and pending-bit array of a function (PCI 3.0 §6.8.2), as QEMU's
// hw/pci/msix.c keeps them: 16-byte entries (message address low/high, data, vector
// control with bit 0 = masked), accessed as aligned 4- or 8-byte reads and writes; a vector
// the device notifies while masked becomes pending and fires when unmasked. Every vector is
// masked after reset, but a capture may start mid-life, so every word — vector control too —
// is learned until the driver writes it (or a message shows the vector unmasked).
import type { StateReader, StateWriter } from "../codec/state-codec.js";
import { hex, type Reporter } from "../machine/report.js";
import { MSIX_ENTRY_SIZE, MSIX_VECTOR_MASKED } from "./config.js";

const WORD_CTRL = 3;

export class MsixTable {
  /** Table dwords by index (entry × 4 + word), where known. */
  words = new Map<number, number>();
  /** Vectors whose control dword is not known but which a message showed unmasked. */
  unmasked = new Set<number>();
  /** Vectors whose pending bit is known to be set. */
  pending = new Set<number>();

  /** The vector control dword of an entry, when known. */
  control(vector: number): number | undefined {
    return this.words.get(vector * 4 + WORD_CTRL);
  }

  /** Whether a vector is masked (by itself or the function mask); undefined when the capture has not shown it. */
  isMasked(vector: number, functionMasked: boolean | undefined): boolean | undefined {
    if (functionMasked === true) return true;
    const ctrl = this.control(vector);
    const own = ctrl !== undefined ? (ctrl & MSIX_VECTOR_MASKED) !== 0 : this.unmasked.has(vector) ? false : undefined;
    if (own === true) return true;
    return functionMasked === false ? own : undefined;
  }

  /** A message showed `vector` unmasked. */
  learnUnmasked(vector: number): void {
    if (this.control(vector) === undefined) this.unmasked.add(vector);
  }

  /** The vectors whose address and data the capture showed to be (address, data). */
  vectorsSending(address: number, data: number): number[] {
    const out = new Set<number>();
    for (const index of this.words.keys()) {
      const v = index >> 2;
      const m = this.message(v);
      if (m !== undefined && m.address === address && m.data === data) out.add(v);
    }
    return [...out].sort((a, b) => a - b);
  }

  /** The message an entry sends, when the capture showed its address and data. */
  message(vector: number): { address: number; data: number } | undefined {
    const lo = this.words.get(vector * 4);
    const hi = this.words.get(vector * 4 + 1);
    const data = this.words.get(vector * 4 + 2);
    if (lo === undefined || hi === undefined || data === undefined) return undefined;
    return { address: hi * 2 ** 32 + lo, data };
  }

  /** A 4-byte table read at `offset` within the table. */
  read(r: Reporter, device: string, offset: number, observed: number): void {
    const index = offset >> 2;
    const held = (index & 3) === WORD_CTRL ? this.control(index >> 2) : this.words.get(index);
    if (held === undefined) {
      if ((index & 3) === WORD_CTRL && this.unmasked.delete(index >> 2) && observed & MSIX_VECTOR_MASKED)
        r.diverge(device, `MSI-X table entry ${index >> 2} vector control`, hex(observed >>> 0), "unmasked (the device sent its message)");
      this.words.set(index, observed >>> 0);
      return;
    }
    if (held !== observed >>> 0)
      r.diverge(device, `MSI-X table entry ${index >> 2} ${WORD_NAMES[index & 3]}`, hex(observed >>> 0), hex(held));
  }

  /** A 4-byte table write; returns true when it unmasked a pending vector (the device then sends its message). */
  write(offset: number, value: number, functionMasked: boolean | undefined): boolean {
    const index = offset >> 2;
    const vector = index >> 2;
    const wasMasked = this.isMasked(vector, functionMasked);
    this.words.set(index, value >>> 0);
    if ((index & 3) === WORD_CTRL) this.unmasked.delete(vector);
    return wasMasked !== false && this.isMasked(vector, functionMasked) === false && this.pending.delete(vector);
  }

  /** The function mask or enable changed: pending vectors that are now unmasked fire. */
  unmaskPending(functionMasked: boolean | undefined): void {
    for (const v of [...this.pending]) if (this.isMasked(v, functionMasked) === false) this.pending.delete(v);
  }

  /**
   * A 4-byte PBA read of vectors 32 × `dword` … +31. A bit may be set when it is known
   * pending, or when `mayBePending(vector)` (the device may have notified it while masked).
   */
  readPba(r: Reporter, device: string, dword: number, observed: number, mayBePending: (vector: number) => boolean): void {
    let must = 0;
    let may = 0;
    for (let bit = 0; bit < 32; bit++) {
      const v = dword * 32 + bit;
      if (this.pending.has(v)) must |= 1 << bit;
      else if (mayBePending(v)) may |= 1 << bit;
    }
    const obs = observed >>> 0;
    if ((obs & must) >>> 0 !== must >>> 0 || (obs & ~(must | may)) !== 0) {
      r.diverge(device, `MSI-X PBA dword ${dword}`, hex(obs), may ? `${hex(must >>> 0)} plus any of ${hex(may >>> 0)}` : hex(must >>> 0));
    }
    for (let bit = 0; bit < 32; bit++) {
      const v = dword * 32 + bit;
      if (obs & (1 << bit)) this.pending.add(v);
      else this.pending.delete(v);
    }
  }

  encode(w: StateWriter): void {
    const words = [...this.words.entries()].sort((a, b) => a[0] - b[0]);
    w.u32(words.length);
    for (const [k, v] of words) w.u32(k).u32(v);
    const pending = [...this.pending].sort((a, b) => a - b);
    w.u32(pending.length);
    for (const v of pending) w.u32(v);
    const unmasked = [...this.unmasked].sort((a, b) => a - b);
    w.u32(unmasked.length);
    for (const v of unmasked) w.u32(v);
  }

  decodeInto(r: StateReader): void {
    const n = r.u32();
    for (let i = 0; i < n; i++) this.words.set(r.u32(), r.u32());
    const p = r.u32();
    for (let i = 0; i < p; i++) this.pending.add(r.u32());
    const u = r.u32();
    for (let i = 0; i < u; i++) this.unmasked.add(r.u32());
  }
}

const WORD_NAMES = ["message address", "message upper address", "message data", "vector control"];

/** Bytes of table for `entries` vectors, and of PBA (QEMU rounds the PBA up to whole qwords). */
export const msixTableBytes = (entries: number) => entries * MSIX_ENTRY_SIZE;
export const msixPbaBytes = (entries: number) => Math.ceil(entries / 64) * 8;
