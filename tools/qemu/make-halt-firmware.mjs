#!/usr/bin/env node
// Writes the halting firmware for qtest captures: 64 KiB of 0xf4 (x86 `hlt`), so that the
// vCPU QEMU runs under TCG halts at its reset vector and never touches a device (see
// src/record/qtest/firmware.ts, which the capture code uses directly).
// Usage: node tools/qemu/make-halt-firmware.mjs OUT.bin
import { writeFileSync } from "node:fs";

const out = process.argv[2];
if (!out) {
  process.stderr.write("usage: node tools/qemu/make-halt-firmware.mjs OUT.bin\n");
  process.exit(2);
}
writeFileSync(out, new Uint8Array(64 * 1024).fill(0xf4));
process.stderr.write(`wrote ${out} (65536 bytes of hlt)\n`);
