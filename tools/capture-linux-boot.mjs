#!/usr/bin/env node
// Boots a Linux guest on QEMU with one disk controller (--device: virtio-blk-pci, or the
// MegaRAID SAS HBA megasas / megasas-gen2 with a scsi-hd on it) and writes QEMU's trace log of
// the boot (its `log` trace backend), for `devtape import qemu-trace`.
//
// A whole boot traced with memory_region_ops_* is about 100,000 lines (12 MB), nearly all of
// it SeaBIOS and the early kernel polling the PIT and scanning PCI buses. So by default the
// BAR placements and the device's own points (virtio_* and virtqueue_*, or megasas_*) are
// traced from the start, and the register accesses, PCI config accesses, IOAPIC inputs and
// MSI-X points from the moment the guest's /init starts (it says so on the console, the tool
// switches those trace points on over QMP, and /init waits a second before loading the
// drivers): every access of the driver's life is in the log, in a few thousand lines. --full
// traces everything from the start instead. On megasas, megasas_mmio_readl/writel stay off:
// they restate every register access the log holds anyway.
//
// The guest is Debian's kernel (package linux-image-amd64: /boot/vmlinuz-*) with a tiny
// initramfs built here: a static busybox (package busybox-static) and the modules the driver
// needs from that kernel, in an order where each follows what `modinfo -F depends` (and a
// `softdep pre:`) names (the tool checks). Its /init loads them (virtio-blk: virtio_ring,
// virtio, virtio_pci and virtio_blk; megasas: scsi_common, scsi_mod, sd_mod with t10-pi and its
// CRCs, and megaraid_sas), waits for the disk (/dev/vda, /dev/sda), reads sectors 0-1, writes
// sector 8 with O_SYNC, drops the page cache, reads it back, prints "devtape-init: ok" and
// powers off (the driver's shutdown runs: megaraid_sas flushes the cache and shuts the
// controller down). QEMU runs under TCG with the controller at 00:04.0 (a 1 MiB image whose
// sectors say which they are; on megasas a scsi-hd at scsi-id 0, LUN 0) and -no-reboot, so it
// exits at power-off. Machines: q35 for virtio-blk and megasas-gen2 (PCI Express), pc for
// megasas (conventional PCI); --machine overrides.
//
// Usage: node tools/capture-linux-boot.mjs [--device virtio-blk|megasas|megasas-gen2]
//          [--machine pc|q35] [--out FILE] [--full] [--kernel VMLINUZ] [--busybox PATH]
//          [--qemu PATH] [--keep DIR] [--props K=V,...] [--global DRIVER.PROP=V] [--smp N]
//          [--also DEVICE-OPTIONS]... [--modules M,...]
// --props appends QEMU properties to the controller's -device (e.g. disable-modern=on,
// num_queues=2, event_idx=off); --global passes one -global (e.g. virtio-mmio.force-legacy=false
// for version 2 virtio-mmio transports on microvm); --also adds a -device (another device for
// the guest to drive, its modules named by --modules, loaded after the controller's); --smp sets the guest's CPUs (multiqueue drivers use one queue each).
// Default out: traces/qemu/linux-boot-<device>.trace.log.
// Prints the trace's size and line count; fails (exit 1) when the guest did not print its
// success line or QEMU did not exit by itself within 120 s.
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createConnection } from "node:net";
import { gzipSync } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** scsi_mod, sd_mod (which needs t10-pi and its CRCs, with the generic CRC algorithms they ask for first) and megaraid_sas. */
const SCSI_DISK_MODULES = [
  "scsi_common",
  "scsi_mod",
  "crct10dif_common",
  "crct10dif_generic",
  "crc-t10dif",
  "crc64",
  "crc64_rocksoft_generic",
  "crc64-rocksoft",
  "t10-pi",
  "sd_mod",
  "megaraid_sas",
];
/** The HBA's own points, but megasas_mmio_readl/writel: they restate every register access the trace holds anyway. */
const MEGASAS_POINTS = ["pci_update_mappings_*", "megasas_*", "-megasas_mmio_readl", "-megasas_mmio_writel"];
/**
 * The disk controllers a boot can have: the QEMU device options, the machine, the trace points
 * on from the start (BAR placement and the device's own points), the guest's modules in load
 * order and its disk.
 */
