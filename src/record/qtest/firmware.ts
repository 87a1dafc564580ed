// The firmware for qtest captures: 64 KiB of 0xf4 (x86 `hlt`). Debian's QEMU has no
// `-accel qtest`, so captures run under TCG with a real vCPU; it must not execute anything
// that touches the devices, or the capture would hold accesses the driver did not make.
// x86 starts at the reset vector 0xfffffff0, which maps to the last 16 bytes of the
// -bios image: there it finds `hlt` and, with interrupts disabled at reset, stays halted
// for good. pc, q35 and microvm all accept a 64 KiB image (a multiple of 64 KiB is what
// QEMU's x86 firmware loader requires).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const HALT_FIRMWARE_SIZE = 64 * 1024;
const HLT = 0xf4;

/** The firmware's bytes. */
export function haltFirmwareBytes(): Uint8Array {
  return new Uint8Array(HALT_FIRMWARE_SIZE).fill(HLT);
}

/** Writes the firmware to `path`. */
export function writeHaltFirmware(path: string): string {
  writeFileSync(path, haltFirmwareBytes());
  return path;
}

/**
 * A path to the firmware under `dir` (default: devtape's folder in the system's temp
 * folder), written if it is missing or not the expected bytes.
 */
export function haltFirmware(dir = join(tmpdir(), "devtape-qtest")): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "halt-64k.bin");
  if (existsSync(path)) {
    const have = readFileSync(path);
    if (have.length === HALT_FIRMWARE_SIZE && have.every((b) => b === HLT)) return path;
  }
  return writeHaltFirmware(path);
}
