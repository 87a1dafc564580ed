// One recorded virtio-scsi session on real QEMU, on the same machinery as the block captures
// (capture-session.ts, the four transports of virtio-blk-setups.ts with a virtio-scsi HBA and a
// scsi-hd at target 0, LUN 0): the reference driver brings the HBA up, then runs batches of
// requests and checks every answer — TEST UNIT READY (the first may report the unit
// attention of the reset the driver just did), INQUIRY, READ CAPACITY(10), REPORT LUNS,
// READ(10) and WRITE(10) of the pattern image (each write read back), a command to a target
// that does not exist, SYNCHRONIZE CACHE(10), and on the control queue an asynchronous
// notification query and an ABORT TASK for a tag nobody uses — then resets the HBA. After QEMU
// exits the image is checked to hold what was written.
//
// Used lengths are held to what QEMU 7.2 reports (virtio_scsi_complete_req: the data
// buffers' size, in either direction, plus the response header it parsed: 12 + sense_size
// for a command, 1 for a TMF, 5 for an AN query), not to the bytes the device wrote.
import type { EventProps } from "../schema/proto.js";
import {
  type CaptureSessionOptions,
  DISK_SECTORS,
  DRIVER_MEMORY,
  expectedSectors,
  firstDifference,
  noteWritten,
  runCaptureSession,
  submitBatches,
} from "./capture-session.js";
import { openTransport, virtioDriverSummary } from "./capture-virtio-blk.js";
import { SECTOR, writeData } from "./drivers/disk-image.js";
import { GuestMemory } from "./drivers/guest-memory.js";
import type { BlkRequest } from "./drivers/virtio-blk.js";
import {
  AN_RESP_SIZE,
  CMD_RESP_HEADER,
  describeScsi,
  type ScsiEvent,
  type ScsiRequest,
  type ScsiResult,
  TMF,
  TMF_RESP_SIZE,
  VIRTIO_SCSI_S,
  type VirtioScsiConfig,
  VirtioScsiDriver,
} from "./drivers/virtio-scsi.js";
import { CDB } from "./drivers/scsi-cdb.js";
import { type QemuSetup, type VirtioBlkTransportName, virtioScsiSetup } from "./qtest/virtio-blk-setups.js";

const GOOD = 0;
const CHECK_CONDITION = 2;
const UNIT_ATTENTION = 6;
const INQUIRY_LEN = 96;
const REPORT_LUNS_LEN = 64;
/** An ABORT TASK tag no command carries. */
const UNUSED_TAG = 0xdead;

const cmd = (cdb: number[], extra: { dataIn?: number; dataOut?: Uint8Array; target?: number } = {}): ScsiRequest => ({
  type: "cmd",
  target: extra.target ?? 0,
  lun: 0,
  cdb,
  ...(extra.dataIn !== undefined ? { dataIn: extra.dataIn } : {}),
  ...(extra.dataOut !== undefined ? { dataOut: extra.dataOut } : {}),
});

/** TEST UNIT READY alone (the unit attention of the reset), then discovery: TUR, INQUIRY, READ CAPACITY(10), REPORT LUNS. */
export function discoveryBatches(): ScsiRequest[][] {
  return [
    [cmd(CDB.testUnitReady())],
    [
      cmd(CDB.testUnitReady()),
      cmd(CDB.inquiry(INQUIRY_LEN), { dataIn: INQUIRY_LEN }),
      cmd(CDB.readCapacity10(), { dataIn: 8 }),
      cmd(CDB.reportLuns(REPORT_LUNS_LEN), { dataIn: REPORT_LUNS_LEN }),
    ],
  ];
}

/** Block requests as SCSI commands: READ(10), WRITE(10), SYNCHRONIZE CACHE(10) for a flush. */
export function scsiFromBlk(batches: readonly BlkRequest[][]): ScsiRequest[][] {
  return batches.map((b) =>
    b.map((r) =>
      r.type === "read"
        ? cmd(CDB.read10(r.sector, r.count), { dataIn: r.count * SECTOR })
        : r.type === "write"
          ? cmd(CDB.write10(r.sector, r.data.length / SECTOR), { dataOut: r.data })
          : cmd(CDB.synchronizeCache10()),
    ),
  );
}

