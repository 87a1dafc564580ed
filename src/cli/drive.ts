// devtape drive virtio-blk|virtio-scsi --transport T [--requests N] -o FILE, devtape drive megasas|
// megasas-gen2 [--requests N] -o FILE: run a reference driver against real QEMU over qtest
// and record the whole session — register accesses, ring and frame stores in guest memory,
// the driver's own barriers, interrupts — into a new session. Every read's data is checked
// against the disk image; a wrong answer fails the run. --fault NAME has the driver commit
// one bug of the catalogue (src/record/drivers/faults.ts) on purpose; --list-faults (or
// --fault list) prints the catalogue. --event-idx has the virtio-blk driver negotiate
// VIRTIO_RING_F_EVENT_IDX and use used_event / avail_event as Linux does; --indirect has it
// negotiate VIRTIO_RING_F_INDIRECT_DESC and put each request's buffers into an indirect table;
// --msix (PCI transports) has it enable MSI-X with its vectors writing to RAM, as QEMU's libqos does;
// --resize has the host double the disk over QMP after the first batch (a configuration change);
// --poll-status has it poll each batch's status bytes before taking the interrupt (as libqos does).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { UserError } from "../errors.js";
import { captureMegasas } from "../record/capture-megasas.js";
import { captureVirtioBlk, DISK_SECTORS } from "../record/capture-virtio-blk.js";
import { captureVirtioScsi, controlBatch, discoveryBatches, scsiFromBlk } from "../record/capture-virtio-scsi.js";
import type { ScsiRequest } from "../record/drivers/virtio-scsi.js";
import { writeData } from "../record/drivers/disk-image.js";
import { FAULTS, type FaultName, faultMismatch, formatCatalogue, isFaultName } from "../record/drivers/faults.js";
import type { BlkRequest } from "../record/drivers/virtio-blk.js";
import { MEGASAS_KINDS, type MegasasKind } from "../record/qtest/megasas-setups.js";
import { VIRTIO_BLK_TRANSPORTS, type VirtioBlkTransportName } from "../record/qtest/virtio-blk-setups.js";
import type { EventProps } from "../schema/proto.js";
import { parseUint } from "./args.js";
import { grouped } from "./common.js";
import { withRecordingStore } from "./record-common.js";

interface DriveOptions {
  transport?: string;
  requests?: string;
  output?: string;
  session?: string;
  qtestLog?: string;
  qemu?: string;
  fault?: string;
  listFaults?: boolean;
  json?: boolean;
  eventIdx?: boolean;
  indirect?: boolean;
  msix?: boolean;
  resize?: boolean;
  pollStatus?: boolean;
}

/**
 * N requests in batches of up to two (one notify each; the queue holds 8 descriptors): reads and writes spread over the
 * disk, each write later read back, and a flush at the end.
 */
export function drivePlan(n: number): BlkRequest[][] {
  const plan: BlkRequest[][] = [];
  let batch: BlkRequest[] = [];
  for (let i = 0; i < n; i++) {
    const sector = (i * 37) % (DISK_SECTORS - 8);
    const req: BlkRequest =
      i === n - 1 && n > 1
        ? { type: "flush" }
        : i % 3 === 1
          ? { type: "write", sector, data: writeData(sector, 1 + (i % 2)) }
          : { type: "read", sector, count: 1 + (i % 4) };
    batch.push(req);
    if (batch.length === 2 || req.type === "write") {
      plan.push(batch);
      batch = [];
    }
  }
  if (batch.length > 0) plan.push(batch);
  return plan;
}

/** virtio-scsi: discovery (TUR, INQUIRY, READ CAPACITY, REPORT LUNS), drivePlan(n) as READ/WRITE(10) and SYNCHRONIZE CACHE, then the control queue. */
export function scsiDrivePlan(n: number): ScsiRequest[][] {
  return [...discoveryBatches(), ...scsiFromBlk(drivePlan(n)), controlBatch()];
}

const VIRTIO = ["virtio-blk", "virtio-scsi"] as const;
const DEVICES = [...VIRTIO, ...MEGASAS_KINDS] as const;

/** A switch of the virtio-blk driver: its flag (the session name ends in -FLAG), the capture option it sets, its help. */
interface BlkSwitch {
  flag: string;
  key: "eventIdx" | "indirect" | "msix" | "resize" | "pollStatus";
  help: string;
  /** Why it cannot be given for this run, or undefined. */
  refuse(device: string, transport: string | undefined, fault: string | undefined): string | undefined;
}

const blkOnly = (what: string) => (device: string) =>
  device !== "virtio-blk" ? `only the virtio-blk driver ${what}; leave it out for ${device}` : undefined;

