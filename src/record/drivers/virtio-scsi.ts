// A reference virtio-scsi driver (virtio 0.9.5 Appendix I, virtio 1.x §5.6), run from the
// host through qtest like the block driver and on the same four transports. Bring-up is
// the common one (virtio-bring-up.ts) with VIRTIO_SCSI_F_HOTPLUG and _CHANGE accepted when
// offered (as Linux does); then the configuration (num_queues, seg_max, max_sectors,
// cmd_per_lun, event_info_size, sense_size, cdb_size, max_channel, max_target, max_lun),
// the control queue (0), the event queue (1) and every request queue (2…), DRIVER_OK, and
// event buffers of event_info_size bytes posted on the event queue, where the device
// keeps them until it has something to report.
//
// Requests, each one descriptor chain (readable before writable, headers in their own
// buffers of exactly the sizes the configuration gives, so they parse the same whether
// or not VIRTIO_F_ANY_LAYOUT is negotiated):
// - command (request queue): virtio_scsi_cmd_req {lun[8] = 1, target, 0x40 | lun >> 8,
//   lun; tag u64; task_attr; prio; crn; cdb[cdb_size]}, data-out; then the response
//   {sense_len u32, resid u32, status_qualifier u16, status, response, sense[sense_size]},
//   data-in;
// - task management (control queue): {type 0, subtype u32, lun[8], tag u64} → {response};
// - asynchronous notification query (control queue): {type 1, lun[8], event_requested
//   u32} → {event_actual u32, response}.
// Responses are filled with 0xff and data-in buffers with 0xaa first, so nothing the device
// did not write can pass for an answer. A batch is made available with one notify per
// queue; the driver then waits for the interrupt, acknowledges it and collects the used
// rings of every queue, reposting any event buffer the device used.
import type { DriverBus } from "./driver-bus.js";
import type { GuestMemory } from "./guest-memory.js";
import { cdbHex } from "./scsi-cdb.js";
import { driverOk, readConfigStable, setUpQueue, VirtioDriver } from "./virtio-bring-up.js";
import type { ChainBuffer, SplitVirtqueue } from "./virtqueue.js";
import { VIRTIO_ID_SCSI, type VirtioTransport } from "./virtio-transport.js";

export const VIRTIO_SCSI_F_INOUT = 0n;
export const VIRTIO_SCSI_F_HOTPLUG = 1n;
export const VIRTIO_SCSI_F_CHANGE = 2n;

export const CONTROLQ = 0;
export const EVENTQ = 1;
export const FIRST_REQUEST_QUEUE = 2;

/** struct virtio_scsi_config offsets. */
export const SCSI_CONFIG = {
  numQueues: 0,
  segMax: 4,
  maxSectors: 8,
  cmdPerLun: 12,
  eventInfoSize: 16,
  senseSize: 20,
  cdbSize: 24,
  maxChannel: 28,
  maxTarget: 30,
  maxLun: 32,
} as const;

/** Response codes (virtio_scsi_cmd_resp.response, virtio_scsi_ctrl_*.response). */
export const VIRTIO_SCSI_S = {
  OK: 0,
  OVERRUN: 1,
  ABORTED: 2,
  BAD_TARGET: 3,
  RESET: 4,
  BUSY: 5,
  TRANSPORT_FAILURE: 6,
  TARGET_FAILURE: 7,
  NEXUS_FAILURE: 8,
  FAILURE: 9,
  FUNCTION_SUCCEEDED: 10,
  FUNCTION_REJECTED: 11,
  INCORRECT_LUN: 12,
} as const;

export const VIRTIO_SCSI_T_TMF = 0;
export const VIRTIO_SCSI_T_AN_QUERY = 1;
export const TMF = {
  ABORT_TASK: 0,
  ABORT_TASK_SET: 1,
  CLEAR_ACA: 2,
  CLEAR_TASK_SET: 3,
  I_T_NEXUS_RESET: 4,
  LOGICAL_UNIT_RESET: 5,
  QUERY_TASK: 6,
  QUERY_TASK_SET: 7,
} as const;

/** The fixed part of virtio_scsi_cmd_req before the CDB, and of the response before the sense. */
export const CMD_REQ_HEADER = 19;
export const CMD_RESP_HEADER = 12;
export const TMF_REQ_SIZE = 24;
export const TMF_RESP_SIZE = 1;
export const AN_REQ_SIZE = 16;
export const AN_RESP_SIZE = 5;

const DATA_IN_FILL = 0xaa;
const RESP_FILL = 0xff;
const EVENT_FILL = 0xff;

