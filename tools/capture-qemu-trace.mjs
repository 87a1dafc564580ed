#!/usr/bin/env node
// Regenerates the QEMU trace logs in traces/qemu/ (for `devtape import qemu-trace`):
//   traces/qemu/virtio-blk-mmio-v2.trace.log, virtio-blk-pci-modern.trace.log: one run each
//     of devtape's reference virtio-blk driver over qtest (as tools/capture-qemu.mjs does),
//     with QEMU's log trace backend on (VIRTIO_TRACE_PATTERNS, -msg timestamp=on). The
//     import of each must be clean, and its register accesses must be the recorder's own
//     of the same run (the notify writes of virtio-pci aside: QEMU handles them with an
//     ioeventfd, which bypasses the memory_region_ops trace point).
//   traces/qemu/linux-boot-{virtio-blk,virtio-blk-legacy,virtio-scsi,virtio-blk-mmio,virtio-blk-mmio-v2,
//     virtio-devices,megasas,megasas-gen2}.trace.log: Linux boots, by
//     tools/capture-linux-boot.mjs --device … (skipped with --no-linux, or when there is no
//     kernel under /boot). Each must import cleanly and replay with no divergence and no
//     guest error.
// --only NAME,… regenerates only those files (names without .trace.log); the others stay as
// they are, and so do their rows and command lines in the README.
// Then rewrites the "## Trace logs" section of traces/qemu/README.md (up to the next section;
// the rest is tools/capture-qemu.mjs's, which keeps this section).
//
// Usage: npm run build && node tools/capture-qemu-trace.mjs [--out DIR] [--qemu PATH] [--no-linux]
//          [--only virtio-blk-mmio-v2,virtio-blk-pci-modern,linux-boot-virtio-blk,linux-boot-virtio-blk-legacy,
//                  linux-boot-virtio-scsi,linux-boot-virtio-blk-mmio,linux-boot-virtio-blk-mmio-v2,
//                  linux-boot-virtio-devices,linux-boot-megasas,linux-boot-megasas-gen2]
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  captureArgs,
  die,
  loadDist,
  outAndWork,
  qemuAndVersion,
  root,
  selected,
  shownArgv,
  today,
  writeSection,
} from "./capture-common.mjs";

const TOOL = "capture-qemu-trace";
const mods = await loadDist(TOOL, {
  capture: "record/capture-virtio-blk.js",
  client: "record/qtest/client.js",
  parse: "io/qemu-trace/parse-log.js",
  events: "io/qemu-trace/trace-events.js",
  machine: "model/machine/machine.js",
});
const values = captureArgs({ "no-linux": { type: "boolean", default: false }, only: { type: "string" } });
/** The Linux boots: tools/capture-linux-boot.mjs --device, and the machine it picks. */
const LINUX = [
  { name: "virtio-blk", device: "virtio-blk", machine: "q35", args: [] },
  // Linux's legacy virtio-pci driver (the device without its modern interface): the I/O BAR.
  { name: "virtio-blk-legacy", device: "virtio-blk", machine: "pc", args: ["--machine", "pc", "--props", "disable-modern=on"] },
  { name: "virtio-scsi", device: "virtio-scsi", machine: "q35", args: [] },
  // Linux's virtio_mmio driver on microvm, the transport legacy (QEMU's default) and version 2.
  // On version 1 the driver writes the features' high word with DriverFeaturesSel 1, which
  // QEMU refuses as a guest error (LOG_GUEST_ERROR): so does the model, once.
  { name: "virtio-blk-mmio", device: "virtio-blk-mmio", machine: "microvm", args: [], guestErrors: 1 },
  {
    name: "virtio-blk-mmio-v2",
    device: "virtio-blk-mmio",
    machine: "microvm",
    args: ["--global", "virtio-mmio.force-legacy=false"],
  },
  // Beside the disk, a virtio-net, a virtio-rng and a virtio-balloon for Linux's drivers to bring
  // up. Linux 6.1's virtio_balloon notifies its stats queue before it sets DRIVER_OK, which
  // virtio 1.x §3.1.1 forbids (QEMU serves it): the model reports that one guest error.
  {
    name: "virtio-devices",
    device: "virtio-blk",
    machine: "q35",
    args: [
      "--also",
      "virtio-net-pci,addr=05.0",
      "--also",
      "virtio-rng-pci,addr=06.0",
      "--also",
      "virtio-balloon-pci,addr=07.0",
      "--modules",
      "failover,net_failover,virtio_net,virtio-rng,virtio_balloon",
    ],
    guestErrors: 1,
  },
  { name: "megasas", device: "megasas", machine: "pc", args: [] },
  { name: "megasas-gen2", device: "megasas-gen2", machine: "q35", args: [] },
];
const NAMES = ["virtio-blk-mmio-v2", "virtio-blk-pci-modern", ...LINUX.map((l) => `linux-boot-${l.name}`)];
const chosen = new Set(selected(TOOL, values.only, NAMES));
const TRANSPORTS = ["mmio-v2", "pci-modern"].filter((t) => chosen.has(`virtio-blk-${t}`));
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