/** The control queue's work: an AN query for LUN 0 and an ABORT TASK of a tag nobody uses. */
export function controlBatch(): ScsiRequest[] {
  return [
    { type: "an-query", target: 0, lun: 0, events: 0x10 },
    { type: "tmf", subtype: TMF.ABORT_TASK, target: 0, lun: 0, tag: UNUSED_TAG },
  ];
}

/** The default work: discovery, I/O with a write read back, a missing target, a flush, the control queue. */
export function defaultScsiPlan(): ScsiRequest[][] {
  return [
    ...discoveryBatches(),
    ...scsiFromBlk([
      [
        { type: "read", sector: 0, count: 2 },
        { type: "write", sector: 8, data: writeData(8, 1) },
      ],
    ]),
    [
      ...scsiFromBlk([
        [
          { type: "read", sector: 8, count: 1 },
          { type: "read", sector: DISK_SECTORS - 1, count: 1 },
        ],
      ])[0]!,
      cmd(CDB.inquiry(36), { dataIn: 36, target: 1 }),
    ],
    [cmd(CDB.synchronizeCache10())],
    controlBatch(),
  ];
}

export interface VirtioScsiCaptureOptions extends CaptureSessionOptions {
  transport: VirtioBlkTransportName;
  plan?: ScsiRequest[][];
}

export interface VirtioScsiCapture {
  setup: QemuSetup;
  argv: readonly string[];
  events: EventProps[];
  results: ScsiResult[];
  driver: {
    probe: string;
    deviceFeatures: bigint;
    driverFeatures: bigint;
    config: VirtioScsiConfig;
    queueSizes: number[];
    events: ScsiEvent[];
    irq: number;
  };
  disk: string;
}

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
const be = (b: Uint8Array, from: number, n: number) => {
  let v = 0;
  for (let i = 0; i < n; i++) v = v * 256 + (b[from + i] ?? 0);
  return v;
};

/** Fixed-format sense data: its sense key and additional sense code. */
function senseKey(sense: Uint8Array): { key: number; asc: number } {
  return { key: (sense[2] ?? 0) & 0x0f, asc: sense[12] ?? 0 };
}

/** Whether `r` is a unit attention (the first command after a reset may get one). */
export function isUnitAttention(r: ScsiResult): boolean {
  return r.response === VIRTIO_SCSI_S.OK && r.status === CHECK_CONDITION && senseKey(r.sense ?? new Uint8Array(0)).key === UNIT_ATTENTION;
}

/**
 * Checks each result against the image and what the target must answer; throws an Error
 * naming the request. `config` gives the response size; `written` is updated by writes.
 */