const DEVICES = {
  "virtio-blk": {
    machine: "q35",
    qemu: ["-device", "virtio-blk-pci,drive=d0,addr=04.0"],
    fromStart: ["pci_update_mappings_*", "virtio_*", "virtqueue_*"],
    modules: ["virtio_ring", "virtio", "virtio_pci_legacy_dev", "virtio_pci_modern_dev", "virtio_pci", "virtio_blk"],
    disk: "vda",
  },
  megasas: {
    machine: "pc",
    qemu: ["-device", "megasas,id=hba,addr=04.0", "-device", "scsi-hd,drive=d0,bus=hba.0,scsi-id=0,lun=0"],
    fromStart: MEGASAS_POINTS,
    modules: SCSI_DISK_MODULES,
    disk: "sda",
  },
  "virtio-scsi": {
    machine: "q35",
    qemu: ["-device", "virtio-scsi-pci,id=hba,addr=04.0", "-device", "scsi-hd,drive=d0,bus=hba.0,scsi-id=0,lun=0"],
    fromStart: ["pci_update_mappings_*", "virtio_*", "virtqueue_*"],
    modules: [
      "virtio_ring",
      "virtio",
      "virtio_pci_legacy_dev",
      "virtio_pci_modern_dev",
      "virtio_pci",
      ...SCSI_DISK_MODULES.filter((m) => m !== "megaraid_sas"),
      "virtio_scsi",
    ],
    disk: "sda",
  },
  // virtio-mmio on microvm (QEMU puts the transports on the kernel command line: virtio_mmio.device=…).
  "virtio-blk-mmio": {
    machine: "microvm",
    qemu: ["-device", "virtio-blk-device,drive=d0"],
    fromStart: ["virtio_*", "virtqueue_*"],
    modules: ["virtio_ring", "virtio", "virtio_mmio", "virtio_blk"],
    disk: "vda",
  },
  "megasas-gen2": {
    machine: "q35",
    qemu: ["-device", "megasas-gen2,id=hba,addr=04.0", "-device", "scsi-hd,drive=d0,bus=hba.0,scsi-id=0,lun=0"],
    fromStart: MEGASAS_POINTS,
    modules: SCSI_DISK_MODULES,
    disk: "sda",
  },
};
/**
 * Traced from /init on (or from the start with --full): register and PCI config accesses
 * (together, so each config access has the data-port access that gives its width), interrupts.
 */
const FROM_INIT = ["memory_region_ops_*", "pci_cfg_*", "ioapic_set_irq", "msix_*"];
const START = "devtape-init: start";
const SUCCESS = "devtape-init: ok";

