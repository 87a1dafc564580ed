#!/usr/bin/env node
// Regenerates the QEMU trace logs in traces/qemu/ (for `devtape import qemu-trace`):
//   traces/qemu/virtio-blk-mmio-v2.trace.log, virtio-blk-pci-modern.trace.log: one run each
//     of devtape's reference virtio-blk driver over qtest (as tools/capture-qemu.mjs does),
//     with QEMU's log trace backend on (VIRTIO_TRACE_PATTERNS, -msg timestamp=on). The
//     import of each must be clean, and its register accesses must be the recorder's own
//     of the same run (the notify writes of virtio-pci aside: QEMU handles them with an
//     ioeventfd, which bypasses the memory_region_ops trace point).
//   traces/qemu/linux-boot-virtio-blk.trace.log: a Linux boot, by tools/capture-linux-boot.mjs
//     (skipped with --no-linux, or when there is no kernel under /boot).
// Then rewrites the "## Trace logs" section of traces/qemu/README.md (up to the next section;
// the rest is tools/capture-qemu.mjs's, which keeps this section).
//
// Usage: npm run build && node tools/capture-qemu-trace.mjs [--out DIR] [--qemu PATH] [--no-linux]
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { captureArgs, die, loadDist, outAndWork, qemuAndVersion, root, shownArgv, today, writeSection } from "./capture-common.mjs";

const TOOL = "capture-qemu-trace";
const mods = await loadDist(TOOL, {
  capture: "record/capture-virtio-blk.js",
  client: "record/qtest/client.js",
  parse: "io/qemu-trace/parse-log.js",
  events: "io/qemu-trace/trace-events.js",
});
const values = captureArgs({ "no-linux": { type: "boolean", default: false } });
const TRANSPORTS = ["mmio-v2", "pci-modern"];
const { qemu, version } = qemuAndVersion(TOOL, mods.client, values.qemu);
const traceEvents = mods.events.TraceCatalog.defaultPath();
if (traceEvents === undefined) die(TOOL, "QEMU's trace-events-all is not installed (it comes with qemu-system-common)");
const catalog = mods.events.TraceCatalog.load(traceEvents);

/** A register access as both sides see it: direction, address, width, value (the agent differs: qtest is no vCPU). */
const access = (ev) =>
  `${ev.mmio.op === 2 ? "W" : "R"} 0x${ev.mmio.addr.toString(16)}/${ev.mmio.size} 0x${(ev.mmio.valueHi ?? 0).toString(16)}:${(ev.mmio.value ?? 0).toString(16)}`;