const BLK_SWITCHES: readonly BlkSwitch[] = [
  {
    flag: "event-idx",
    key: "eventIdx",
    help: "virtio-blk: negotiate VIRTIO_RING_F_EVENT_IDX and drive the queue as Linux does with it (used_event, avail_event)",
    refuse: blkOnly("negotiates VIRTIO_RING_F_EVENT_IDX"),
  },
  {
    flag: "indirect",
    key: "indirect",
    help: "virtio-blk: negotiate VIRTIO_RING_F_INDIRECT_DESC and put each request's buffers into an indirect table, as Linux does",
    refuse: blkOnly("uses indirect descriptor tables"),
  },
  {
    flag: "msix",
    key: "msix",
    help: "virtio-blk on pci-legacy or pci-modern: enable MSI-X, point its vectors at words of RAM and poll them for interrupts, as QEMU's libqos does",
    refuse: (device, transport, fault) =>
      device !== "virtio-blk" || !(transport ?? "").startsWith("pci-")
        ? "only the virtio-blk driver on pci-legacy or pci-modern enables MSI-X; leave it out here"
        : fault !== undefined
          ? "faults are injected with INTx interrupts only; leave out --msix or --fault"
          : undefined,
  },
  {
    flag: "resize",
    key: "resize",
    help: "virtio-blk: after the first batch the host doubles the disk over QMP (block_resize); the driver takes the configuration-change interrupt and reads the capacity again",
    refuse: (device, _t, fault) =>
      blkOnly("follows a resize")(device) ??
      (fault !== undefined ? "leave out --resize or --fault (a fault may stop the device before the resize)" : undefined),
  },
  {
    flag: "poll-status",
    key: "pollStatus",
    help: "virtio-blk: after each notify poll the batch's status bytes until the device has stored them (as QEMU's libqos does), then take the interrupt",
    refuse: (device, _t, fault) =>
      blkOnly("polls status bytes")(device) ?? (fault !== undefined ? "leave out --poll-status or --fault" : undefined),
  },
];