export function checkScsiResults(results: readonly ScsiResult[], config: VirtioScsiConfig, written: Map<number, Uint8Array>): void {
  const respLen = CMD_RESP_HEADER + config.senseSize;
  for (const r of results) {
    const req = r.request;
    const what = describeScsi(req);
    const fail = (msg: string): never => {
      throw new Error(`${what}: ${msg}`);
    };
    if (req.type === "tmf") {
      if (r.response !== VIRTIO_SCSI_S.OK) fail(`response ${r.response}, expected FUNCTION COMPLETE (0) for a tag no command carries`);
      if (r.usedLen !== TMF_RESP_SIZE) fail(`the device used ${r.usedLen} bytes, expected ${TMF_RESP_SIZE}`);
      continue;
    }
    if (req.type === "an-query") {
      if (r.response !== VIRTIO_SCSI_S.OK) fail(`response ${r.response}, expected OK`);
      if (r.usedLen !== AN_RESP_SIZE) fail(`the device used ${r.usedLen} bytes, expected ${AN_RESP_SIZE}`);
      continue;
    }
    const dataLen = req.dataIn ?? req.dataOut?.length ?? 0;
    if (r.usedLen !== dataLen + respLen)
      fail(`the device used ${r.usedLen} bytes, expected ${dataLen + respLen} (the data buffer and the response, as QEMU counts them)`);
    if (req.target !== 0) {
      if (r.response !== VIRTIO_SCSI_S.BAD_TARGET) fail(`response ${r.response} for a missing target, expected BAD_TARGET (3)`);
      continue;
    }
    if (r.response !== VIRTIO_SCSI_S.OK) fail(`response ${r.response}, expected OK`);
    const op = req.cdb[0];
    if (op === 0x00 && isUnitAttention(r)) continue;
    if (r.status !== GOOD)
      fail(`SCSI status 0x${(r.status ?? 0).toString(16)}, sense ${[...(r.sense ?? [])].map((b) => b.toString(16)).join(" ")}`);
    if ((r.sense?.length ?? 0) !== 0) fail(`sense_len ${r.sense?.length} with GOOD status`);
    const data = r.data ?? new Uint8Array(0);
    const moved = dataLen - (r.resid ?? 0);
    if (r.data && data.subarray(moved).some((b) => b !== 0xaa))
      fail(`the device wrote past the ${moved} bytes its residual ${r.resid} leaves`);
    if (op === 0x12) {
      if (((data[0] ?? 0xff) & 0x1f) !== 0) fail(`peripheral device type ${(data[0] ?? 0) & 0x1f}, expected 0 (direct access)`);
      if (moved !== Math.min(dataLen, (data[4] ?? 0) + 5)) fail(`${moved} bytes moved, the additional length says ${(data[4] ?? 0) + 5}`);
      if (ascii(data, 8, 16) !== "QEMU    " || !ascii(data, 16, 32).startsWith("QEMU HARDDISK"))
        fail(`vendor/product '${ascii(data, 8, 16)}' '${ascii(data, 16, 32)}', expected QEMU / QEMU HARDDISK`);
    } else if (op === 0x25) {
      if (be(data, 0, 4) !== DISK_SECTORS - 1 || be(data, 4, 4) !== SECTOR)
        fail(`capacity: last LBA ${be(data, 0, 4)}, block ${be(data, 4, 4)}; expected ${DISK_SECTORS - 1} and ${SECTOR}`);
    } else if (op === 0xa0) {
      if (be(data, 0, 4) !== 8 || data.subarray(8, 16).some((b) => b !== 0)) fail("REPORT LUNS should list exactly LUN 0");
    } else if (op === 0x28) {
      const lba = be(Uint8Array.from(req.cdb), 2, 4);
      const count = be(Uint8Array.from(req.cdb), 7, 2);
      if (r.resid !== 0) fail(`residual ${r.resid} on a whole read`);
      const at = firstDifference(data, expectedSectors(lba, count, written));
      if (at >= 0) fail(`the data differs from the disk image at byte ${at}`);
    } else if (op === 0x2a) {
      if (r.resid !== 0) fail(`residual ${r.resid} on a whole write`);
      noteWritten(written, be(Uint8Array.from(req.cdb), 2, 4), req.dataOut ?? new Uint8Array(0));
    }
  }
}

/** Runs one capture; see the file comment. Throws an Error saying what went wrong. */
export async function captureVirtioScsi(opts: VirtioScsiCaptureOptions): Promise<VirtioScsiCapture> {
  const {
    value: { driver, results },
    ...session
  } = await runCaptureSession(
    opts,
    `virtio-scsi-${opts.transport}`,
    (disk, firmware) => virtioScsiSetup(opts.transport, disk, firmware),
    async (rec, setup, written) => {
      const transport = await openTransport(rec, setup);
      const driver = new VirtioScsiDriver(rec, transport, new GuestMemory(DRIVER_MEMORY.base, DRIVER_MEMORY.size));
      await driver.init();
      const config = driver.config as VirtioScsiConfig;
      const results = await submitBatches(
        opts.plan ?? defaultScsiPlan(),
        (b) => driver.submit(b),
        (got) => checkScsiResults(got, config, written),
      );
      await driver.shutdown();
      return { driver, results };
    },
  );
  return {
    ...session,
    results,
    driver: {
      ...virtioDriverSummary(driver),
      config: driver.config as VirtioScsiConfig,
      queueSizes: driver.queueSizes,
      events: driver.events,
    },
  };
}