export type ScsiRequest =
  | {
      type: "cmd";
      target: number;
      lun: number;
      cdb: readonly number[];
      /** Bytes the command reads into a data-in buffer. */
      dataIn?: number;
      /** Bytes the command writes from a data-out buffer. */
      dataOut?: Uint8Array;
    }
  | { type: "tmf"; subtype: number; target: number; lun: number; tag: number }
  | { type: "an-query"; target: number; lun: number; events: number };

export interface ScsiResult {
  request: ScsiRequest;
  /** The used element's length. */
  usedLen: number;
  /** The response byte (VIRTIO_SCSI_S_*). */
  response: number;
  /** Commands: the SCSI status, residual, and the sense bytes the device reported (sense_len of them). */
  status?: number;
  resid?: number;
  sense?: Uint8Array;
  /** Commands with data-in: the whole buffer as it reads after completion. */
  data?: Uint8Array;
  /** AN query: event_actual. */
  eventActual?: number;
}

/** An event the device put in an event buffer (virtio_scsi_event). */
export interface ScsiEvent {
  event: number;
  lun: Uint8Array;
  reason: number;
  usedLen: number;
}

export interface VirtioScsiConfig {
  numQueues: number;
  segMax: number;
  maxSectors: number;
  cmdPerLun: number;
  eventInfoSize: number;
  senseSize: number;
  cdbSize: number;
  maxChannel: number;
  maxTarget: number;
  maxLun: number;
}

export interface VirtioScsiOptions {
  /** Entries to ask for per queue (the device may fix or cap it). Default 16. */
  queueSize?: number;
  /** Event buffers to keep posted. Default 4. */
  eventBuffers?: number;
  /** How long to wait for an interrupt. Default 5 s. */
  irqTimeoutMs?: number;
}

/** The 8-byte LUN field: 1, target, then a single-level LUN (0x40 | lun >> 8, lun & 0xff), zeroes. */
export function lunField(target: number, lun: number): Uint8Array {
  return Uint8Array.of(1, target, lun > 0xff ? 0x40 | (lun >> 8) : 0, lun & 0xff, 0, 0, 0, 0);
}

export class VirtioScsiDriver extends VirtioDriver<VirtioScsiOptions> {
  config: VirtioScsiConfig | undefined;
  /** Queue sizes by index. */
  queueSizes: number[] = [];
  /** Events the device reported on the event queue. */
  readonly events: ScsiEvent[] = [];
  private readonly vqs = new Map<number, SplitVirtqueue>();
  /** Posted event buffers, by head. */
  private readonly eventBufs = new Map<number, number>();
  private nextTag = 1;

  constructor(bus: DriverBus, transport: VirtioTransport, mem: GuestMemory, opts: VirtioScsiOptions = {}) {
    super("virtio-scsi", bus, transport, mem, opts);
  }

  /** Brings the HBA up: DRIVER_OK with every queue set up and the event buffers posted. */
  async init(): Promise<void> {
    const t = this.transport;
    const n = await this.negotiate(VIRTIO_ID_SCSI, (1n << VIRTIO_SCSI_F_HOTPLUG) | (1n << VIRTIO_SCSI_F_CHANGE));
    const cfg = await readConfigStable(t, "configuration", () => this.readConfig());
    this.config = cfg;
    if (cfg.numQueues < 1)
      throw new Error(`${t.description}: num_queues is ${cfg.numQueues}; a virtio-scsi HBA has at least one request queue`);
    if (cfg.eventInfoSize < 16)
      throw new Error(`${t.description}: event_info_size ${cfg.eventInfoSize} is below virtio_scsi_event's 16 bytes`);
    const queues = FIRST_REQUEST_QUEUE + cfg.numQueues;
    this.bus.marker(`virtio-scsi: ${queues} queues setup (control, event, ${cfg.numQueues} request)`);
    for (let i = 0; i < queues; i++) {
      const vq = await setUpQueue(this.bus, t, this.mem, i, this.opts.queueSize ?? 16);
      this.vqs.set(i, vq);
      this.queueSizes.push(vq.q.size);
    }
    await driverOk(t, n.status);
    const posts = this.opts.eventBuffers ?? 4;
    this.bus.marker(`virtio-scsi: ${posts} event buffers of ${cfg.eventInfoSize} bytes`);
    const heads: number[] = [];
    for (let i = 0; i < posts; i++) heads.push(await this.addEventBuffer());
    await this.queue(EVENTQ).publish(heads);
    this.bus.marker(
      `virtio-scsi: ready, ${cfg.numQueues} request queue(s), cdb_size ${cfg.cdbSize}, sense_size ${cfg.senseSize}, max_target ${cfg.maxTarget}`,
    );
  }

