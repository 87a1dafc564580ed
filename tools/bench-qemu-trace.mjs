#!/usr/bin/env node
// Measures the QEMU trace importer: the parser alone (lines → events, in memory) and the whole
// import (file → store, as `devtape import qemu-trace` does it). The input is a trace log
// repeated to --lines lines (default 1,000,000): by default the committed Linux boot
// (traces/qemu/linux-boot-virtio-blk.trace.log, mostly register accesses), or --input FILE
// (e.g. a whole boot made with `node tools/capture-linux-boot.mjs --full --out FILE`).
// Prints the median of three runs of each.
//
// Usage: npm run build && node tools/bench-qemu-trace.mjs [--input FILE] [--lines N] [--trace-events PATH]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = (p) => import(join(root, "dist/src", p));
const { values } = parseArgs({
  options: {
    input: { type: "string", default: join(root, "traces/qemu/linux-boot-virtio-blk.trace.log") },
    lines: { type: "string", default: "1000000" },
    "trace-events": { type: "string", default: join(root, "test/fixtures/qemu-trace/trace-events-7.2") },
  },
});
const { TraceCatalog } = await dist("io/qemu-trace/trace-events.js");
const { QemuTraceParser } = await dist("io/qemu-trace/parse-log.js");
const { importQemuTrace } = await dist("io/qemu-trace/import.js");
const { Store } = await dist("store/store.js");
const { createReadStream } = await import("node:fs");

const catalog = TraceCatalog.load(values["trace-events"]);
const one = readFileSync(values.input, "utf8")
  .split("\n")
  .filter((l) => l !== "");
const want = Number(values.lines);
const lines = [];
while (lines.length < want) for (const l of one) if (lines.length < want) lines.push(l);
const median = (xs) => [...xs].sort((a, b) => a - b)[1];
const rate = (n, s) => `${(n / s / 1e6).toFixed(2)} M lines/s`;

const parseTimes = [];
for (let run = 0; run < 3; run++) {
  const p = new QemuTraceParser({ catalog, files: ["bench"] });
  const t0 = process.hrtime.bigint();
  let events = 0;
  for (let i = 0; i < lines.length; i++) events += p.feed(lines[i], i + 1, 0).length;
  events += p.end().length;
  parseTimes.push(Number(process.hrtime.bigint() - t0) / 1e9);
  if (run === 0) process.stderr.write(`${lines.length} lines (${values.input} repeated) → ${events} events\n`);
}

const dir = mkdtempSync(join(tmpdir(), "devtape-bench-trace-"));
const importTimes = [];
try {
  const file = join(dir, "bench.trace.log");
  writeFileSync(file, `${lines.join("\n")}\n`);
  for (let run = 0; run < 3; run++) {
    const store = Store.open(join(dir, `b${run}.devtape`), { mode: "write", create: true });
    const t0 = process.hrtime.bigint();
    await importQemuTrace(
      store,
      { name: "bench", source: "bench", commandLine: "", inputs: [file] },
      [{ name: file, stream: createReadStream(file) }],
      catalog,
    );
    store.close();
    importTimes.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(
  `parse (lines → events):          ${rate(lines.length, median(parseTimes))}  (runs: ${parseTimes.map((t) => t.toFixed(2)).join(" ")} s)\n` +
    `import (file → store, committed): ${rate(lines.length, median(importTimes))}  (runs: ${importTimes.map((t) => t.toFixed(2)).join(" ")} s)\n`,
);
