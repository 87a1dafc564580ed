#!/usr/bin/env node
// Regenerates the real QEMU megasas captures in traces/qemu/: for each generation, runs the
// reference MFI driver (src/record/drivers/megasas.ts) through the qtest recorder and writes
//   traces/qemu/megasas-gen<N>.jsonl      the recorder's events (canonical JSON lines)
//   traces/qemu/megasas-gen<N>.qtest.log  QEMU's own -qtest-log of the same run
// after checking that importing the log gives the recorder's accesses and interrupts
// (barriers and markers aside; see sameAccesses for where an interrupt may sit) and that
// both replay through the device model with no divergence and no guest error; then
// rewrites the "Real QEMU captures (megasas)" section of traces/qemu/README.md (appended
// when missing; the rest of the file is left alone) with the QEMU version, the date, the
// replay summaries and the exact command lines.
//
// Usage: npm run build && node tools/capture-megasas.mjs [--out DIR] [--only megasas,megasas-gen2] [--qemu PATH]
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  captureArgs,
  checkAgainstLog,
  commandLinesPart,
  importCommands,
  keepQtestCapture,
  loadDist,
  outAndWork,
  qemuAndVersion,
  replayEvents,
  selected,
  today,
  writeSection,
} from "./capture-common.mjs";

const TOOL = "capture-megasas";
const mods = await loadDist(TOOL, {
  capture: "record/capture-megasas.js",
  setups: "record/qtest/megasas-setups.js",
  parse: "io/qtest/parse-log.js",
  json: "schema/json.js",
  client: "record/qtest/client.js",
  machine: "model/machine/machine.js",
  summary: "model/machine/summary.js",
});
const values = captureArgs({ only: { type: "string" } });
const kinds = selected(TOOL, values.only, mods.setups.MEGASAS_KINDS);
const { qemu, version } = qemuAndVersion(TOOL, mods.client, values.qemu);
const { out, work } = outAndWork(values.out, "devtape-capture-megasas-");
const made = [];
try {
  for (const kind of kinds) {
    const setup = mods.setups.megasasSetup(kind, "disk.img", "halt-64k.bin");
    const base = setup.name;
    const log = join(work, `${base}.qtest.log`);
    const c = await mods.capture.captureMegasas({ kind, workDir: work, qtestLog: log, qemu });
    const logText = readFileSync(log, "utf8");
    const imported = mods.parse.parseQtestText(logText, { file: log, topology: c.setup.topology, strict: true }).events;
    checkAgainstLog(mods.json, mods.machine, base, c.events, imported);
    const summary = mods.summary.summarize(replayEvents(mods.machine, c.events))[0].megasas;
    made.push({ ...keepQtestCapture(mods.json, out, work, base, log, logText, c), summary });
    process.stderr.write(`${base}: ${c.events.length} events, ${c.results.length} requests answered and checked (${c.driver.probe})\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (kinds.length === mods.setups.MEGASAS_KINDS.length) {
  const date = today();
  const hex = (n) => `0x${(n >>> 0).toString(16)}`;
  const rows = made.map(
    ({ base, events, logLines, c, summary }) =>
      `| \`${base}.jsonl\` / \`${base}.qtest.log\` | ${c.setup.machine} | ${c.driver.probe}; ${c.driver.product} | ${hex(c.driver.stateWord)} | ${summary.framesPosted} frames, ${summary.framesCompleted} completed | ${events} events / ${logLines} log lines |`,
  );
  const commands = made.map(({ base, argv, c }) => importCommands(base, argv, mods.setups.megasasImportFlags(c.setup).join(" ")));
  const section = `## Real QEMU captures (megasas)

Made with **${version}** on ${date} by \`npm run build && node tools/capture-megasas.mjs\`,
which regenerates the \`megasas-*\` files here and this section.

Each capture is one run of devtape's reference MegaRAID (MFI) driver
(\`src/record/drivers/megasas.ts\`) over qtest, on the same halting firmware and pattern disk
image as the virtio captures; the image is a \`scsi-hd\` (scsi-id 0, LUN 0) on the HBA's bus.
The driver enumerates the bus, sizes and assigns the BARs (gen1: registers in 64-bit BAR0,
I/O BAR2; gen2: I/O BAR0, registers in 64-bit BAR1; both a 256 KiB queue BAR3), routes INTx
and silences the PIT; reads the firmware state word through the memory and the I/O BAR
(READY, MSI-X supported, 80 SGEs, 1000 or 1008 commands); rings the inbound doorbell with
ABORT | READY | MFIMODE; posts INIT with interrupts masked and polls its status (the reply
queue has one 4-byte entry per command; producer and consumer indexes start at 0);
checks OPERATIONAL; enables interrupts; then posts, each time waiting for INTx, reading the
outbound interrupt status, acknowledging it in the doorbell clear register, taking contexts
from the reply queue up to the producer and storing the consumer: CTRL_GET_INFO (ids,
product, limits equal to the state word's), LD_GET_LIST (one drive of 2048 blocks); three
frames together — LD READ of blocks 0–1, PD SCSI READ(10) of block 2047, LD SCSI INQUIRY —;
an LD WRITE of block 8 and its read-back; CTRL_CACHE_FLUSH and CTRL_SHUTDOWN, after which the
firmware is READY. gen1 frames use 32-bit SGEs, gen2 frames 64-bit ones. Every status and
every byte read is checked against the image; after QEMU exits the image holds the write.

Both replay with no divergence and no guest error (\`test/model/megasas-captures.test.ts\`),
and QEMU's log imports to the same accesses and interrupts; where an interrupt falls between
two accesses may differ, since the I/O completes asynchronously and the recorder puts an
interrupt that arrives during a register access after it (\`test/record/megasas.test.ts\`
checks fresh runs). How many interrupts a run takes depends on when QEMU completes the I/O,
so it can differ between runs.

| files | machine | device | state word | frames | size |
|---|---|---|---|---|---|
${rows.join("\n")}

${commandLinesPart("###", commands)}`;
  writeSection(join(out, "README.md"), "## Real QEMU captures (megasas)", section);
}
