// The raw disk image behind captured block devices: every 512-byte sector is different
// and says which it is (it starts with "devtape sector N" and continues with a pattern
// of N), so a read that returns the wrong sector, a stale buffer or zeroes is caught, and
// a capture's data can be checked by eye in a hex dump.
import { writeFileSync } from "node:fs";

export const SECTOR = 512;

/** The original contents of sector `n`. */
export function patternSector(n: number): Uint8Array {
  const s = new Uint8Array(SECTOR);
  const label = new TextEncoder().encode(`devtape sector ${n}`);
  s.set(label);
  for (let i = label.length; i < SECTOR; i++) s[i] = (n * 37 + i * 11 + (i >> 8)) & 0xff;
  return s;
}

/** The original contents of `count` sectors from `first`. */
export function patternSectors(first: number, count: number): Uint8Array {
  const out = new Uint8Array(count * SECTOR);
  for (let i = 0; i < count; i++) out.set(patternSector(first + i), i * SECTOR);
  return out;
}

/** Writes an image of `sectors` sectors (default 2048: 1 MiB) to `path`. */
export function writePatternImage(path: string, sectors = 2048): void {
  writeFileSync(path, patternSectors(0, sectors));
}

/** Data a write request puts on the disk, distinct from every pattern sector. */
export function writeData(sector: number, count: number, seed = 1): Uint8Array {
  const out = new Uint8Array(count * SECTOR);
  for (let i = 0; i < out.length; i++) out[i] = (0xa5 ^ (seed * 29 + sector * 3 + i * 7)) & 0xff;
  out.set(new TextEncoder().encode(`written by devtape to sector ${sector}`));
  return out;
}
