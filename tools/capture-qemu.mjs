#!/usr/bin/env node
// Regenerates the real QEMU virtio captures in traces/qemu/: for each device (virtio-blk,
// virtio-scsi, virtio-blk-event-idx: the virtio-blk driver with VIRTIO_RING_F_EVENT_IDX, and
// virtio-blk-indirect: with VIRTIO_RING_F_INDIRECT_DESC, each request in an indirect table, and
// virtio-blk-msix: on the PCI transports, MSI-X with its vectors writing to RAM, as libqos does;
// virtio-blk-resize: the host doubles the disk over QMP between the first two batches)
// and transport, runs the reference driver through the qtest recorder on qemu-system-x86_64
// and writes
//   traces/qemu/<device>-<transport>.jsonl      the recorder's events (canonical JSON lines)
//   traces/qemu/<device>-<transport>.qtest.log  QEMU's own -qtest-log of the same run
// (virtio-blk-<transport>-event-idx.*, -indirect.*, -msix.* and -resize.* for the virtio-blk variants)
// then checks that importing the log gives the recorder's events (barriers and markers
// aside, which a log cannot hold; for virtio-scsi, whose I/O completes asynchronously, an
// interrupt may sit elsewhere between accesses, see sameAccesses) and that virtio-scsi's
// recording and log replay through the model with no divergence and no guest error; then
// rewrites traces/qemu/README.md: its head (virtio-blk) with the QEMU version, the date and
// the exact command lines, and the "Real QEMU captures (virtio-scsi)" and "Real QEMU captures
// (virtio-blk with VIRTIO_RING_F_EVENT_IDX)", "Real QEMU captures (virtio-blk with indirect
// descriptors)", "Real QEMU captures (virtio-blk with MSI-X into RAM)" and "Real QEMU captures
// (virtio-blk resized by the host)" sections likewise. The variants' captures must also replay with no divergence
// and no guest error.
//
// Usage: npm run build && node tools/capture-qemu.mjs [--out DIR] [--devices virtio-blk,virtio-scsi,virtio-blk-event-idx,virtio-blk-indirect,virtio-blk-msix,virtio-blk-resize] [--only mmio-v1,pci-modern] [--qemu PATH]
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  accessJson,
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
  wrote,
  writeSection,
} from "./capture-common.mjs";