export function registerDrive(program: Command): void {
  const cmd = program
    .command("drive")
    .description("run devtape's reference driver against real QEMU (qtest) and record the session")
    .argument("[device]", `the device to drive: ${DEVICES.join(", ")}`)
    .option("--transport <t>", `virtio-blk and virtio-scsi: one of ${VIRTIO_BLK_TRANSPORTS.join(", ")}`)
    .option(
      "--requests <n>",
      "virtio-blk: requests to submit (reads, writes and a final flush; default 12); virtio-scsi: as many READ(10), WRITE(10) and a final SYNCHRONIZE CACHE(10) between discovery and the control queue (default 12); megasas: LD reads and writes after the standard work (default 0)",
    )
    .option("-o, --output <file>", "the .devtape store to write (created if missing; required unless listing faults)")
    .option("--session <name>", "name of the new session (default: DEVICE[-TRANSPORT][-FAULT])")
    .option("--qtest-log <path>", "also have QEMU write its own -qtest-log of the run here")
    .option("--qemu <path>", "the QEMU binary (default: qemu-system-x86_64 on PATH)")
    .option("--fault <name>", "have the driver commit this bug on purpose (see --list-faults); 'list' lists them")
    .option("--list-faults", "print the faults --fault can inject, where each applies and what the driver does");
  for (const sw of BLK_SWITCHES) cmd.option(`--${sw.flag}`, sw.help);
  cmd
    .option("--json", "print the fault list, or the run's summary, as JSON")
    .addHelpText(
      "after",
      "\nWith --fault the driver commits one bug, once, where it first can (irq-not-acked: from the first\n" +
        "interrupt on), after a marker event naming it, and survives what the device does about it: requests\n" +
        "the fault spoils are given up after a bounded wait and not checked. The session's name ends in\n" +
        "-FAULT and its source names the fault.\n",
    )
    .action(async (device: string | undefined, opts: DriveOptions) => {
      if (opts.listFaults === true || opts.fault === "list") {
        process.stdout.write(opts.json === true ? `${JSON.stringify(FAULTS, null, 2)}\n` : formatCatalogue());
        return;
      }
      if (device === undefined) throw new UserError(`drive: name the device to drive: ${DEVICES.join(", ")}`);
      const output = opts.output;
      if (output === undefined) throw new UserError("drive: -o FILE is required: the .devtape store to record into");
      if (!(DEVICES as readonly string[]).includes(device))
        throw new UserError(`drive: '${device}' is not a device devtape can drive yet; use ${DEVICES.join(", ")}`);
      const megasas = !(VIRTIO as readonly string[]).includes(device);
      if (megasas && opts.transport !== undefined)
        throw new UserError(`--transport: ${device} has one PCI transport; leave --transport out`);
      if (!megasas && opts.transport === undefined)
        throw new UserError(`--transport: ${device} needs one of ${VIRTIO_BLK_TRANSPORTS.join(", ")}`);
      if (!megasas && !(VIRTIO_BLK_TRANSPORTS as readonly string[]).includes(opts.transport ?? "")) {
        throw new UserError(`--transport: '${opts.transport}' is not one of ${VIRTIO_BLK_TRANSPORTS.join(", ")}`);
      }
      const switches = BLK_SWITCHES.filter((sw) => opts[sw.key] === true);
      for (const sw of switches) {
        const why = sw.refuse(device, opts.transport, opts.fault);
        if (why !== undefined) throw new UserError(`--${sw.flag}: ${why}`);
      }
      const ringFlags = switches.map((sw) => `-${sw.flag}`).join("");
      const ringOptions = switches.map((sw) => ` --${sw.flag}`).join("");
      const requests = parseUint("--requests", opts.requests ?? (megasas ? "0" : "12"));
      if ((megasas ? requests < 0 : requests < 1) || requests > 4096)
        throw new UserError(`--requests: give ${megasas ? 0 : 1} to 4096 requests`);
      let fault: FaultName | undefined;
      if (opts.fault !== undefined) {
        if (!isFaultName(opts.fault))
          throw new UserError(`--fault: '${opts.fault}' is not a fault devtape can inject; see devtape drive --list-faults`);
        fault = opts.fault;
        const mismatch = faultMismatch(fault, device, opts.transport);
        if (mismatch !== undefined) throw new UserError(mismatch);
      }
      const name =
        opts.session ?? `${megasas ? device : `${device}-${opts.transport}`}${ringFlags}${fault !== undefined ? `-${fault}` : ""}`;
      const workDir = mkdtempSync(join(tmpdir(), "devtape-drive-"));
      try {
        await withRecordingStore(output, name, async (store) => {
          const extra = {
            ...(opts.qtestLog !== undefined ? { qtestLog: opts.qtestLog } : {}),
            ...(opts.qemu !== undefined ? { qemu: opts.qemu } : {}),
            ...(fault !== undefined ? { fault } : {}),
          };
          const blkExtra = { ...extra, ...Object.fromEntries(switches.map((sw) => [sw.key, true])) };
          let capture: { argv: readonly string[]; events: EventProps[]; results: readonly unknown[]; driver: { probe: string } };
          const transport = opts.transport as VirtioBlkTransportName;
          try {
            capture = megasas
              ? await captureMegasas({ kind: device as MegasasKind, workDir, extraRequests: requests, ...extra })
              : device === "virtio-scsi"
                ? await captureVirtioScsi({ transport, workDir, plan: scsiDrivePlan(requests), ...extra })
                : await captureVirtioBlk({
                    transport: opts.transport as VirtioBlkTransportName,
                    workDir,
                    plan: drivePlan(requests),
                    ...blkExtra,
                  });
          } catch (e) {
            throw new UserError(`drive: ${(e as Error).message}`);
          }
          const session = store.createSession({
            name,
            source:
              `devtape drive ${device}${megasas ? "" : ` --transport ${opts.transport}`}${ringOptions}${fault !== undefined ? ` --fault ${fault}` : ""}` +
              ` (reference driver over qtest${fault !== undefined ? `, fault ${fault} injected on purpose` : ""})`,
            commandLine: capture.argv.join(" "),
          });
          const app = store.appender(session);
          for (const ev of capture.events) app.append(ev);
          app.flush();
          const results = capture.results as readonly { gaveUp?: string; late?: boolean }[];
          const checked = results.filter((r) => r.gaveUp === undefined).length;
          const late = results.filter((r) => r.late === true).length;
          const givenUp = results.filter((r) => r.gaveUp !== undefined).length - late;
          const faultNote =
            fault === undefined
              ? ""
              : ` (fault ${fault}${late > 0 ? `; ${grouped(late)} completed late, after being given up` : ""}` +
                `${givenUp > 0 ? `; ${grouped(givenUp)} given up without completion` : ""})`;
          process.stderr.write(
            `${capture.driver.probe}: ${grouped(checked)} requests completed and checked${faultNote}; ` +
              `recorded ${grouped(capture.events.length)} events into session '${name}' of ${output}\n`,
          );
          if (opts.json === true) {
            const summary = {
              session: name,
              file: output,
              device,
              transport: opts.transport ?? null,
              fault: fault ?? null,
              ...Object.fromEntries(BLK_SWITCHES.map((sw) => [sw.key, opts[sw.key] === true])),
            };
            const counts = { events: capture.events.length, requestsChecked: checked, requestsLate: late, requestsGivenUp: givenUp };
            process.stdout.write(`${JSON.stringify({ ...summary, ...counts })}\n`);
          }
        });
      } finally {
        rmSync(workDir, { recursive: true, force: true });
      }
    });
}