const { values } = parseArgs({
  options: {
    device: { type: "string", default: "virtio-blk" },
    machine: { type: "string" },
    out: { type: "string" },
    full: { type: "boolean", default: false },
    kernel: { type: "string" },
    busybox: { type: "string", default: "/bin/busybox" },
    qemu: { type: "string", default: process.env.DEVTAPE_QEMU ?? "qemu-system-x86_64" },
    keep: { type: "string" },
    props: { type: "string" },
    global: { type: "string" },
    also: { type: "string", multiple: true },
    modules: { type: "string" },
    smp: { type: "string", default: "1" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  // The usage is this file's opening comment.
  const text = readFileSync(fileURLToPath(import.meta.url), "utf8");
  const usage = text.slice(text.indexOf("// Usage:"), text.indexOf("\nimport "));
  process.stdout.write(`${usage.replace(/^\/\/ ?/gm, "")}\n`);
  process.exit(0);
}

const device = DEVICES[values.device];
if (device === undefined) {
  process.stderr.write(`capture-linux-boot: --device ${values.device}: expected one of ${Object.keys(DEVICES).join(", ")}\n`);
  process.exit(2);
}
const machine = values.machine ?? device.machine;
if (machine !== "pc" && machine !== "q35" && machine !== "microvm") {
  process.stderr.write(`capture-linux-boot: --machine ${machine}: expected pc, q35 or microvm\n`);
  process.exit(2);
}
const MODULES = [...device.modules, ...(values.modules ? values.modules.split(",") : [])];
/** The controller's -device options, with --props appended to its own (the first). */
const controller = device.qemu.map((a, i) => (i === 1 && values.props ? `${a},${values.props}` : a));
const FROM_START = device.fromStart;
const DISK = `/dev/${device.disk}`;
const outFile = values.out ?? join(root, `traces/qemu/linux-boot-${values.device}.trace.log`);

function fail(msg) {
  process.stderr.write(`capture-linux-boot: ${msg}\n`);
  process.exit(1);
}

const kernel =
  values.kernel ??
  (existsSync("/boot")
    ? readdirSync("/boot")
        .filter((f) => /^vmlinuz-/.test(f))
        .sort()
        .map((f) => join("/boot", f))
        .pop()
    : undefined);
if (!kernel || !existsSync(kernel)) fail("no kernel: install linux-image-amd64 (apt-get install linux-image-amd64) or pass --kernel");
const release = basename(kernel).replace(/^vmlinuz-/, "");
const modDir = `/lib/modules/${release}`;
const modPaths = MODULES.map((m) => {
  const hit = execFileSync("find", [modDir, "-name", `${m}.ko`], { encoding: "utf8" })
    .trim()
    .split("\n")[0];
  if (!hit) fail(`${m}.ko is not under ${modDir} (the kernel's modules; linux-image-${release})`);
  return hit;
});
// Each module must follow the modules it depends on (modinfo's depends, and softdep pre:), else insmod fails.
const modName = (m) => m.replaceAll("-", "_");
MODULES.forEach((m, i) => {
  const info = (field) => execFileSync("modinfo", ["-F", field, modPaths[i]], { encoding: "utf8" }).trim();
  const needs = [
    ...info("depends").split(",").filter(Boolean),
    ...[...info("softdep").matchAll(/pre:\s*([^:]*?)(?=\s*post:|$)/g)].flatMap((x) => x[1].split(/\s+/).filter(Boolean)),
  ];
  const earlier = new Set(MODULES.slice(0, i).map(modName));
  // A softdep names a module or an alias (crct10dif, crc64): it is met by a module whose name starts with it.
  for (const n of needs)
    if (!earlier.has(modName(n)) && ![...earlier].some((e) => e.startsWith(modName(n))))
      fail(`${m} needs ${n} (modinfo ${modPaths[i]}), which is not loaded before it`);
});
if (!existsSync(values.busybox)) fail(`${values.busybox} not found: install busybox-static or pass --busybox`);
if (!/statically linked|static-pie/.test(execFileSync("file", ["-L", values.busybox], { encoding: "utf8" })))
  fail(`${values.busybox} is not statically linked (install busybox-static)`);

/** Switches trace points on through QEMU's QMP socket (trace-event-set-state, which takes patterns). */
async function enableOverQmp(path, names) {
  const sock = createConnection(path);
  sock.setEncoding("utf8");
  let buf = "";
  const replies = [];
  let wake;
  sock.on("data", (d) => {
    buf += d;
    let nl = buf.indexOf("\n");
    while (nl >= 0) {
      const msg = JSON.parse(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
      if ("return" in msg || "error" in msg || "QMP" in msg) replies.push(msg);
      nl = buf.indexOf("\n");
    }
    wake?.();
  });
  const next = async () => {
    while (replies.length === 0) await new Promise((r) => (wake = r));
    const m = replies.shift();
    if (m.error) throw new Error(`QMP: ${m.error.desc}`);
    return m;
  };
  await new Promise((res, rej) => sock.once("connect", res).once("error", rej));
  await next(); // greeting
  for (const cmd of [
    { execute: "qmp_capabilities" },
    ...names.map((name) => ({ execute: "trace-event-set-state", arguments: { name, enable: true } })),
  ]) {
    sock.write(`${JSON.stringify(cmd)}\n`);
    await next();
  }
  sock.end();
}

/** A newc cpio archive of [path, mode, data] entries (directories have data undefined). */
function cpio(entries) {
  const parts = [];
  let ino = 1;
  const pad = (n) => Buffer.alloc((4 - (n % 4)) % 4);
  const header = (name, mode, size) => {
    const f = [ino++, mode, 0, 0, 1, 0, size, 0, 0, 0, 0, Buffer.byteLength(name) + 1, 0];
    return Buffer.from(`070701${f.map((x) => x.toString(16).padStart(8, "0")).join("")}`);
  };
  for (const [name, mode, data] of [...entries, ["TRAILER!!!", 0, Buffer.alloc(0)]]) {
    const body = data ?? Buffer.alloc(0);
    const h = header(name, mode, body.length);
    const n = Buffer.from(`${name}\0`);
    parts.push(h, n, pad(h.length + n.length), body, pad(body.length));
  }
  return Buffer.concat(parts);
}

const init = `#!/bin/busybox sh
B=/bin/busybox
echo "${START}"
$B sleep 1
$B mount -t proc proc /proc
$B mount -t sysfs sysfs /sys
$B mount -t devtmpfs devtmpfs /dev
for m in ${MODULES.join(" ")}; do $B insmod /lib/modules/$m.ko || echo "devtape-init: insmod $m failed"; done
i=0
while [ ! -b ${DISK} ] && [ $i -lt 100 ]; do $B sleep 0.1; i=$((i+1)); done
[ -b ${DISK} ] || { echo "devtape-init: no ${DISK}"; $B poweroff -f; }
echo "devtape-init: sectors 0-1: $($B dd if=${DISK} bs=512 count=2 2>/dev/null | $B md5sum)"
$B dd if=/dev/zero bs=512 count=1 2>/dev/null | $B tr '\\0' 'D' | $B dd of=${DISK} bs=512 seek=8 conv=fsync 2>/dev/null
echo 3 > /proc/sys/vm/drop_caches
back=$($B dd if=${DISK} bs=512 skip=8 count=1 2>/dev/null | $B tr -d 'D' | $B wc -c)
[ "$back" = 0 ] && echo "${SUCCESS}" || echo "devtape-init: sector 8 read back wrong ($back bytes differ)"
$B sync
$B poweroff -f
`;

const work = values.keep ? resolve(values.keep) : mkdtempSync(join(tmpdir(), "devtape-linux-"));
mkdirSync(work, { recursive: true });
try {
  const dir = (p) => [p, 0o040755, undefined];
  const entries = [
    dir("bin"),
    dir("dev"),
    dir("proc"),
    dir("sys"),
    dir("lib"),
    dir("lib/modules"),
    ["bin/busybox", 0o100755, readFileSync(values.busybox)],
    ["bin/sh", 0o120777, Buffer.from("busybox")],
    ["init", 0o100755, Buffer.from(init)],
    ...MODULES.map((m, i) => [`lib/modules/${m}.ko`, 0o100644, readFileSync(modPaths[i])]),
  ];
  const initrd = join(work, "initrd.gz");
  writeFileSync(initrd, gzipSync(cpio(entries)));
  const disk = join(work, "disk.img");
  const img = Buffer.alloc(2048 * 512);
  for (let s = 0; s < 2048; s++) img.write(`devtape sector ${s}\n`.padEnd(512, "."), s * 512);
  writeFileSync(disk, img);
  const trace = join(work, "trace.log");
  const qmpPath = join(work, "qmp.sock");
  const patterns = values.full ? [...FROM_START, ...FROM_INIT] : FROM_START;
  // prettier-ignore
  const args = [
    "-machine", machine, "-accel", "tcg", "-m", "256M", "-smp", values.smp,
    "-kernel", kernel, "-initrd", initrd, "-append", "console=ttyS0 panic=-1 quiet",
    "-nodefaults", "-display", "none", "-no-reboot", "-serial", "stdio", "-qmp", `unix:${qmpPath},server=on,wait=off`,
    "-drive", `if=none,id=d0,file=${disk},format=raw`, ...controller,
    ...(values.global ? ["-global", values.global] : []),
    ...(values.also ?? []).flatMap((d) => ["-device", d]),
    ...patterns.flatMap((p) => ["-trace", p]), "-D", trace, "-msg", "timestamp=on",
  ];
  const started = Date.now();
  let out = "";
  let windowOpened = values.full;
  const code = await new Promise((res, rej) => {
    const p = spawn(values.qemu, args, { stdio: ["pipe", "pipe", "inherit"] });
    const timer = setTimeout(() => {
      p.kill("SIGKILL");
      rej(new Error("QEMU did not power off within 120 s"));
    }, 120_000);
    p.stdout.setEncoding("utf8");
    p.stdout.on("data", (chunk) => {
      out += chunk;
      if (!windowOpened && out.includes(START)) {
        windowOpened = true;
        enableOverQmp(qmpPath, FROM_INIT).catch((e) => {
          p.kill("SIGKILL");
          rej(e);
        });
      }
    });
    p.on("error", (e) => rej(new Error(`${values.qemu}: ${e.message}`)));
    p.on("exit", (c) => {
      clearTimeout(timer);
      res(c);
    });
  }).catch((e) => fail(e.message));
  if (code !== 0) fail(`QEMU exited with code ${code}; the console ends:\n${out.slice(-2000)}`);
  if (!out.includes(SUCCESS)) fail(`the guest did not print '${SUCCESS}'; the console ends:\n${out.slice(-2000)}`);
  copyFileSync(trace, outFile);
  const lines = readFileSync(trace, "utf8").split("\n").length - 1;
  const version = execFileSync(values.qemu, ["--version"], { encoding: "utf8" }).split("\n")[0].trim();
  if (!windowOpened) fail(`the guest never printed '${START}'`);
  process.stderr.write(
    `${outFile}: ${lines} lines, ${statSync(trace).size} bytes; kernel ${release}, ${version}, ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
      `${values.full ? "" : `then, when /init starts, over QMP: trace-event-set-state ${FROM_INIT.map((n) => `'${n}'`).join(" ")}\n`}` +
      `command: ${values.qemu} ${args
        .map((a) => a.replaceAll(work, "."))
        .map((a) => (/[*' ]/.test(a) ? `'${a}'` : a))
        .join(" ")}\n`,
  );
  for (const l of out.split("\n").filter((l) => l.startsWith("devtape-init:"))) process.stderr.write(`guest: ${l}\n`);
} finally {
  if (!values.keep) rmSync(work, { recursive: true, force: true });
}