  private async readConfig(): Promise<VirtioScsiConfig> {
    const r32 = (off: number) => this.transport.readConfig(off, 4);
    const r16 = (off: number) => this.transport.readConfig(off, 2);
    return {
      numQueues: await r32(SCSI_CONFIG.numQueues),
      segMax: await r32(SCSI_CONFIG.segMax),
      maxSectors: await r32(SCSI_CONFIG.maxSectors),
      cmdPerLun: await r32(SCSI_CONFIG.cmdPerLun),
      eventInfoSize: await r32(SCSI_CONFIG.eventInfoSize),
      senseSize: await r32(SCSI_CONFIG.senseSize),
      cdbSize: await r32(SCSI_CONFIG.cdbSize),
      maxChannel: await r16(SCSI_CONFIG.maxChannel),
      maxTarget: await r16(SCSI_CONFIG.maxTarget),
      maxLun: await r32(SCSI_CONFIG.maxLun),
    };
  }

  private queue(index: number): SplitVirtqueue {
    const vq = this.vqs.get(index);
    if (!vq) throw new Error(`virtio-scsi: queue ${index} is not set up (init first)`);
    return vq;
  }

  private async addEventBuffer(): Promise<number> {
    const size = this.config?.eventInfoSize ?? 16;
    const addr = this.mem.alloc(size, 8);
    await this.bus.memset(addr, size, EVENT_FILL);
    const head = await this.queue(EVENTQ).addChain([{ addr, len: size, writable: true }]);
    this.eventBufs.set(head, addr);
    return head;
  }

  /**
   * Places every request on its queue (commands on the first request queue, TMFs and AN
   * queries on the control queue), makes each queue's batch available with one notify, then
   * waits for interrupts until the device has used every one. Results come in request order.
   */
  async submit(requests: readonly ScsiRequest[]): Promise<ScsiResult[]> {
    const cfg = this.config;
    if (!cfg) throw new Error("virtio-scsi: submit before init");
    interface Placed {
      req: ScsiRequest;
      queue: number;
      head: number;
      resp: number;
      respLen: number;
      dataIn?: { addr: number; len: number };
    }
    const placed: Placed[] = [];
    for (const req of requests) {
      this.bus.marker(`virtio-scsi: ${describeScsi(req)}`);
      const chain: ChainBuffer[] = [];
      let queue: number;
      let respLen: number;
      let dataIn: { addr: number; len: number } | undefined;
      if (req.type === "cmd") {
        queue = FIRST_REQUEST_QUEUE;
        if (req.cdb.length > cfg.cdbSize) throw new Error(`virtio-scsi: a CDB of ${req.cdb.length} bytes exceeds cdb_size ${cfg.cdbSize}`);
        const h = new Uint8Array(CMD_REQ_HEADER + cfg.cdbSize);
        h.set(lunField(req.target, req.lun), 0);
        new DataView(h.buffer).setBigUint64(8, BigInt(this.nextTag++), true);
        h.set(req.cdb, CMD_REQ_HEADER);
        chain.push(await this.buffer(h));
        if (req.dataOut) chain.push(await this.buffer(req.dataOut));
        respLen = CMD_RESP_HEADER + cfg.senseSize;
      } else if (req.type === "tmf") {
        queue = CONTROLQ;
        const h = new Uint8Array(TMF_REQ_SIZE);
        const v = new DataView(h.buffer);
        v.setUint32(0, VIRTIO_SCSI_T_TMF, true);
        v.setUint32(4, req.subtype, true);
        h.set(lunField(req.target, req.lun), 8);
        v.setBigUint64(16, BigInt(req.tag), true);
        chain.push(await this.buffer(h));
        respLen = TMF_RESP_SIZE;
      } else {
        queue = CONTROLQ;
        const h = new Uint8Array(AN_REQ_SIZE);
        const v = new DataView(h.buffer);
        v.setUint32(0, VIRTIO_SCSI_T_AN_QUERY, true);
        h.set(lunField(req.target, req.lun), 4);
        v.setUint32(12, req.events, true);
        chain.push(await this.buffer(h));
        respLen = AN_RESP_SIZE;
      }
      const resp = this.mem.alloc(respLen, 8);
      await this.bus.memset(resp, respLen, RESP_FILL);
      chain.push({ addr: resp, len: respLen, writable: true });
      if (req.type === "cmd" && req.dataIn !== undefined && req.dataIn > 0) {
        dataIn = { addr: this.mem.alloc(req.dataIn, 16), len: req.dataIn };
        await this.bus.memset(dataIn.addr, dataIn.len, DATA_IN_FILL);
        chain.push({ ...dataIn, writable: true });
      }
      const head = await this.queue(queue).addChain(chain);
      placed.push(dataIn ? { req, queue, head, resp, respLen, dataIn } : { req, queue, head, resp, respLen });
    }
    for (const q of [CONTROLQ, FIRST_REQUEST_QUEUE]) {
      const heads = placed.filter((p) => p.queue === q).map((p) => p.head);
      if (heads.length > 0) await this.queue(q).publish(heads);
    }
    const used = new Map<string, number>();
    const key = (queue: number, head: number) => `${queue}:${head}`;
    while (placed.some((p) => !used.has(key(p.queue, p.head)))) {
      try {
        await this.bus.waitForIrq(this.transport.irq, true, this.irqTimeoutMs);
      } catch (e) {
        const pending = placed.filter((p) => !used.has(key(p.queue, p.head))).length;
        throw new Error(`${this.transport.description}: ${(e as Error).message}; ${pending} request(s) still outstanding`);
      }
      const isr = await this.transport.takeInterrupt();
      if ((isr & 1) === 0) continue;
      for (const [index, vq] of this.vqs) {
        if (vq.outstanding === 0) continue;
        const els = await vq.collectUsed();
        if (index === EVENTQ) {
          await this.takeEvents(els);
          continue;
        }
        for (const el of els) used.set(key(index, el.id), el.len);
      }
    }
    const results: ScsiResult[] = [];
    for (const p of placed) {
      const raw = await this.bus.memread(p.resp, p.respLen);
      const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      const usedLen = used.get(key(p.queue, p.head)) ?? 0;
      if (p.req.type === "cmd") {
        const senseLen = v.getUint32(0, true);
        const r: ScsiResult = {
          request: p.req,
          usedLen,
          response: v.getUint8(11),
          status: v.getUint8(10),
          resid: v.getUint32(4, true),
          sense: raw.slice(CMD_RESP_HEADER, CMD_RESP_HEADER + Math.min(senseLen, p.respLen - CMD_RESP_HEADER)),
        };
        if (p.dataIn) r.data = await this.bus.memread(p.dataIn.addr, p.dataIn.len);
        results.push(r);
      } else if (p.req.type === "tmf") {
        results.push({ request: p.req, usedLen, response: v.getUint8(0) });
      } else {
        results.push({ request: p.req, usedLen, response: v.getUint8(4), eventActual: v.getUint32(0, true) });
      }
    }
    return results;
  }

