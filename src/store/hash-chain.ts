// The tamper-evident hash chain. Each session's chain starts from a hash of its session
// row; each chunk's hash covers the previous link, every column of the chunk row and its
// body. Changing, reordering or removing a chunk (or the session row) breaks the chain
// from that chunk on, so verify can name the first damaged event range.
import { createHash } from "node:crypto";
import type { ChunkData } from "./chunk-codec.js";

export interface SessionRow {
  id: number;
  name: string;
  created: string;
  source: string;
  command_line: string;
  inputs: string;
}

export function genesisHash(s: SessionRow): Buffer {
  return createHash("sha256")
    .update(`devtape-session\n${s.id}\n${s.name}\n${s.created}\n${s.source}\n${s.command_line}\n${s.inputs}`)
    .digest();
}

export function chunkHash(prev: Uint8Array, sessionId: number, c: ChunkData): Buffer {
  const header = `${sessionId}|${c.firstSeq}|${c.count}|${c.kindMask}|${c.addrMin ?? ""}|${c.addrMax ?? ""}|${c.timeMin ?? ""}|${c.timeMax ?? ""}|${c.kinds}|`;
  return createHash("sha256").update(prev).update(header).update(c.body).digest();
}