const TOOL = "capture-qemu";
/** The pattern image's size (the resize doubles it). */
const DISK_BYTES = 2048 * 512;
const mods = await loadDist(TOOL, {
  capture: "record/capture-virtio-blk.js",
  scsi: "record/capture-virtio-scsi.js",
  setups: "record/qtest/virtio-blk-setups.js",
  parse: "io/qtest/parse-log.js",
  json: "schema/json.js",
  client: "record/qtest/client.js",
  machine: "model/machine/machine.js",
  summary: "model/machine/summary.js",
});
const DEVICES = ["virtio-blk", "virtio-scsi", "virtio-blk-event-idx", "virtio-blk-indirect", "virtio-blk-msix", "virtio-blk-resize"];
const EVENT_IDX = "virtio-blk-event-idx";
const INDIRECT = "virtio-blk-indirect";
const MSIX = "virtio-blk-msix";
const RESIZE = "virtio-blk-resize";
/** The virtio-blk variants: the driver's options (their files end in the variant's suffix). */
const BLK_VARIANTS = {
  [EVENT_IDX]: { eventIdx: true },
  [INDIRECT]: { indirect: true },
  [MSIX]: { msix: true, pollStatus: true },
  [RESIZE]: { resize: true },
};
/** Transports a device has (MSI-X: the PCI ones). */
const transportsOf = (device) => (device === MSIX ? transports.filter((t) => t.startsWith("pci-")) : transports);
const values = captureArgs({ only: { type: "string" }, devices: { type: "string" } });
const devices = selected(TOOL, values.devices, DEVICES);
const transports = selected(TOOL, values.only, mods.setups.VIRTIO_BLK_TRANSPORTS);
const { qemu, version } = qemuAndVersion(TOOL, mods.client, values.qemu);
const { out, work } = outAndWork(values.out, "devtape-capture-");
const norm = (ev) => accessJson(mods.json, ev);
const made = { "virtio-blk": [], "virtio-scsi": [], [EVENT_IDX]: [], [INDIRECT]: [], [MSIX]: [], [RESIZE]: [] };
try {
  for (const device of devices) {
    for (const t of transportsOf(device)) {
      const variant = BLK_VARIANTS[device];
      const base = variant !== undefined ? `virtio-blk-${t}${device.slice("virtio-blk".length)}` : `${device}-${t}`;
      const log = join(work, `${base}.qtest.log`);
      const opts = { transport: t, workDir: work, qtestLog: log, qemu };
      const c =
        device === "virtio-scsi" ? await mods.scsi.captureVirtioScsi(opts) : await mods.capture.captureVirtioBlk({ ...opts, ...variant });
      const logText = readFileSync(log, "utf8");
      const imported = mods.parse.parseQtestText(logText, { file: log, topology: c.setup.topology, strict: true }).events;
      if (device !== "virtio-scsi") {
        const a = c.events.filter((ev) => !ev.barrier && !ev.marker).map(norm);
        const b = imported.map(norm);
        const at = a.findIndex((r, i) => r !== b[i]);
        if (at >= 0 || a.length !== b.length) {
          throw new Error(`${base}: the imported log differs from the recorder's events at access ${at < 0 ? a.length : at}`);
        }
      }
      if (device !== "virtio-blk") checkAgainstLog(mods.json, mods.machine, base, c.events, imported);
      made[device].push(keepQtestCapture(mods.json, out, work, base, log, logText, c));
      process.stderr.write(`${base}: ${c.events.length} events, ${c.results.length} requests OK (${c.driver.probe})\n`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const allTransports = transports.length === mods.setups.VIRTIO_BLK_TRANSPORTS.length;
const hex = (n) => `0x${n.toString(16)}`;
if (allTransports && devices.includes("virtio-blk")) {
  const date = today();
  const rows = made["virtio-blk"].map(
    ({ base, events, logLines, c }) =>
      `| \`${base}.jsonl\` / \`${base}.qtest.log\` | ${c.setup.machine} | ${c.driver.probe} | device ${hex(c.driver.deviceFeatures)}, driver ${hex(c.driver.driverFeatures)} | ${c.driver.queueSize} | ${events} events / ${logLines} log lines |`,
  );
  const commands = made["virtio-blk"].map(({ base, argv, c }) => importCommands(base, argv, mods.setups.importFlags(c.setup).join(" ")));
  const readme = `# Real QEMU captures (virtio-blk)

Made with **${version}** (\`qemu-system-x86_64 --version\`) on ${date} by
\`npm run build && node tools/capture-qemu.mjs\`, which regenerates the virtio captures here (virtio-scsi: see "Real QEMU captures (virtio-scsi)" below) but not the trace logs (see "Trace logs").

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

${commandLinesPart("##", commands)}`;
  // The trace logs' section belongs to tools/capture-qemu-trace.mjs: keep it.
  const readmePath = join(out, "README.md");
  const old = existsSync(readmePath) ? readFileSync(readmePath, "utf8") : "";
  const traceSection = old.indexOf("\n## Trace logs\n");
  writeFileSync(readmePath, traceSection >= 0 ? `${readme.trimEnd()}\n${old.slice(traceSection)}` : readme);
  wrote(readmePath);
}

if (allTransports && devices.includes("virtio-scsi")) {
  const rows = made["virtio-scsi"].map(({ base, events, logLines, c }) => {
    const m = replayEvents(mods.machine, c.events);
    const reqs = Object.values(mods.summary.summarize(m)[0].requests ?? {}).reduce((n, k) => n + k, 0);
    return `| \`${base}.jsonl\` / \`${base}.qtest.log\` | ${c.setup.machine} | ${c.driver.probe} | device ${hex(c.driver.deviceFeatures)}, driver ${hex(c.driver.driverFeatures)} | ${c.driver.queueSizes.length} of ${c.driver.queueSizes[0]} | ${reqs} (${c.results.length} answered, ${reqs - c.results.length} event buffers) | ${events} events / ${logLines} log lines |`;
  });
  const cfg = made["virtio-scsi"][0].c.driver.config;
  const tur = made["virtio-scsi"][0].c.results[0];
  const h2 = (n) => (n ?? 0).toString(16).padStart(2, "0");
  const firstTur = mods.scsi.isUnitAttention(tur)
    ? `QEMU answers CHECK CONDITION with the unit attention of the reset, sense key ${tur.sense[2] & 0xf}, ASC/ASCQ ${h2(tur.sense[12])}/${h2(tur.sense[13])}`
    : "GOOD";
  const commands = made["virtio-scsi"].map(({ base, argv, c }) => importCommands(base, argv, mods.setups.importFlags(c.setup).join(" ")));
  const section = `## Real QEMU captures (virtio-scsi)

Made with **${version}** on ${today()} by \`npm run build && node tools/capture-qemu.mjs --devices virtio-scsi\`,
which regenerates the \`virtio-scsi-*\` files here and this section.

Each capture is one run of devtape's reference virtio-scsi driver
(\`src/record/drivers/virtio-scsi.ts\`, \`src/record/capture-virtio-scsi.ts\`) over qtest, on the
same machines, transports, halting firmware and pattern image as the virtio-blk captures; the
image is a \`scsi-hd\` (scsi-id 0, LUN 0) on the HBA's bus (\`virtio-scsi-device\` on microvm's
virtio-mmio, \`virtio-scsi-pci\` at 00:04.0). The driver negotiates VIRTIO_SCSI_F_HOTPLUG and
VIRTIO_SCSI_F_CHANGE (and VIRTIO_F_VERSION_1 on modern transports, not VIRTIO_F_ANY_LAYOUT),
reads the configuration (num_queues ${cfg.numQueues}, seg_max ${cfg.segMax}, max_sectors ${cfg.maxSectors}, cmd_per_lun ${cfg.cmdPerLun},
event_info_size ${cfg.eventInfoSize}, sense_size ${cfg.senseSize}, cdb_size ${cfg.cdbSize}, max_channel ${cfg.maxChannel}, max_target ${cfg.maxTarget}, max_lun ${cfg.maxLun}), sets up
the control queue, the event queue and the request queue, sets DRIVER_OK and posts four
16-byte event buffers (which stay with the device: nothing is hot-plugged). Then, one notify
per batch, waiting for the interrupt and collecting the used rings each time: TEST UNIT READY
alone (${firstTur}); TEST
UNIT READY, INQUIRY (96 bytes), READ CAPACITY(10) and REPORT LUNS together; READ(10) of
blocks 0-1 and WRITE(10) of block 8; READ(10) of block 8 and of the last block with an INQUIRY
to target 1, which does not exist (response BAD_TARGET); SYNCHRONIZE CACHE(10); on the control
queue an AN query and an ABORT TASK of a tag no command carries (FUNCTION COMPLETE). Every
response, status, residual and byte read is checked against the image, the device is reset,
and after QEMU exits the image holds the write.

Used lengths are QEMU's, not the bytes the device wrote: \`virtio_scsi_complete_req\` pushes
the size of the data buffers in either direction (a WRITE's data-out included) plus the
response header (108 bytes for a command with sense_size 96, 1 for a TMF, 5 for an AN query),
so a WRITE(10) of one block completes with length 620. Every capture, and QEMU's log of it,
replays with no divergence and no guest error (\`test/model/virtio-scsi-captures.test.ts\`);
where an interrupt sits between two accesses may differ between the recording and the log,
as for megasas.

| files | machine | device | features (hex) | queues | requests | size |
|---|---|---|---|---|---|---|
${rows.join("\n")}

${commandLinesPart("###", commands)}`;
  writeSection(join(out, "README.md"), "## Real QEMU captures (virtio-scsi)", section);
}

if (allTransports && devices.includes(EVENT_IDX)) {
  const heading = "## Real QEMU captures (virtio-blk with VIRTIO_RING_F_EVENT_IDX)";
  const rows = made[EVENT_IDX].map(({ base, events, logLines, c }) => {
    const ring = eventIdxRing(c);
    const irqs = c.events.filter((ev) => ev.interrupt?.action === 1).length;
    return `| \`${base}.jsonl\` / \`${base}.qtest.log\` | ${c.setup.machine} | ${c.driver.probe} | device ${hex(c.driver.deviceFeatures)}, driver ${hex(c.driver.driverFeatures)} | ${c.driver.queueSize} | ${ring.availEvents.join(", ")} | ${ring.usedEvents.join(", ")} | ${irqs} for ${c.results.length} completions | ${events} events / ${logLines} log lines |`;
  });
  const commands = made[EVENT_IDX].map(({ base, argv, c }) => importCommands(base, argv, mods.setups.importFlags(c.setup).join(" ")));
  const section = `${heading}

Made with **${version}** on ${today()} by \`npm run build && node tools/capture-qemu.mjs --devices virtio-blk-event-idx\`,
which regenerates the \`virtio-blk-*-event-idx.*\` files here and this section.

The same runs as the virtio-blk captures above (\`devtape drive virtio-blk --transport T --event-idx\`: the
same machines, firmware, image and three batches), with the driver negotiating
VIRTIO_RING_F_EVENT_IDX (bit 29, which QEMU 7.2's virtio-blk offers on every transport) and running
its queue as Linux's split ring does then (\`src/record/drivers/virtqueue.ts\`): after publishing a
batch it reads avail_event (the u16 after the used ring's elements) and notifies only when
vring_need_event(avail_event, new avail->idx, old) asks for it; on an interrupt it stores 0 in
used_event (the u16 after the avail ring's entries: virtqueue_disable_cb), takes the used ring,
stores its used position in used_event (virtqueue_enable_cb: an interrupt at the next
completion), smp_mb, and reads used->idx again. QEMU stores avail_event when its virtio-blk
handler switches notifications back on after popping (virtio_queue_set_notification 1: the
avail->idx it then reads) and checks used_event after each completion (virtio_split_should_notify):
the completion that makes used->idx = used_event + 1 interrupts, and the first one after the reset.

The qtest protocol shows no DMA, so QEMU's own stores into the rings are seen as the driver reads
them: the avail_event column lists the values read before each notify, which the model predicts
from its pops (\`src/model/virtio/notification-suppression.ts\`); the used_event column lists the
driver's stores. Every capture, and QEMU's log of it, replays with no divergence and no guest error,
and an interrupt that used_event rules out, or an avail_event QEMU did not store, is a divergence
(\`test/model/event-idx-captures.test.ts\`).

| files | machine | device | features (hex) | queue size | avail_event read | used_event stored | interrupts | size |
|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}

${commandLinesPart("###", commands)}`;
  writeSection(join(out, "README.md"), heading, section);
}

/** The driver's avail_event reads and used_event stores in an EVENT_IDX capture, in order. */
function eventIdxRing(c) {
  const u16 = (ev) => ev.memory.data[0] | (ev.memory.data[1] << 8);
  const size = c.driver.queueSize;
  const { avail, used } = c.driver.queue;
  const availEvents = [];
  const usedEvents = [];
  for (const ev of c.events) {
    const m = ev.memory;
    if (m == null || m.data == null || m.data.length !== 2) continue;
    const addr = Number(m.addr);
    if (addr === used + 4 + 8 * size && m.op === 1) availEvents.push(u16(ev));
    if (addr === avail + 4 + 2 * size && m.op === 2) usedEvents.push(u16(ev));
  }
  return { availEvents, usedEvents };
}

if (allTransports && devices.includes(INDIRECT)) {
  const heading = "## Real QEMU captures (virtio-blk with indirect descriptors)";
  const rows = made[INDIRECT].map(({ base, events, logLines, c }) => {
    const tables = indirectTables(c);
    const sizes = [...new Set(tables)].sort().map((n) => `${tables.filter((t) => t === n).length} of ${n}`);
    return `| \`${base}.jsonl\` / \`${base}.qtest.log\` | ${c.setup.machine} | ${c.driver.probe} | device ${hex(c.driver.deviceFeatures)}, driver ${hex(c.driver.driverFeatures)} | ${c.driver.queueSize} | ${tables.length} (${sizes.join(", ")} descriptors) | ${events} events / ${logLines} log lines |`;
  });
  const commands = made[INDIRECT].map(({ base, argv, c }) => importCommands(base, argv, mods.setups.importFlags(c.setup).join(" ")));
  const section = `${heading}

Made with **${version}** on ${today()} by \`npm run build && node tools/capture-qemu.mjs --devices virtio-blk-indirect\`,
which regenerates the \`virtio-blk-*-indirect.*\` files here and this section.

The same runs as the virtio-blk captures above (\`devtape drive virtio-blk --transport T --indirect\`: the
same machines, firmware, image and three batches), with the driver negotiating
VIRTIO_RING_F_INDIRECT_DESC (bit 28, which QEMU 7.2's virtio-blk offers on every transport) and, as
Linux's virtqueue_add_split does then for a request of more than one buffer, writing each
request's header, data and status descriptors into an indirect table of its own (entries chained
0, 1, 2, each entry's next its index + 1, the last one's too, as alloc_indirect_split leaves
them) and putting one descriptor with VRING_DESC_F_INDIRECT in the ring (\`src/record/drivers/virtqueue.ts\`).
QEMU follows the tables (virtqueue_split_pop), completes every request, and the model decodes
each one through its table: the same requests, buffers and used lengths as without indirect
descriptors. Every capture, and QEMU's log of it, replays with no divergence and no guest error;
a broken table is a guest error or, where QEMU stops the device, one with the device broken
(\`test/model/indirect-captures.test.ts\`).

| files | machine | device | features (hex) | queue size | indirect tables | size |
|---|---|---|---|---|---|---|
${rows.join("\n")}

${commandLinesPart("###", commands)}`;
  writeSection(join(out, "README.md"), heading, section);
}

/** The size (in descriptors) of each indirect table a capture's driver put in the ring, in order. */
function indirectTables(c) {
  const { desc, size } = c.driver.queue;
  const out = [];
  for (const ev of c.events) {
    const m = ev.memory;
    if (m == null || m.op !== 2 || m.data == null || m.data.length !== 16) continue;
    const addr = Number(m.addr);
    if (addr < desc || addr >= desc + 16 * size) continue;
    const v = new DataView(m.data.buffer, m.data.byteOffset, 16);
    if ((v.getUint16(12, true) & 4) !== 0) out.push(v.getUint32(8, true) / 16);
  }
  return out;
}

if (allTransports && devices.includes(MSIX)) {
  const heading = "## Real QEMU captures (virtio-blk with MSI-X into RAM)";
  const rows = made[MSIX].map(({ base, events, logLines, c }) => {
    const polls = c.events.filter(
      (ev) => ev.memory?.op === 1 && ev.memory.data?.length === 4 && c.driver.msixWords.includes(Number(ev.memory.addr)),
    );
    const seen = polls.filter(
      (ev) => new DataView(ev.memory.data.buffer, ev.memory.data.byteOffset, 4).getUint32(0, true) === 0x12345678,
    ).length;
    return `| \`${base}.jsonl\` / \`${base}.qtest.log\` | ${c.setup.machine} | ${c.driver.probe} | ${c.driver.msixWords.map(hex).join(", ")} | ${polls.length} reads, ${seen} holding the message, for ${c.results.length} completions | ${events} events / ${logLines} log lines |`;
  });
  const commands = made[MSIX].map(({ base, argv, c }) => importCommands(base, argv, mods.setups.importFlags(c.setup).join(" ")));
  const section = `${heading}

Made with **${version}** on ${today()} by \`npm run build && node tools/capture-qemu.mjs --devices virtio-blk-msix\`,
which regenerates the \`virtio-blk-pci-*-msix.*\` files here and this section.

The virtio-blk runs on the two PCI transports (\`devtape drive virtio-blk --transport T --msix --poll-status\`: the same
machines, firmware, image and three batches) with MSI-X taken the way QEMU's own qtest drivers
(libqos) take it: a qtest client cannot see a message sent to the interrupt controller, so the driver
points vector 0 (configuration changes) and vector 1 (queue 0) at two words of guest RAM, both with
libqos's data 0x12345678, unmasks them and enables MSI-X in the capability; it names the vectors
through the transport (legacy: 0x14 and 0x16, after which the device configuration sits at 0x18;
modern: config_msix_vector and queue_msix_vector), reading each back. To wait for an interrupt it
polls the words, and clears the one that holds the message (\`src/record/drivers/msix-ram.ts\`); it
reads no ISR. Before that, after each notify, it polls the batch's status bytes until the device has
stored every one (libqos's qvirtio_wait_status_byte_no_isr): such a read may show the 0xff the driver
left or the device's status, and the model lets a device store into the writable buffers of a request
it holds. QEMU stores each message there itself (msi_send_message), which neither the recording
nor QEMU's log shows: the model takes a read of a vector's message at its vector's word, where the
driver left 0, as that vector's MSI and judges it as it judges any (an unmasked vector in use, a
completion to announce). Both captures and their logs replay with no divergence and no guest error
(\`test/model/msix-ram-captures.test.ts\`).

| files | machine | device | message words | polls | size |
|---|---|---|---|---|---|
${rows.join("\n")}

${commandLinesPart("###", commands)}`;
  writeSection(join(out, "README.md"), heading, section);
}

if (allTransports && devices.includes(RESIZE)) {
  const heading = "## Real QEMU captures (virtio-blk resized by the host)";
  const rows = made[RESIZE].map(({ base, events, logLines, c }) => {
    const at = c.events.findIndex((ev) => ev.marker?.text?.startsWith("host: block_resize"));
    return `| \`${base}.jsonl\` / \`${base}.qtest.log\` | ${c.setup.machine} | ${c.driver.probe} | event ${at}: ${DISK_BYTES} → ${2 * DISK_BYTES} bytes | ${c.driver.capacity} sectors | ${events} events / ${logLines} log lines |`;
  });
  const commands = made[RESIZE].map(({ base, argv, c }) => importCommands(base, argv, mods.setups.importFlags(c.setup).join(" ")));
  const section = `${heading}

Made with **${version}** on ${today()} by \`npm run build && node tools/capture-qemu.mjs --devices virtio-blk-resize\`,
which regenerates the \`virtio-blk-*-resize.*\` files here and this section.

The virtio-blk runs (\`devtape drive virtio-blk --transport T --resize\`: the same machines, firmware,
image and three batches) with QEMU's QMP monitor open on a socket (\`-qmp unix:…\`, which the command
lines below show). After the first batch the host doubles the disk (QMP \`block_resize\` of drive d0:
a marker in the \`.jsonl\` says where; QEMU's log cannot show it), and QEMU announces it as a
configuration change (virtio_notify_config: ISR bits 0 and 1 both, the configuration generation moved
on, the interrupt). The driver waits for that interrupt, reads ISR (virtio-pci) or InterruptStatus and
InterruptACK (virtio-mmio), reads the capacity again (between two generation reads on virtio-mmio v2 and
modern virtio-pci) and goes on with the next batches. Nothing on the guest's side explains the
interrupt: the model takes ISR bit 1 that no virtio_error set as a change the host made, learns the
configuration again, and every capture and its log replay with no divergence and no guest error
(\`test/model/resize-captures.test.ts\`).

| files | machine | device | resize | capacity after | size |
|---|---|---|---|---|---|
${rows.join("\n")}

${commandLinesPart("###", commands)}`;
  writeSection(join(out, "README.md"), heading, section);
}