  /** A readable buffer holding `bytes`. */
  private async buffer(bytes: Uint8Array): Promise<ChainBuffer> {
    const addr = this.mem.alloc(bytes.length, 16);
    await this.bus.memwrite(addr, bytes);
    return { addr, len: bytes.length, writable: false };
  }

  /** Reads the events the device used and posts their buffers again. */
  private async takeEvents(els: readonly { id: number; len: number }[]): Promise<void> {
    if (els.length === 0) return;
    const heads: number[] = [];
    for (const el of els) {
      const addr = this.eventBufs.get(el.id);
      if (addr === undefined) throw new Error(`virtio-scsi: the device used event descriptor ${el.id}, which is no event buffer`);
      this.eventBufs.delete(el.id);
      const raw = await this.bus.memread(addr, 16);
      const v = new DataView(raw.buffer, raw.byteOffset, 16);
      this.events.push({ event: v.getUint32(0, true), lun: raw.slice(4, 12), reason: v.getUint32(12, true), usedLen: el.len });
      this.bus.marker(`virtio-scsi: event 0x${v.getUint32(0, true).toString(16)} reason ${v.getUint32(12, true)}`);
      heads.push(await this.addEventBuffer());
    }
    await this.queue(EVENTQ).publish(heads);
  }
}

/** A request as the driver's markers and error messages name it. */
export function describeScsi(req: ScsiRequest): string {
  if (req.type === "tmf") {
    const name = Object.entries(TMF).find(([, v]) => v === req.subtype)?.[0] ?? `subtype ${req.subtype}`;
    return `TMF ${name} ${req.target}:${req.lun} tag ${req.tag}`;
  }
  if (req.type === "an-query") return `AN query ${req.target}:${req.lun} events 0x${req.events.toString(16)}`;
  const data = req.dataIn ? `, ${req.dataIn} bytes in` : req.dataOut ? `, ${req.dataOut.length} bytes out` : "";
  return `command ${req.target}:${req.lun} CDB ${cdbHex(req.cdb)}${data}`;
}
