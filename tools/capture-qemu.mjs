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
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = (p) => join(root, "dist/src", p);
let mods;
try {
  mods = {
    capture: await import(dist("record/capture-virtio-blk.js")),
    setups: await import(dist("record/qtest/virtio-blk-setups.js")),
    parse: await import(dist("io/qtest/parse-log.js")),
    json: await import(dist("schema/json.js")),
    client: await import(dist("record/qtest/client.js")),
  };
} catch (e) {
  process.stderr.write(`capture-qemu: cannot load devtape from dist/ (${e.message}); run 'npm run build' first\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: { out: { type: "string", default: join(root, "traces/qemu") }, only: { type: "string" }, qemu: { type: "string" } },
});
const transports = values.only ? values.only.split(",") : [...mods.setups.VIRTIO_BLK_TRANSPORTS];
for (const t of transports) {
  if (!mods.setups.VIRTIO_BLK_TRANSPORTS.includes(t)) {
    process.stderr.write(`capture-qemu: '${t}' is not one of ${mods.setups.VIRTIO_BLK_TRANSPORTS.join(", ")}\n`);
    process.exit(2);
  }
}
const qemu = mods.client.qemuBinary(values.qemu);
let version;
try {
  version = execFileSync(qemu, ["--version"], { encoding: "utf8" }).split("\n")[0].trim();
} catch (e) {
  process.stderr.write(`capture-qemu: cannot run ${qemu} (${e.message}); install qemu-system-x86 or pass --qemu\n`);
  process.exit(2);
}

const out = resolve(values.out);
mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(tmpdir(), "devtape-capture-"));
const norm = (ev) => {
  const o = JSON.parse(mods.json.eventToJson(ev));
  delete o.seq;
  delete o.timeNs;
  delete o.source;
  return JSON.stringify(o);
};
const made = [];
try {
  for (const t of transports) {
    const base = `virtio-blk-${t}`;
    const log = join(work, `${base}.qtest.log`);
    const c = await mods.capture.captureVirtioBlk({ transport: t, workDir: work, qtestLog: log, qemu });
    const jsonl = c.events.map((ev, i) => `${mods.json.eventToJson({ ...ev, seq: i })}\n`).join("");
    const logText = readFileSync(log, "utf8");
    const imported = mods.parse.parseQtestText(logText, { file: log, topology: c.setup.topology, strict: true }).events.map(norm);
    const recorded = c.events.filter((ev) => !ev.barrier && !ev.marker).map(norm);
    const at = recorded.findIndex((r, i) => r !== imported[i]);
    if (at >= 0 || recorded.length !== imported.length) {
      throw new Error(`${base}: the imported log differs from the recorder's events at access ${at < 0 ? recorded.length : at}`);
    }
    writeFileSync(join(out, `${base}.jsonl`), jsonl);
    copyFileSync(log, join(out, `${base}.qtest.log`));
    const argv = c.argv
      .map((a) => a.replace(c.disk, "disk.img").replace(join(work, "halt-64k.bin"), "halt-64k.bin").replace(log, `${base}.qtest.log`))
      .join(" ");
    made.push({ t, base, events: c.events.length, logLines: logText.split("\n").length - 1, argv, c });
    process.stderr.write(`${base}: ${c.events.length} events, ${c.results.length} requests OK (${c.driver.probe})\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (transports.length === mods.setups.VIRTIO_BLK_TRANSPORTS.length) {
  const date = new Date().toISOString().slice(0, 10);
  const hex = (n) => `0x${n.toString(16)}`;
  const rows = made.map(
    ({ base, events, logLines, c }) =>
      `| \`${base}.jsonl\` / \`${base}.qtest.log\` | ${c.setup.machine} | ${c.driver.probe} | device ${hex(c.driver.deviceFeatures)}, driver ${hex(c.driver.driverFeatures)} | ${c.driver.queueSize} | ${events} events / ${logLines} log lines |`,
  );
  const commands = made.map(({ base, argv, c }) => {
    const flags = mods.setups.importFlags(c.setup).join(" ");
    return `### ${base}\n\n\`\`\`sh\n${argv}\n\`\`\`\n\nImport the log with the recorder's topology:\n\n\`\`\`sh\ndevtape import qtest traces/qemu/${base}.qtest.log -o qemu.devtape ${flags}\n\`\`\`\n`;
  });
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
  process.stderr.write(`wrote ${relative(process.cwd(), join(out, "README.md"))}\n`);
}
