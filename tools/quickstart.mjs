#!/usr/bin/env node
// npm start: the main job on a bundled real capture. Imports a virtio-blk session that the
// reference driver ran against QEMU 7.2 (traces/qemu/virtio-blk-mmio-v2.jsonl) into a fresh
// store under the system's temp folder, then shows what devtape sees in it: info, the
// register traffic, the replay through the device model, and the integrity check. Every
// step is a real devtape command.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist/src/cli/main.js");
const sample = join(root, "traces/qemu/virtio-blk-mmio-v2.jsonl");
const store = join(mkdtempSync(join(tmpdir(), "devtape-")), "capture.devtape");

const run = (...args) => {
  process.stdout.write(`\n$ devtape ${args.join(" ")}\n`);
  execFileSync(process.execPath, [cli, ...args], { stdio: "inherit" });
};
try {
  run("import", "jsonl", sample, "-o", store, "--session", "virtio-blk-mmio-v2");
  run("info", store);
  run("events", store, "--kind", "mmio,barrier,interrupt", "--limit", "40");
  run("replay", store, "--to", "120");
  run("verify", store);
  process.stdout.write(`\nThe store is at ${store}; try: node ${cli} events ${store} --help\n`);
} catch (e) {
  process.exitCode = e.status ?? 1;
}
