// virtio-scsi requests on the request queues (virtio 1.x §5.6.6): the device reads a
// virtio_scsi_cmd_req (lun[8], tag u64, task_attr u8, prio u8, crn u8, cdb[cdb_size]) and
// writes a virtio_scsi_cmd_resp (sense_len u32, resid u32, status_qualifier u16, status u8,
// response u8, sense[sense_size]). The used length depends on the data the target moved,
// so only its upper bound (all writable bytes) is known.
import type { GuestMemory } from "../guest-memory.js";
import type { ChainBuffer } from "../virtio/split-virtqueue.js";

export interface ScsiRequest {
  /** Target id and LUN from the 8-byte LUN field (1, target, 0x40 | lun >> 8, lun & 0xff). */
  target: number | undefined;
  lun: number | undefined;
  cdb: Uint8Array | undefined;
}

export function decodeScsiRequest(buffers: ChainBuffer[], memory: GuestMemory): ScsiRequest {
  const first = buffers[0];
  if (first === undefined || first.write || first.len < 19) return { target: undefined, lun: undefined, cdb: undefined };
  const lun = memory.read(first.addr, 8);
  const cdb = memory.read(first.addr + 19, Math.min(32, first.len - 19));
  if (lun === undefined) return { target: undefined, lun: undefined, cdb };
  return { target: lun[1], lun: (((lun[2] as number) & 0x3f) << 8) | (lun[3] as number), cdb };
}

export function scsiChainDecoder(buffers: ChainBuffer[], memory: GuestMemory): { expectedLen: undefined; summary: string } {
  const req = decodeScsiRequest(buffers, memory);
  const op = req.cdb?.[0];
  return {
    expectedLen: undefined,
    summary: `target ${req.target ?? "?"} lun ${req.lun ?? "?"} cdb ${op === undefined ? "?" : `0x${op.toString(16).padStart(2, "0")}`}`,
  };
}
