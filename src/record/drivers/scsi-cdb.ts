// The SCSI command descriptor blocks the reference drivers send (SBC-3, SPC-4), whichever the
// HBA carries them (virtio-scsi.ts, megasas.ts), and how their markers show a CDB.

/** CDBs of the commands the reference captures use. */
export const CDB = {
  testUnitReady: (): number[] => [0x00, 0, 0, 0, 0, 0],
  inquiry: (len: number): number[] => [0x12, 0, 0, (len >> 8) & 0xff, len & 0xff, 0],
  readCapacity10: (): number[] => [0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  read10: (lba: number, count: number): number[] => rw10(0x28, lba, count),
  write10: (lba: number, count: number): number[] => rw10(0x2a, lba, count),
  synchronizeCache10: (): number[] => [0x35, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  reportLuns: (len: number): number[] => [
    0xa0,
    0,
    0,
    0,
    0,
    0,
    (len >>> 24) & 0xff,
    (len >> 16) & 0xff,
    (len >> 8) & 0xff,
    len & 0xff,
    0,
    0,
  ],
} as const;

function rw10(op: number, lba: number, count: number): number[] {
  return [op, 0, (lba >>> 24) & 0xff, (lba >>> 16) & 0xff, (lba >>> 8) & 0xff, lba & 0xff, 0, (count >> 8) & 0xff, count & 0xff, 0];
}

/** A CDB as hex bytes ("28 00 00 …"), as the drivers' markers name it. */
export function cdbHex(cdb: readonly number[]): string {
  return cdb.map((b) => b.toString(16).padStart(2, "0")).join(" ");
}
