// virtio-scsi requests (virtio 0.9.5 Appendix I, 1.x §5.6), decoded per queue as QEMU 7.2's
// hw/scsi/virtio-scsi.c parses them:
//
// - request queues (2…): virtio_scsi_cmd_req (lun[8], tag u64, task_attr, prio, crn,
//   cdb[cdb_size]) then data-out; virtio_scsi_cmd_resp (sense_len u32, resid u32,
//   status_qualifier u16, status, response, sense[sense_size]) then data-in;
// - control queue (0): by its type u32, a TMF (type, subtype u32, lun[8], tag u64 → response
//   u8) or an AN query / subscribe (type, lun[8], event_requested u32 → event_actual u32,
//   response u8); another type is completed untouched;
// - event queue (1): device-writable buffers for virtio_scsi_event (16 bytes).
//
// The used length is not "bytes written": QEMU pushes qsgl.size + resp_iov.size, that is the
// data buffers' size in either direction (a WRITE's data-out included) plus the response
// header it parsed (12 + sense_size, 1, 5, or 16 for an event). Which bytes are data depends
// on VIRTIO_F_ANY_LAYOUT: with it the header sizes are skipped; without it (legacy drivers,
// and every virtio 1.x driver, since modern transports do not offer the bit) the whole first
// readable and first writable buffer are skipped. So the length is predicted exactly:
//   (readable - skipped) + (writable - skipped) + response size.
// A chain whose readable or writable bytes are shorter than the header sizes is refused as
// QEMU refuses it ("wrong size for virtio-scsi headers": virtio_error, no completion).
import type { GuestMemory } from "../guest-memory.js";
import { describeCdb } from "../megasas/frame.js";
import type { ChainBuffer, DecodedChain } from "../virtio/split-virtqueue.js";

export const CONTROLQ = 0;
export const EVENTQ = 1;

/** sizeof(VirtIOSCSICmdReq) and sizeof(VirtIOSCSICmdResp) without CDB and sense (QEMU sizes them at 0). */
export const CMD_REQ_HEADER = 19;
export const CMD_RESP_HEADER = 12;
/** Control requests and the event, all QEMU_PACKED. */
export const TMF_REQ = 24;
export const TMF_RESP = 1;
export const AN_REQ = 16;
export const AN_RESP = 5;
export const EVENT_SIZE = 16;

/** Device config offsets and the defaults the spec gives (restored on reset). */
export const SENSE_SIZE_OFFSET = 20;
export const CDB_SIZE_OFFSET = 24;
export const DEFAULT_SENSE_SIZE = 96;
export const DEFAULT_CDB_SIZE = 32;

export const CtrlType = { TMF: 0, AN_QUERY: 1, AN_SUBSCRIBE: 2 } as const;
const TMF_NAMES = [
  "ABORT_TASK",
  "ABORT_TASK_SET",
  "CLEAR_ACA",
  "CLEAR_TASK_SET",
  "I_T_NEXUS_RESET",
  "LOGICAL_UNIT_RESET",
  "QUERY_TASK",
  "QUERY_TASK_SET",
];

/** What the decoder needs of the device: the sizes the driver may change, and the layout rule. */
export interface ScsiDeviceView {
  cdbSize: number;
  senseSize: number;
  /** VIRTIO_F_ANY_LAYOUT negotiated. */
  anyLayout: boolean;
}

export interface ScsiRequest {
  /** Target id and LUN from the 8-byte LUN field (1, target, 0x40 | lun >> 8, lun & 0xff). */
  target: number | undefined;
  lun: number | undefined;
  cdb: Uint8Array | undefined;
}

/** The request header of a command chain (its first readable bytes). */
export function decodeScsiRequest(buffers: ChainBuffer[], memory: GuestMemory, cdbSize = DEFAULT_CDB_SIZE): ScsiRequest {
  const first = buffers[0];
  if (first === undefined || first.write || first.len < CMD_REQ_HEADER) return { target: undefined, lun: undefined, cdb: undefined };
  const lun = memory.read(first.addr, 8);
  const cdb = memory.read(first.addr + CMD_REQ_HEADER, Math.min(cdbSize, first.len - CMD_REQ_HEADER));
  if (lun === undefined) return { target: undefined, lun: undefined, cdb };
  return { target: lun[1], lun: (((lun[2] as number) & 0x3f) << 8) | (lun[3] as number), cdb };
}

/** The used length QEMU reports for a chain parsed with these header sizes, or a reason it refuses the chain. */
function usedLength(buffers: ChainBuffer[], reqSize: number, respSize: number, anyLayout: boolean): number | { error: string } {
  let readable = 0;
  let writable = 0;
  for (const b of buffers) {
    if (b.write) writable += b.len;
    else readable += b.len;
  }
  if (readable < reqSize || writable < respSize) {
    return {
      error: `wrong size for virtio-scsi headers: ${readable} readable and ${writable} writable bytes, the request needs ${reqSize} and ${respSize}`,
    };
  }
  const firstR = buffers.find((b) => !b.write)?.len ?? 0;
  const firstW = buffers.find((b) => b.write)?.len ?? 0;
  const dataOut = readable - (anyLayout ? reqSize : firstR);
  const dataIn = writable - (anyLayout ? respSize : firstW);
  return dataOut + dataIn + respSize;
}

