#!/usr/bin/env node
// Regenerates the real QEMU captures in traces/qemu/: for each virtio-blk transport, runs
// the reference driver through the qtest recorder on qemu-system-x86_64 and writes
//   traces/qemu/virtio-blk-<transport>.jsonl      the recorder's events (canonical JSON lines)
//   traces/qemu/virtio-blk-<transport>.qtest.log  QEMU's own -qtest-log of the same run
// then checks that importing the log gives the recorder's events (barriers and markers
// aside, which a log cannot hold) and rewrites traces/qemu/README.md with the QEMU version,
// the date and the exact command lines.
//
// Usage: npm run build && node tools/capture-qemu.mjs [--out DIR] [--only mmio-v1,pci-modern] [--qemu PATH]
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  accessJson,
  captureArgs,
  importCommands,
  jsonLines,
  loadDist,
  outAndWork,
  qemuAndVersion,
  selected,
  shownArgv,
  today,
  wrote,
} from "./capture-common.mjs";

const TOOL = "capture-qemu";
const mods = await loadDist(TOOL, {
  capture: "record/capture-virtio-blk.js",
  setups: "record/qtest/virtio-blk-setups.js",
  parse: "io/qtest/parse-log.js",
  json: "schema/json.js",
  client: "record/qtest/client.js",
});
const values = captureArgs({ only: { type: "string" } });
const transports = selected(TOOL, values.only, mods.setups.VIRTIO_BLK_TRANSPORTS);
const { qemu, version } = qemuAndVersion(TOOL, mods.client, values.qemu);
const { out, work } = outAndWork(values.out, "devtape-capture-");
const norm = (ev) => accessJson(mods.json, ev);
const made = [];
try {
  for (const t of transports) {
    const base = `virtio-blk-${t}`;
    const log = join(work, `${base}.qtest.log`);
    const c = await mods.capture.captureVirtioBlk({ transport: t, workDir: work, qtestLog: log, qemu });
    const jsonl = jsonLines(mods.json, c.events);
    const logText = readFileSync(log, "utf8");
    const imported = mods.parse.parseQtestText(logText, { file: log, topology: c.setup.topology, strict: true }).events.map(norm);
    const recorded = c.events.filter((ev) => !ev.barrier && !ev.marker).map(norm);
    const at = recorded.findIndex((r, i) => r !== imported[i]);
    if (at >= 0 || recorded.length !== imported.length) {
      throw new Error(`${base}: the imported log differs from the recorder's events at access ${at < 0 ? recorded.length : at}`);
    }
    writeFileSync(join(out, `${base}.jsonl`), jsonl);
    copyFileSync(log, join(out, `${base}.qtest.log`));
    const argv = shownArgv(c, work, log, `${base}.qtest.log`).join(" ");
    made.push({ t, base, events: c.events.length, logLines: logText.split("\n").length - 1, argv, c });
    process.stderr.write(`${base}: ${c.events.length} events, ${c.results.length} requests OK (${c.driver.probe})\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (transports.length === mods.setups.VIRTIO_BLK_TRANSPORTS.length) {
  const date = today();
  const hex = (n) => `0x${n.toString(16)}`;
  const rows = made.map(
    ({ base, events, logLines, c }) =>
      `| \`${base}.jsonl\` / \`${base}.qtest.log\` | ${c.setup.machine} | ${c.driver.probe} | device ${hex(c.driver.deviceFeatures)}, driver ${hex(c.driver.driverFeatures)} | ${c.driver.queueSize} | ${events} events / ${logLines} log lines |`,
  );
  const commands = made.map(({ base, argv, c }) => importCommands(base, argv, mods.setups.importFlags(c.setup).join(" ")));
  const readme = `# Real QEMU captures (virtio-blk)

Made with **${version}** (\`qemu-system-x86_64 --version\`) on ${date} by
\`npm run build && node tools/capture-qemu.mjs\`, which regenerates every capture here but the trace logs (see "Trace logs" below).

Each capture is one run of devtape's reference virtio-blk driver
(\`src/record/drivers/virtio-blk.ts\`) driving a real QEMU over the qtest protocol
(\`src/record/qtest/\`). QEMU runs under TCG with a firmware of 64 KiB of \`hlt\`
(\`src/record/qtest/firmware.ts\`): its vCPU halts at the reset vector, so every device access
in a capture is the driver's. The disk is a 1 MiB raw image whose sectors say which they are
(\`src/record/drivers/disk-image.ts\`). The driver brings the device up (PCI enumeration, BAR
sizing and assignment, INTx routing and a silenced PIT on pc/q35; the virtio status handshake and
feature negotiation; queue 0), then makes three batches available with one notify each — read
sectors 0-1 and write sector 8; read sector 8 back and read the last sector (2047); flush — waits
for the interrupt, acknowledges it, reads the used ring, checks status bytes, used lengths and
data against the image, and resets the device. After QEMU exits the image is checked to hold
what was written.

For each transport:

- \`*.jsonl\`: the recorder's events, one canonical JSON line each (\`devtape import jsonl\`
  takes them). Times are host nanoseconds since the session started. Barriers and markers come
  from the driver.
- \`*.qtest.log\`: QEMU's own \`-qtest-log\` of the same run. \`devtape import qtest\` with the
  flags below gives the same accesses, values, interrupts and order as the \`.jsonl\` (a log has
  no barriers and markers); \`test/io/qtest-captures.test.ts\` checks it.

| files | machine | device | features (hex) | queue size | size |
|---|---|---|---|---|---|
${rows.join("\n")}

## Command lines

\`disk.img\` is the pattern image, \`halt-64k.bin\` the halting firmware; the client adds
everything from \`-qtest\` on.

${commands.join("\n")}`;
  // The trace logs' section belongs to tools/capture-qemu-trace.mjs: keep it.
  const readmePath = join(out, "README.md");
  const old = existsSync(readmePath) ? readFileSync(readmePath, "utf8") : "";
  const traceSection = old.indexOf("\n## Trace logs\n");
  writeFileSync(readmePath, traceSection >= 0 ? `${readme.trimEnd()}\n${old.slice(traceSection)}` : readme);
  wrote(readmePath);
}