const { out, work } = outAndWork(values.out, "devtape-trace-capture-");
const made = [];
try {
  for (const t of TRANSPORTS) {
    const base = `virtio-blk-${t}`;
    const file = join(work, `${base}.trace.log`);
    const c = await mods.capture.captureVirtioBlk({
      transport: t,
      workDir: work,
      qemu,
      trace: { file, patterns: mods.capture.VIRTIO_TRACE_PATTERNS },
    });
    const text = readFileSync(file, "utf8");
    const r = mods.parse.parseQemuTraceText(text, { catalog, files: [file], strict: true });
    if (r.stats.otherLines > 0 || r.stats.configWidthsInferred > 0 || r.stats.unplacedAccesses > 0)
      throw new Error(`${base}: the import was not clean: ${JSON.stringify({ ...r.stats, byEvent: undefined, problems: undefined })}`);
    // The notify window of a modern virtio-pci device: BAR4 + 0x3000 (its writes never reach the trace point).
    const bar4 = r.events.find(
      (ev) => ev.observation?.name === "pci_update_mappings_add" && ev.observation.args.find((a) => a.name === "bar")?.int === 4,
    );
    const notifyBase = bar4 ? bar4.observation.args.find((a) => a.name === "addr").uint + 0x3000 : undefined;
    const fromTrace = r.events.filter((ev) => ev.mmio).map(access);
    const fromRecorder = c.events
      .filter((ev) => ev.mmio && !(notifyBase !== undefined && ev.mmio.addr >= notifyBase && ev.mmio.addr < notifyBase + 0x1000))
      .map(access);
    const at = fromRecorder.findIndex((a, i) => a !== fromTrace[i]);
    if (at >= 0 || fromRecorder.length !== fromTrace.length)
      throw new Error(`${base}: the trace's register accesses differ from the recorder's at access ${at < 0 ? fromRecorder.length : at}`);
    writeFileSync(join(out, `${base}.trace.log`), text);
    const argv = shownArgv(c, work, file, `${base}.trace.log`);
    made.push({
      base,
      lines: text.split("\n").length - 1,
      bytes: text.length,
      events: r.events.length,
      mmio: fromTrace.length,
      setup: c.setup,
      argv,
      devices: r.devices.map((d) => d.id),
    });
    process.stderr.write(
      `${base}.trace.log: ${text.split("\n").length - 1} lines, ${r.events.length} events, ${fromTrace.length} register accesses as recorded\n`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

let linux;
const kernels = existsSync("/boot") ? readdirSync("/boot").filter((f) => /^vmlinuz-/.test(f)) : [];
if (!values["no-linux"] && kernels.length > 0) {
  const file = join(out, "linux-boot-virtio-blk.trace.log");
  const p = spawnSync(process.execPath, [join(root, "tools/capture-linux-boot.mjs"), "--out", file, "--qemu", qemu], { encoding: "utf8" });
  if (p.status !== 0) {
    process.stderr.write(p.stderr);
    process.exit(1);
  }
  process.stderr.write(p.stderr);
  const text = readFileSync(file, "utf8");
  const r = mods.parse.parseQemuTraceText(text, { catalog, files: [file], strict: true });
  const command = /^command: (.*)$/m.exec(p.stderr)?.[1] ?? "";
  const window = /^then, (.*)$/m.exec(p.stderr)?.[1] ?? "";
  const kernel = /kernel (\S+),/.exec(p.stderr)?.[1] ?? "";
  linux = {
    lines: text.split("\n").length - 1,
    bytes: text.length,
    events: r.events.length,
    command,
    window,
    kernel,
    devices: r.devices.map((d) => d.id),
  };
} else {
  process.stderr.write(
    "capture-qemu-trace: no Linux boot capture (--no-linux, or no /boot/vmlinuz-*; apt-get install linux-image-amd64 busybox-static)\n",
  );
}

const date = today();
const kib = (n) => `${Math.round(n / 1024)} KiB`;
const rows = made.map(
  (m) =>
    `| \`${m.base}.trace.log\` | ${m.setup.machine} | ${m.lines} lines, ${kib(m.bytes)} | ${m.events} events (${m.mmio} register accesses); devices ${m.devices.join(", ")} |`,
);
if (linux)
  rows.push(
    `| \`linux-boot-virtio-blk.trace.log\` | q35 | ${linux.lines} lines, ${kib(linux.bytes)} | ${linux.events} events; devices ${linux.devices.join(", ")} |`,
  );
const commands = made.map(
  (m) => `### ${m.base}.trace.log\n\n\`\`\`sh\n${m.argv.map((a) => (/[*' ]/.test(a) ? `'${a}'` : a)).join(" ")}\n\`\`\`\n`,
);
const section = `## Trace logs

Made with **${version}** on ${date} by \`npm run build && node tools/capture-qemu-trace.mjs\`,
which regenerates the files below and this section (\`tools/capture-qemu.mjs\` keeps it). They are
logs of QEMU's \`log\` trace backend (\`-trace PATTERN -D FILE -msg timestamp=on\`), whole and
unedited, for \`devtape import qemu-trace\` (which reads them with \`${traceEvents}\`).

| file | machine | size | imports to |
|---|---|---|---|
${rows.join("\n")}

- \`virtio-blk-mmio-v2\` and \`virtio-blk-pci-modern\`: the same driver run as the qtest captures above
  (a new run, not the one of the \`.jsonl\`), traced with \`${mods.capture.VIRTIO_TRACE_PATTERNS.join(" ")}\`. The tool
  checks that the import is clean and that its register accesses are the recorder's of the same run,
  value for value. They are \`host\` accesses: qtest is no vCPU (QEMU traces \`cpu -1\`). The
  virtio-pci notify writes are missing from the trace: QEMU serves them with an ioeventfd, which
  bypasses the memory_region_ops trace point; \`virtio_queue_notify\` shows each one.
${
  linux
    ? `- \`linux-boot-virtio-blk.trace.log\`: Debian's kernel ${linux.kernel} (linux-image-amd64) booting under TCG with a
  tiny initramfs (static busybox and the kernel's virtio modules) whose /init loads virtio_pci and
  virtio_blk, reads sectors 0-1, writes sector 8 synchronously, reads it back and powers off
  (\`node tools/capture-linux-boot.mjs\`; see its header). BAR placement and the virtio and virtqueue
  points are traced from power-on; register accesses, PCI config accesses, IOAPIC inputs and MSI-X
  from the moment /init starts (switched on over QMP), which keeps the whole driver's life (probe,
  MSI-X set-up, feature negotiation, queue set-up, the I/O with its MSI-X interrupts, shutdown) in
  a small file: tracing everything from power-on gives about 100,000 lines (12 MB), nearly all
  SeaBIOS and the early kernel polling the PIT and scanning PCI buses (\`--full\` makes that trace).
  Replaying it reports divergences the model cannot avoid: the firmware's PCI configuration
  (command register, BARs) happened before the window, so the model never saw it.
`
    : ""
}
### Command lines

\`disk.img\` is the pattern image, \`halt-64k.bin\` the halting firmware; the qtest client adds
\`-qtest stdio -display none -nodefaults -monitor none -serial none\`, the trace options come last.

${commands.join("\n")}${
  linux
    ? `\n### linux-boot-virtio-blk.trace.log\n\n\`initrd.gz\` and \`disk.img\` are made by the tool; ${linux.window}.\n\n\`\`\`sh\n${linux.command}\n\`\`\`\n`
    : ""
}
### Importing

\`\`\`sh
devtape import qemu-trace traces/qemu/virtio-blk-mmio-v2.trace.log -o qemu.devtape
devtape import qemu-trace traces/qemu/virtio-blk-mmio-v2.trace.log -o qemu.devtape --machine microvm --ram 128M --session with-machine
\`\`\`

A trace does not say which machine ran or how much RAM it had; \`--machine\` and \`--ram\` start the
session with that machine event. Devices are inferred and attached before their first use.
`;
writeSection(join(out, "README.md"), "## Trace logs", section, "# Real QEMU captures\n\n");