/** "target T lun L" from an 8-byte LUN field (1, target, 0x40 | lun >> 8, lun & 0xff), "?" where unknown. */
function lunText(field: Uint8Array | undefined): string {
  if (field === undefined) return "target ? lun ?";
  return `target ${field[1] as number} lun ${(((field[2] as number) & 0x3f) << 8) | (field[3] as number)}`;
}

/** A decoder for queue `queue` of a virtio-scsi device, given the device's sizes now (QEMU parses at pop time). */
export function scsiChainDecoder(queue: number, view: ScsiDeviceView): (buffers: ChainBuffer[], memory: GuestMemory) => DecodedChain {
  return (buffers, memory) => {
    if (queue === EVENTQ) {
      // QEMU pops an event buffer only when it has an event to report, and parses it then:
      // a buffer too short for virtio_scsi_event stops the device at that moment, not now.
      const len = usedLength(buffers, 0, EVENT_SIZE, view.anyLayout);
      const bytes = buffers.reduce((n, b) => n + b.len, 0);
      if (typeof len !== "number")
        return { expectedLen: undefined, summary: `event buffer of ${bytes} bytes (too short: ${len.error})`, kind: "event buffer" };
      return { expectedLen: len, summary: `event buffer of ${bytes} bytes`, kind: "event buffer" };
    }
    const first = buffers[0];
    if (queue === CONTROLQ) {
      const readable = buffers.reduce((n, b) => n + (b.write ? 0 : b.len), 0);
      if (readable < 4) {
        const error = `wrong size for virtio-scsi headers: a control request of ${readable} readable bytes has no type`;
        return { expectedLen: undefined, summary: "control request without a type", kind: "control", error };
      }
      const type = first !== undefined && !first.write && first.len >= 4 ? memory.readUint(first.addr, 4) : undefined;
      if (type === undefined) return { expectedLen: undefined, summary: "control request (type unknown)", kind: "control" };
      if (type === CtrlType.TMF) {
        const at = (first as ChainBuffer).addr;
        const subtype = memory.readUint(at + 4, 4);
        const tag = memory.readU64(at + 16);
        const name = subtype === undefined ? "?" : (TMF_NAMES[subtype] ?? `subtype ${subtype}`);
        const summary = `TMF ${name} ${lunText(memory.read(at + 8, 8))} tag ${tag ?? "?"}`;
        const len = usedLength(buffers, TMF_REQ, TMF_RESP, view.anyLayout);
        if (typeof len !== "number") return { expectedLen: undefined, summary, kind: `TMF ${name}`, error: len.error };
        // ABORT_TASK and the task-set functions may wait for cancelled commands; the length does not change.
        return { expectedLen: len, summary, kind: `TMF ${name}` };
      }
      if (type === CtrlType.AN_QUERY || type === CtrlType.AN_SUBSCRIBE) {
        const name = type === CtrlType.AN_QUERY ? "AN_QUERY" : "AN_SUBSCRIBE";
        const at = (first as ChainBuffer).addr;
        const events = memory.readUint(at + 12, 4);
        const summary = `${name} ${lunText(memory.read(at + 4, 8))} events ${events === undefined ? "?" : `0x${events.toString(16)}`}`;
        const len = usedLength(buffers, AN_REQ, AN_RESP, view.anyLayout);
        if (typeof len !== "number") return { expectedLen: undefined, summary, kind: name, error: len.error };
        return { expectedLen: len, summary, kind: name };
      }
      // virtio_scsi_handle_ctrl_req parses nothing for another type and completes it with length 0.
      return { expectedLen: 0, summary: `control request of unknown type ${type}`, kind: "control (unknown type)" };
    }
    const req = decodeScsiRequest(buffers, memory, view.cdbSize);
    const what = req.cdb === undefined || req.cdb.length === 0 ? "CDB ?" : describeCdb(req.cdb);
    const tag = first !== undefined && !first.write && first.len >= 16 ? memory.readU64(first.addr + 8) : undefined;
    const reqSize = CMD_REQ_HEADER + view.cdbSize;
    const respSize = CMD_RESP_HEADER + view.senseSize;
    const len = usedLength(buffers, reqSize, respSize, view.anyLayout);
    // describeCdb of the opcode alone is the command's name.
    const kind = req.cdb === undefined || req.cdb.length === 0 ? "command" : describeCdb(req.cdb.subarray(0, 1));
    const summary = `target ${req.target ?? "?"} lun ${req.lun ?? "?"} tag ${tag ?? "?"} ${what}`;
    if (typeof len !== "number") return { expectedLen: undefined, summary, kind, error: len.error };
    const dataIn = buffers.reduce((n, b) => n + (b.write ? b.len : 0), 0) - respSize;
    const dataOut = buffers.reduce((n, b) => n + (b.write ? 0 : b.len), 0) - reqSize;
    const data = dataOut > 0 ? `, ${dataOut} bytes out` : dataIn > 0 ? `, ${dataIn} bytes in` : "";
    return { expectedLen: len, summary: `${summary}${data}`, kind };
  };
}
