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
    capture: await import(dist("record/capture-megasas.js")),
    setups: await import(dist("record/qtest/megasas-setups.js")),
    parse: await import(dist("io/qtest/parse-log.js")),
    json: await import(dist("schema/json.js")),
    client: await import(dist("record/qtest/client.js")),
    machine: await import(dist("model/machine/machine.js")),
    summary: await import(dist("model/machine/summary.js")),
  };
} catch (e) {
  process.stderr.write(`capture-megasas: cannot load devtape from dist/ (${e.message}); run 'npm run build' first\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: { out: { type: "string", default: join(root, "traces/qemu") }, only: { type: "string" }, qemu: { type: "string" } },
});
const kinds = values.only ? values.only.split(",") : [...mods.setups.MEGASAS_KINDS];
for (const k of kinds) {
  if (!mods.setups.MEGASAS_KINDS.includes(k)) {
    process.stderr.write(`capture-megasas: '${k}' is not one of ${mods.setups.MEGASAS_KINDS.join(", ")}\n`);
    process.exit(2);
  }
}
const qemu = mods.client.qemuBinary(values.qemu);
let version;
try {
  version = execFileSync(qemu, ["--version"], { encoding: "utf8" }).split("\n")[0].trim();
} catch (e) {
  process.stderr.write(`capture-megasas: cannot run ${qemu} (${e.message}); install qemu-system-x86 or pass --qemu\n`);
  process.exit(2);
}

const out = resolve(values.out);
mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(tmpdir(), "devtape-capture-megasas-"));
const norm = (ev) => {
  const o = JSON.parse(mods.json.eventToJson(ev));
  delete o.seq;
  delete o.timeNs;
  delete o.source;
  return JSON.stringify(o);
};
/**
 * The log and the recording must hold the same accesses in the same order, and the same
 * interrupts in the same order. Where an interrupt sits between accesses may differ: an
 * I/O completes asynchronously, and when its interrupt arrives while the recorder waits for
 * a register access's reply the recorder puts it after that access, while QEMU's log shows
 * it before when QEMU raised it before reading the command. Returns the first difference.
 */
const sameAccesses = (recorded, imported) => {
  const part = (evs, irq) => evs.filter((e) => (e.interrupt != null) === irq).map(norm);
  for (const irq of [false, true]) {
    const a = part(recorded, irq);
    const b = part(imported, irq);
    const at = a.findIndex((x, i) => x !== b[i]);
    if (at >= 0 || a.length !== b.length) return `${irq ? "interrupt" : "access"} ${at < 0 ? a.length : at}`;
  }
  return undefined;
};
const replay = (events) => {
  const m = new mods.machine.Machine();
  events.forEach((ev, i) => m.apply({ ...ev, seq: i }));
  return m;
};
const made = [];
try {
  for (const kind of kinds) {
    const setup = mods.setups.megasasSetup(kind, "disk.img", "halt-64k.bin");
    const base = setup.name;
    const log = join(work, `${base}.qtest.log`);
    const c = await mods.capture.captureMegasas({ kind, workDir: work, qtestLog: log, qemu });
    const jsonl = c.events.map((ev, i) => `${mods.json.eventToJson({ ...ev, seq: i })}\n`).join("");
    const logText = readFileSync(log, "utf8");
    const imported = mods.parse.parseQtestText(logText, { file: log, topology: c.setup.topology, strict: true }).events;
    const differs = sameAccesses(
      c.events.filter((ev) => !ev.barrier && !ev.marker),
      imported,
    );
    if (differs !== undefined) throw new Error(`${base}: the imported log differs from the recorder's events at ${differs}`);
    for (const [what, events] of [
      ["recording", c.events],
      ["qtest log", imported],
    ]) {
      const m = replay(events);
      if (m.divergences.length || m.guestErrors.length)
        throw new Error(
          `${base}: the ${what} replays with ${m.divergences.length} divergence(s) and ${m.guestErrors.length} guest error(s): ${JSON.stringify([...m.divergences, ...m.guestErrors][0])}`,
        );
    }
    const summary = mods.summary.summarize(replay(c.events))[0].megasas;
    writeFileSync(join(out, `${base}.jsonl`), jsonl);
    copyFileSync(log, join(out, `${base}.qtest.log`));
    const argv = c.argv
      .map((a) => a.replace(c.disk, "disk.img").replace(join(work, "halt-64k.bin"), "halt-64k.bin").replace(log, `${base}.qtest.log`))
      .join(" ");
    made.push({ base, events: c.events.length, logLines: logText.split("\n").length - 1, argv, c, summary });
    process.stderr.write(`${base}: ${c.events.length} events, ${c.results.length} requests answered and checked (${c.driver.probe})\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (kinds.length === mods.setups.MEGASAS_KINDS.length) {
  const date = new Date().toISOString().slice(0, 10);
  const hex = (n) => `0x${(n >>> 0).toString(16)}`;
  const rows = made.map(
    ({ base, events, logLines, c, summary }) =>
      `| \`${base}.jsonl\` / \`${base}.qtest.log\` | ${c.setup.machine} | ${c.driver.probe}; ${c.driver.product} | ${hex(c.driver.stateWord)} | ${summary.framesPosted} frames, ${summary.framesCompleted} completed | ${events} events / ${logLines} log lines |`,
  );
  const commands = made.map(({ base, argv, c }) => {
    const flags = mods.setups.megasasImportFlags(c.setup).join(" ");
    return `### ${base}\n\n\`\`\`sh\n${argv}\n\`\`\`\n\nImport the log with the recorder's topology:\n\n\`\`\`sh\ndevtape import qtest traces/qemu/${base}.qtest.log -o qemu.devtape ${flags}\n\`\`\`\n`;
  });
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

### Command lines

\`disk.img\` is the pattern image, \`halt-64k.bin\` the halting firmware; the client adds
everything from \`-qtest\` on.

${commands.join("\n").replace(/^### /gm, "#### ")}`;
  const readme = join(out, "README.md");
  const old = existsSync(readme) ? readFileSync(readme, "utf8") : "";
  // Replace this section only: from its heading to the next heading of the same level.
  const heading = "## Real QEMU captures (megasas)";
  const start = old.indexOf(heading);
  let text;
  if (start < 0) text = `${old.trimEnd()}${old.length ? "\n\n" : ""}${section}`;
  else {
    const next = old.indexOf("\n## ", start + heading.length);
    text = `${old.slice(0, start)}${section}${next >= 0 ? `\n${old.slice(next + 1)}` : ""}`;
  }
  writeFileSync(readme, text);
  process.stderr.write(`wrote ${relative(process.cwd(), readme)}\n`);
}