const kernels = existsSync("/boot") ? readdirSync("/boot").filter((f) => /^vmlinuz-/.test(f)) : [];
const boots = [];
if (!values["no-linux"] && kernels.length > 0) {
  for (const l of LINUX.filter((x) => chosen.has(`linux-boot-${x.name}`))) {
    const base = `linux-boot-${l.name}`;
    const file = join(out, `${base}.trace.log`);
    const args = [join(root, "tools/capture-linux-boot.mjs"), "--device", l.device, ...l.args, "--out", file, "--qemu", qemu];
    const p = spawnSync(process.execPath, args, { encoding: "utf8" });
    process.stderr.write(p.stderr);
    if (p.status !== 0) process.exit(1);
    const text = readFileSync(file, "utf8");
    const r = mods.parse.parseQemuTraceText(text, { catalog, files: [file], strict: true });
    // A boot the model cannot follow is not committed silently.
    const m = new mods.machine.Machine();
    for (const ev of r.events) m.apply(ev);
    if (m.divergences.length > 0 || m.guestErrors.length !== (l.guestErrors ?? 0))
      die(TOOL, `${base}: the replay reports ${m.divergences.length} divergence(s) and ${m.guestErrors.length} guest error(s)`);
    boots.push({
      base,
      toolArgs: ["--device", l.device, ...l.args].join(" "),
      machine: l.machine,
      lines: text.split("\n").length - 1,
      bytes: text.length,
      events: r.events.length,
      command: /^command: (.*)$/m.exec(p.stderr)?.[1] ?? "",
      window: /^then, (.*)$/m.exec(p.stderr)?.[1] ?? "",
      kernel: /kernel (\S+),/.exec(p.stderr)?.[1] ?? "",
      devices: r.devices.map((d) => d.id),
    });
  }
} else {
  process.stderr.write(
    "capture-qemu-trace: no Linux boot capture (--no-linux, or no /boot/vmlinuz-*; apt-get install linux-image-amd64 busybox-static)\n",
  );
}

// Files not regenerated keep their row and command lines from the README as it is.
const readmePath = join(out, "README.md");
const oldText = existsSync(readmePath) ? readFileSync(readmePath, "utf8") : "";
const oldSection = (() => {
  const at = oldText.indexOf("\n## Trace logs\n");
  if (at < 0) return "";
  const next = oldText.indexOf("\n## ", at + 1);
  return next < 0 ? oldText.slice(at) : oldText.slice(at, next);
})();
const oldRow = (base) => oldSection.split("\n").find((line) => line.startsWith(`| \`${base}.trace.log\` |`));
const oldCommand = (base) => {
  const at = oldSection.indexOf(`\n### ${base}.trace.log\n`);
  if (at < 0) return undefined;
  const end = oldSection.indexOf("\n### ", at + 1);
  return `${oldSection.slice(at + 1, end < 0 ? undefined : end).trimEnd()}\n`;
};
const kernel = boots[0]?.kernel ?? /Debian's kernel (\S+)/.exec(oldSection)?.[1] ?? "?";
const date = today();
const kib = (n) => `${Math.round(n / 1024)} KiB`;
const qtestRow = (m) =>
  `| \`${m.base}.trace.log\` | ${m.setup.machine} | ${m.lines} lines, ${kib(m.bytes)} | ${m.events} events (${m.mmio} register accesses); devices ${m.devices.join(", ")} |`;
const bootRow = (b) =>
  `| \`${b.base}.trace.log\` | ${b.machine} | ${b.lines} lines, ${kib(b.bytes)} | ${b.events} events; devices ${b.devices.join(", ")} |`;
