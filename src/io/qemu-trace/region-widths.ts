// The width of a memory_region_ops_read/write line is the width QEMU called the region's
// handler with, not the width of the access that reached the region.
//
// QEMU's memory core (access_with_adjusted_size, softmmu/memory.c in 7.2) calls a region's
// read/write handler with the access's width clamped to the region's
// impl.min_access_size..impl.max_access_size, once per clamped width, and traces each call
// with that width and the handler's whole value:
//
// - an access wider than impl.max becomes several handler calls, each traced as its own line
//   at addr + i: every line is then an access of a width the region takes, nothing to undo;
// - an access narrower than impl.min becomes ONE call at impl.min bytes: the line is wider
//   than the access. A read gives the guest the call's low bytes (little-endian regions, shift
//   0), a write hands the handler the guest's value zero-extended.
//
// So a line at a region's implementation minimum stands for an access of that width or
// narrower; the trace cannot say which. The importer gives the widest access that produces
// exactly this one handler call when it goes through QEMU's memory API the way devtape's
// device models take an access (address_space_rw: split at the region's
// valid.max_access_size, 4 bytes when the region declares none; and never wider than the
// address's alignment, since QEMU refuses unaligned accesses to these regions): a 4-byte
// access for an 8-byte call at 0x40 or 0x44 of a region that takes at most 4. Its value is the
// line's low bytes. A write whose value does not fit that width was a wider access (a vCPU's
// 8-byte store reaches the handler whole under TCG); it keeps the traced width.
//
// Only a region's declaration tells whether its lines are widened, so the regions are listed
// here with what QEMU 7.2's sources declare for them; a region not listed keeps the traced
// width (its implementation minimum is at most what any access has, so nothing was widened).

/** What a region's MemoryRegionOps declare: impl.min_access_size, and valid.max_access_size (0: none). */
export interface RegionWidths {
  implMin: number;
  validMax: number;
}

/** Regions whose handlers QEMU 7.2 calls wider than the accesses that reach them, by region name. */
export const WIDENING_REGIONS: ReadonlyMap<string, RegionWidths> = new Map([
  // hw/scsi/megasas.c: megasas_mmio_ops and megasas_queue_ops, .impl = { 8, 8 }, no .valid;
  // the MFI registers are 32 bits wide and megasas_mmio_read answers them whatever the width.
  ["megasas-mmio", { implMin: 8, validMax: 0 }],
  ["megasas-queue", { implMin: 8, validMax: 0 }],
]);

/** The widest power of two (at most 8) that `addr` is aligned to. */
function alignment(addr: number): number {
  for (const w of [8, 4, 2]) if (addr % w === 0) return w;
  return 1;
}

/**
 * The width of the access a memory_region_ops line stands for: `size` (the handler's width)
 * unless the region widens accesses and the line is at its implementation minimum; then the
 * widest access that gives this one call (see above). `fitsIn(width)` says whether the line's
 * value fits in `width` bytes (a write's value; a read's is the handler's and says nothing).
 */
export function accessWidth(region: string, addr: number, size: number, write: boolean, fitsIn: (width: number) => boolean): number {
  const r = WIDENING_REGIONS.get(region);
  if (r === undefined || size !== r.implMin) return size;
  const width = Math.min(size, r.validMax === 0 ? 4 : r.validMax, alignment(addr));
  if (width >= size) return size;
  return write && !fitsIn(width) ? size : width;
}
