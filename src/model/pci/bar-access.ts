// What every PCI device model does with an access inside one of its BARs before its own
// registers see it: an 8-byte access to regions that take at most 4 bytes becomes two
// 4-byte ones (QEMU's valid.max_access_size); the MSI-X table and PBA, where the
// capability puts them, are the function's, not the device's; an access QEMU refuses is a
// guest error and reads 0.
import { hex, type Reporter } from "../machine/report.js";
import { misaligned } from "./config.js";
import { type MsixTable, msixPbaBytes, msixTableBytes } from "./msix.js";
import type { PciFunction } from "./pci-function.js";

/** An access QEMU refuses: a guest error, and a read returns 0. */
export function refuseAccess(
  r: Reporter,
  id: string,
  slot: number,
  offset: number,
  size: number,
  write: boolean,
  value: number,
  why: string,
): true {
  r.guestError(id, offset, write ? value : null, `${size}-byte ${write ? "write" : "read"} at BAR${slot} + ${hex(offset)} ${why}; refused`);
  if (!write && value !== 0) r.diverge(id, `refused read at BAR${slot} + ${hex(offset)}`, hex(value >>> 0), "0x0");
  return true;
}

/**
 * An 8-byte access as two 4-byte ones at offset and offset + 4 (`each` handles one half);
 * a misaligned one is refused. Returns whether both halves were placed.
 */
export function splitEightByte(
  r: Reporter,
  id: string,
  slot: number,
  offset: number,
  write: boolean,
  value: number,
  valueHi: number,
  each: (offset: number, value: number) => boolean,
): boolean {
  if (misaligned(offset, 8)) return refuseAccess(r, id, slot, offset, 8, write, value | valueHi, "is not aligned");
  const a = each(offset, value);
  const b = each(offset + 4, valueHi);
  return a && b;
}

export interface MsixOwner {
  readonly id: string;
  readonly pci: PciFunction;
  readonly msix: MsixTable;
}

/**
 * An access to the MSI-X table or PBA of `dev` inside BAR `slot`, handled; undefined when
 * [offset] is not in either (or the capability has not been seen). `widths` names the
 * access widths QEMU takes there, for the refusal's sentence; `mayBePending(vector)` says
 * whether a vector's pending bit may be set.
 */
export function msixBarAccess(
  r: Reporter,
  dev: MsixOwner,
  slot: number,
  offset: number,
  size: number,
  write: boolean,
  value: number,
  widths: string,
  mayBePending: (vector: number) => boolean,
): true | undefined {
  const mx = dev.pci.msixLayout();
  if (mx === undefined || mx.entries === undefined) return undefined;
  const t = mx.tableOffset;
  if (slot === mx.tableBar && t !== undefined && offset >= t && offset < t + msixTableBytes(mx.entries)) {
    const rel = offset - t;
    if (size !== 4 || misaligned(rel, 4))
      return refuseAccess(r, dev.id, slot, offset, size, write, value, `in the MSI-X table is not an aligned ${widths} access`);
    if (write) dev.msix.write(rel, value, dev.pci.msixMasked);
    else dev.msix.read(r, dev.id, rel, value);
    return true;
  }
  const p = mx.pbaOffset;
  if (slot === mx.pbaBar && p !== undefined && offset >= p && offset < p + msixPbaBytes(mx.entries)) {
    const rel = offset - p;
    if (size !== 4 || misaligned(rel, 4))
      return refuseAccess(r, dev.id, slot, offset, size, write, value, `in the MSI-X PBA is not an aligned ${widths} access`);
    if (write) {
      r.guestError(dev.id, offset, value, "write to the MSI-X pending bit array, which is read-only; ignored");
      return true;
    }
    dev.msix.readPba(r, dev.id, rel >> 2, value, mayBePending);
    return true;
  }
  return undefined;
}