const qtestCommand = (m) =>
  `### ${m.base}.trace.log\n\n\`\`\`sh\n${m.argv.map((a) => (/[*' ]/.test(a) ? `'${a}'` : a)).join(" ")}\n\`\`\`\n`;
const bootCommand = (b) =>
  `### ${b.base}.trace.log\n\n\`initrd.gz\` and \`disk.img\` are made by the tool (\`node tools/capture-linux-boot.mjs ${b.toolArgs}\`); ${b.window}.\n\n\`\`\`sh\n${b.command}\n\`\`\`\n`;
/** Per file in order: its row and command lines, from this run or kept from the README. */
const parts = NAMES.flatMap((base) => {
  const m = made.find((x) => x.base === base);
  if (m !== undefined) return [{ base, row: qtestRow(m), command: qtestCommand(m) }];
  const b = boots.find((x) => x.base === base);
  if (b !== undefined) return [{ base, row: bootRow(b), command: bootCommand(b) }];
  const row = oldRow(base);
  const command = oldCommand(base);
  return row !== undefined && command !== undefined && existsSync(join(out, `${base}.trace.log`)) ? [{ base, row, command }] : [];
});
const has = (base) => parts.some((p) => p.base === base);
const megasasBoots = ["linux-boot-megasas", "linux-boot-megasas-gen2"].filter(has);
const section = `## Trace logs

Made with **${version}** on ${date} by \`npm run build && node tools/capture-qemu-trace.mjs\`,
which regenerates the files below and this section (\`tools/capture-qemu.mjs\` keeps it; \`--only\`
regenerates some files and keeps the rest, with their rows and command lines). They are
logs of QEMU's \`log\` trace backend (\`-trace PATTERN -D FILE -msg timestamp=on\`), whole and
unedited, for \`devtape import qemu-trace\` (which reads them with \`${traceEvents}\`).

| file | machine | size | imports to |
|---|---|---|---|
${parts.map((p) => p.row).join("\n")}

- \`virtio-blk-mmio-v2\` and \`virtio-blk-pci-modern\`: the same driver run as the qtest captures above
  (a new run, not the one of the \`.jsonl\`), traced with \`${mods.capture.VIRTIO_TRACE_PATTERNS.join(" ")}\`. The tool
  checks that the import is clean and that its register accesses are the recorder's of the same run,
  value for value. They are \`host\` accesses: qtest is no vCPU (QEMU traces \`cpu -1\`). The
  virtio-pci notify writes are missing from the trace: QEMU serves them with an ioeventfd, which
  bypasses the memory_region_ops trace point; \`virtio_queue_notify\` shows each one.
${
  has("linux-boot-virtio-blk")
    ? `- \`linux-boot-virtio-blk.trace.log\`: Debian's kernel ${kernel} (linux-image-amd64) booting under TCG with a
  tiny initramfs (static busybox and the kernel's virtio modules) whose /init loads virtio_pci and
  virtio_blk, reads sectors 0-1, writes sector 8 synchronously, reads it back and powers off
  (\`node tools/capture-linux-boot.mjs\`; see its header). BAR placement and the virtio and virtqueue
  points are traced from power-on; register accesses, PCI config accesses, IOAPIC inputs and MSI-X
  from the moment /init starts (switched on over QMP), which keeps the whole driver's life (probe,
  MSI-X set-up, feature negotiation, queue set-up, the I/O with its MSI-X interrupts, shutdown) in
  a small file: tracing everything from power-on gives about 100,000 lines (12 MB), nearly all
  SeaBIOS and the early kernel polling the PIT and scanning PCI buses (\`--full\` makes that trace).
  The firmware programmed the function before the window opened: the model places its BARs where
  \`pci_update_mappings_add\` (traced from power-on) says and learns the rest as it is read.
`
    : ""
}${
  has("linux-boot-virtio-blk-legacy")
    ? `- \`linux-boot-virtio-blk-legacy.trace.log\`: the same boot on pc with the device's modern interface off
  (\`-device virtio-blk-pci,disable-modern=on\`), so Linux's legacy virtio-pci driver runs it through
  the I/O BAR (QueuePFN, the status and ISR bytes, the MSI-X vector registers that move the device
  configuration). The firmware programmed that BAR before the window opened too: it is placed where
  \`pci_update_mappings_add\` says, an I/O window.
`
    : ""
}${
  has("linux-boot-virtio-blk-mmio")
    ? `- \`linux-boot-virtio-blk-mmio.trace.log\` and \`linux-boot-virtio-blk-mmio-v2.trace.log\`: the same boot on
  microvm with a \`virtio-blk-device\` (QEMU puts its virtio-mmio transport on the kernel command line),
  /init loading virtio_mmio instead of virtio_pci; the transport legacy (version 1, QEMU's default)
  and version 2 (\`-global virtio-mmio.force-legacy=false\`). On version 1 Linux writes the
  features' high word with DriverFeaturesSel 1, which QEMU refuses with a guest error: the replay
  reports that one guest error, and nothing else.
`
    : ""
}${
  has("linux-boot-virtio-devices")
    ? `- \`linux-boot-virtio-devices.trace.log\`: the virtio-blk boot with a virtio-net (05.0), a virtio-rng
  (06.0) and a virtio-balloon (07.0) beside the disk, /init loading their drivers too. Linux 6.1's
  virtio_balloon notifies its stats queue before it sets DRIVER_OK, which virtio 1.x §3.1.1 forbids
  (QEMU serves the notify anyway): the replay reports that one guest error, and no divergence.
`
    : ""
}${
  has("linux-boot-virtio-scsi")
    ? `- \`linux-boot-virtio-scsi.trace.log\`: the same boot with a virtio-scsi-pci HBA (a \`scsi-hd\` with the
  pattern image at target 0, LUN 0): /init loads the virtio modules, scsi_mod, sd_mod and virtio_scsi
  and does the same I/O on /dev/sda; the driver sets up the control, event and request queues (one
  MSI-X vector each), posts its event buffers and scans the targets.
`
    : ""
}${
  megasasBoots.length > 0
    ? `- ${megasasBoots.map((b) => `\`${b}.trace.log\``).join(" and ")}: the same boot with the MegaRAID SAS HBA instead
  (\`--device megasas\` on pc, \`--device megasas-gen2\` on q35, a \`scsi-hd\` with the pattern image at
  scsi-id 0, LUN 0): /init loads scsi_common, scsi_mod, sd_mod (with t10-pi and its CRCs) and
  megaraid_sas, then does the same I/O on /dev/sda. The HBA's \`megasas_*\` points (but
  \`megasas_mmio_readl/writel\`, which restate the register accesses) are traced from power-on, so
  SeaBIOS's own frames before the window show too. Linux reads the firmware state, masks
  interrupts (a firmware reset), posts INIT, CTRL_GET_INFO, PD_LIST_QUERY, LD_LIST_QUERY,
  CTRL_EVENT_GETINFO and an asynchronous CTRL_EVENT_WAIT, enables MSI-X (one vector) and
  interrupts, scans the LD channel with LD SCSI INQUIRYs (QEMU answers DEVICE_NOT_FOUND for every
  target but 0, and fails the commands that move no data, such as TEST UNIT READY: they carry
  no scatter-gather entry and QEMU 7.2 maps none),
  reads and writes through LD READ/WRITE, and at power-off flushes the cache, aborts the event
  wait, shuts the controller down and masks interrupts again. QEMU's megasas registers take
  8-byte calls only (\`impl.min_access_size\`), so every register line says \`size 8\` for the
  driver's 4-byte accesses; the importer gives the access's width (\`src/io/qemu-trace/region-widths.ts\`).
  The trace shows no guest memory: the model learns each frame from the HBA's trace points
  (\`src/model/megasas/trace-points.ts\`). Both replay with no divergence and no guest error.
`
    : ""
}
### Command lines

\`disk.img\` is the pattern image, \`halt-64k.bin\` the halting firmware; the qtest client adds
\`-qtest stdio -display none -nodefaults -monitor none -serial none\`, the trace options come last.

${parts.map((p) => p.command).join("\n")}
### Importing

\`\`\`sh
devtape import qemu-trace traces/qemu/virtio-blk-mmio-v2.trace.log -o qemu.devtape
devtape import qemu-trace traces/qemu/virtio-blk-mmio-v2.trace.log -o qemu.devtape --machine microvm --ram 128M --session with-machine
devtape import qemu-trace traces/qemu/linux-boot-megasas-gen2.trace.log -o boot.devtape --machine q35 --ram 256M && devtape replay boot.devtape
\`\`\`

A trace does not say which machine ran or how much RAM it had; \`--machine\` and \`--ram\` start the
session with that machine event. Devices are inferred and attached before their first use.
`;
writeSection(join(out, "README.md"), "## Trace logs", section, "# Real QEMU captures\n\n");
