// virtio-blk requests (virtio 1.x §5.2.6, 0.9.5 Appendix D): a 16-byte header the device
// reads (type, reserved/ioprio, sector), data buffers, and a status byte the device writes
// last. QEMU completes every request with used.len = all device-writable bytes of the
// chain (virtio_blk_handle_request: req->in_len = iov_size(in_iov)), so the length of a
// completion is predicted exactly.
import type { GuestMemory } from "../guest-memory.js";
import type { ChainBuffer } from "../virtio/split-virtqueue.js";

export const BlkType = { IN: 0, OUT: 1, FLUSH: 4, GET_ID: 8, GET_LIFETIME: 10, DISCARD: 11, WRITE_ZEROES: 13, SECURE_ERASE: 14 } as const;
const NAMES = new Map<number, string>(Object.entries(BlkType).map(([k, v]) => [v, k]));

export interface BlkRequest {
  type: number | undefined;
  sector: number | undefined;
  /** Data bytes (readable for OUT, writable for IN), without header and status. */
  dataLen: number;
}

/** Reads the header from the chain's first readable bytes. */
export function decodeBlkRequest(buffers: ChainBuffer[], memory: GuestMemory): BlkRequest {
  const first = buffers[0];
  let type: number | undefined;
  let sector: number | undefined;
  if (first !== undefined && !first.write && first.len >= 16) {
    type = memory.readUint(first.addr, 4);
    sector = memory.readU64(first.addr + 8);
  }
  const total = buffers.reduce((n, b) => n + b.len, 0);
  return { type, sector, dataLen: Math.max(0, total - 16 - 1) };
}

export function blkChainDecoder(buffers: ChainBuffer[], memory: GuestMemory): { expectedLen: number; summary: string; kind: string } {
  const req = decodeBlkRequest(buffers, memory);
  const writable = buffers.reduce((n, b) => n + (b.write ? b.len : 0), 0);
  const name = req.type === undefined ? "?" : (NAMES.get(req.type) ?? `type ${req.type}`);
  const where = req.sector !== undefined && (req.type === BlkType.IN || req.type === BlkType.OUT) ? ` sector ${req.sector}` : "";
  return { expectedLen: writable, summary: `${name}${where} ${req.dataLen} bytes`, kind: name };
}
