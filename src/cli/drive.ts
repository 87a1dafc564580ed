// devtape drive virtio-blk --transport T [--requests N] -o FILE: run the reference driver
// against real QEMU over qtest and record the whole session — register accesses, ring
// stores in guest memory, the driver's own barriers, interrupts — into a new session.
// Every read's data is checked against the disk image; a wrong answer fails the run.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { UserError } from "../errors.js";
import { captureVirtioBlk, DISK_SECTORS } from "../record/capture-virtio-blk.js";
import { writeData } from "../record/drivers/disk-image.js";
import type { BlkRequest } from "../record/drivers/virtio-blk.js";
import { VIRTIO_BLK_TRANSPORTS, type VirtioBlkTransportName } from "../record/qtest/virtio-blk-setups.js";
import { Store } from "../store/store.js";
import { parseUint } from "./args.js";
import { grouped, withStore } from "./common.js";

interface DriveOptions {
  transport: string;
  requests: string;
  output: string;
  session?: string;
  qtestLog?: string;
  qemu?: string;
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

export function registerDrive(program: Command): void {
  program
    .command("drive")
    .description("run devtape's reference driver against real QEMU (qtest) and record the session")
    .argument("<device>", "the device to drive: virtio-blk")
    .requiredOption("--transport <t>", `one of ${VIRTIO_BLK_TRANSPORTS.join(", ")}`)
    .option("--requests <n>", "requests to submit (reads, writes and a final flush)", "12")
    .requiredOption("-o, --output <file>", "the .devtape store to write (created if missing)")
    .option("--session <name>", "name of the new session (default: DEVICE-TRANSPORT)")
    .option("--qtest-log <path>", "also have QEMU write its own -qtest-log of the run here")
    .option("--qemu <path>", "the QEMU binary (default: qemu-system-x86_64 on PATH)")
    .action(async (device: string, opts: DriveOptions) => {
      if (device !== "virtio-blk") throw new UserError(`drive: '${device}' is not a device devtape can drive yet; use virtio-blk`);
      if (!(VIRTIO_BLK_TRANSPORTS as readonly string[]).includes(opts.transport)) {
        throw new UserError(`--transport: '${opts.transport}' is not one of ${VIRTIO_BLK_TRANSPORTS.join(", ")}`);
      }
      const requests = parseUint("--requests", opts.requests);
      if (requests < 1 || requests > 4096) throw new UserError("--requests: give 1 to 4096 requests");
      const name = opts.session ?? `${device}-${opts.transport}`;
      const workDir = mkdtempSync(join(tmpdir(), "devtape-drive-"));
      try {
        await withStore(Store.open(opts.output, { mode: "write", create: true }), async (store) => {
          if (store.sessions().some((s) => s.name === name)) {
            throw new UserError(`${opts.output} already has a session named '${name}'; choose another name with --session`);
          }
          let capture: Awaited<ReturnType<typeof captureVirtioBlk>>;
          try {
            capture = await captureVirtioBlk({
              transport: opts.transport as VirtioBlkTransportName,
              workDir,
              plan: drivePlan(requests),
              ...(opts.qtestLog !== undefined ? { qtestLog: opts.qtestLog } : {}),
              ...(opts.qemu !== undefined ? { qemu: opts.qemu } : {}),
            });
          } catch (e) {
            throw new UserError(`drive: ${(e as Error).message}`);
          }
          const session = store.createSession({
            name,
            source: `devtape drive ${device} --transport ${opts.transport} (reference driver over qtest)`,
            commandLine: capture.argv.join(" "),
          });
          const app = store.appender(session);
          for (const ev of capture.events) app.append(ev);
          app.flush();
          const d = capture.driver;
          process.stderr.write(
            `${d.probe}: ${grouped(capture.results.length)} requests completed and checked; ` +
              `recorded ${grouped(capture.events.length)} events into session '${name}' of ${opts.output}\n`,
          );
        });
      } finally {
        rmSync(workDir, { recursive: true, force: true });
      }
    });
}
