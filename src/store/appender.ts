// Batched, append-only writes of one session's events.
//
// Events are encoded into the open chunk as they arrive. A chunk is sealed when it reaches
// its event or byte limit; sealed chunks are hashed onto the session's chain and committed
// together in one transaction once they hold `batchEvents` events, or on flush(). A writer
// killed at any moment therefore loses at most the chunks not yet committed; everything
// committed before stays readable and verifies.
//
// Encoding and sealing (ChunkSealer) need no store: an importer encodes each event as it is
// made (so no event object outlives its line) and hands the appender whole batches of sealed
// chunks (commitChunks), which it hashes onto the chain and commits in one transaction. The
// chunks come out the same either way.
import type Database from "better-sqlite3";
import type { EventProps } from "../schema/proto.js";
import { ChunkBuilder, type ChunkData } from "./chunk-codec.js";
import { chunkHash } from "./hash-chain.js";
import { MAX_CHUNK_EVENTS } from "./migrations.js";

export interface AppendOptions {
  /** Events per chunk row (at most 4096). */
  chunkEvents?: number;
  /** Close a chunk once its body reaches this many bytes. */
  chunkBytes?: number;
  /** Commit once this many events are sealed. */
  batchEvents?: number;
}

// 2048 events or 64 KiB a chunk: measured on the bench mix, 1024 gave 2.8M events/s and 28.0
// bytes/event, 2048 gave 3.1M and 27.0 (SQLite row and overflow-page costs are per chunk).
export const DEFAULT_APPEND: Required<AppendOptions> = { chunkEvents: 2048, chunkBytes: 64 * 1024, batchEvents: 16384 };

interface Sealed extends ChunkData {
  hash: Buffer;
}

/**
 * Encodes a session's events into chunks, sealing each at the chunk limits (AppendOptions);
 * what to do with the sealed chunks (hash, commit) is the caller's.
 */
export class ChunkSealer {
  private readonly builder = new ChunkBuilder();
  private readonly chunkEvents: number;
  private readonly chunkBytes: number;
  private sealed: ChunkData[] = [];
  private chunkStart: number;
  /** Events in the sealed chunks not yet taken. */
  sealedEvents = 0;

  constructor(
    /** The seq of the next event (events the session already has). */
    private seq: number,
    opts: AppendOptions = {},
  ) {
    this.chunkEvents = opts.chunkEvents ?? DEFAULT_APPEND.chunkEvents;
    this.chunkBytes = opts.chunkBytes ?? DEFAULT_APPEND.chunkBytes;
    if (this.chunkEvents < 1 || this.chunkEvents > MAX_CHUNK_EVENTS) {
      throw new Error(`chunkEvents must be 1..${MAX_CHUNK_EVENTS}`);
    }
    this.chunkStart = seq;
  }

  /** The seq the next event will get. */
  get nextSeq(): number {
    return this.seq;
  }

  /**
   * Encodes one event (the object is not kept) and returns its seq; seals the open chunk
   * when it is full. The event's own seq, when set, must be the next one: sessions are dense.
   */
  add(ev: EventProps): number {
    const seq = this.seq;
    if (ev.seq && ev.seq !== seq) throw new Error(`Appender: event has seq ${ev.seq} but the session continues at ${seq}`);
    const b = this.builder;
    b.add(ev);
    this.seq = seq + 1;
    if (b.count >= this.chunkEvents || b.bytes >= this.chunkBytes) this.seal();
    return seq;
  }

  /** Seals the open chunk, if it has events. */
  seal(): void {
    if (this.builder.count === 0) return;
    const data = this.builder.finish(this.chunkStart);
    this.sealed.push(data);
    this.sealedEvents += data.count;
    this.chunkStart = this.seq;
  }

  /** The sealed chunks, in order; the sealer keeps none of them. */
  take(): ChunkData[] {
    const out = this.sealed;
    this.sealed = [];
    this.sealedEvents = 0;
    return out;
  }

  /** Forgets everything not taken; the next event gets `seq`. */
  restart(seq: number): void {
    if (this.builder.count > 0) this.builder.finish(this.chunkStart);
    this.sealed = [];
    this.sealedEvents = 0;
    this.seq = seq;
    this.chunkStart = seq;
  }
}

export class Appender {
  private readonly sealer: ChunkSealer;
  private readonly batchEvents: number;
  private readonly insert: Database.Statement;
  private readonly commitBatch: (chunks: Sealed[]) => void;
  private committedSeq: number;
  private broken = false;
  private committedHash: Buffer;

  constructor(
    db: Database.Database,
    readonly sessionId: number,
    /** The next seq to assign (events already stored). */
    seq: number,
    /** The hash of the session's last chunk (or its genesis hash). */
    prevHash: Buffer,
    opts: AppendOptions = {},
  ) {
    this.sealer = new ChunkSealer(seq, opts);
    this.batchEvents = opts.batchEvents ?? DEFAULT_APPEND.batchEvents;
    this.committedSeq = seq;
    this.committedHash = prevHash;
    this.insert = db.prepare(
      `INSERT INTO chunks (session_id, first_seq, count, kinds, kind_mask, addr_min, addr_max, time_min, time_max, body, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.commitBatch = db.transaction((chunks: Sealed[]) => {
      for (const c of chunks) {
        this.insert.run(
          this.sessionId,
          c.firstSeq,
          c.count,
          c.kinds,
          c.kindMask,
          c.addrMin,
          c.addrMax,
          c.timeMin,
          c.timeMax,
          c.body,
          c.hash,
        );
      }
    });
  }

  /** The seq the next appended event will get. */
  get nextSeq(): number {
    return this.sealer.nextSeq;
  }

  /** Events committed to the file so far (the session's length as readers see it). */
  get committed(): number {
    return this.committedSeq;
  }

  /**
   * Appends one event and returns its seq. The event's own seq, when set, must be the
   * next one: sessions are dense. The event object is not kept.
   */
  append(ev: EventProps): number {
    if (this.broken) throw new Error("Appender: a commit failed earlier; open a new appender to continue");
    const seq = this.sealer.add(ev);
    if (this.sealer.sealedEvents >= this.batchEvents) this.commit(this.sealer.take());
    return seq;
  }

  /** Seals the open chunk and commits everything pending. */
  flush(): void {
    this.sealer.seal();
    if (this.sealer.sealedEvents > 0) this.commit(this.sealer.take());
  }

  /**
   * Commits chunks sealed elsewhere (a ChunkSealer that continued this appender's seq) in one
   * transaction, hashed onto the session's chain. Nothing may be pending in this appender.
   */
  commitChunks(chunks: readonly ChunkData[]): void {
    if (this.broken) throw new Error("Appender: a commit failed earlier; open a new appender to continue");
    if (this.sealer.nextSeq !== this.committedSeq) throw new Error("Appender.commitChunks: events appended here are not committed yet");
    let seq = this.committedSeq;
    for (const c of chunks) {
      if (c.firstSeq !== seq) throw new Error(`Appender.commitChunks: a chunk starts at ${c.firstSeq} but the session continues at ${seq}`);
      seq += c.count;
    }
    this.commit(chunks);
    this.sealer.restart(this.committedSeq);
  }

  /** Forgets the uncommitted events (nothing of them reaches the file). */
  discard(): void {
    this.sealer.restart(this.committedSeq);
  }

  /** Hashes the chunks onto the chain and inserts them in one transaction. */
  private commit(chunks: readonly ChunkData[]): void {
    if (chunks.length === 0) return;
    let prev = this.committedHash;
    const sealed: Sealed[] = [];
    for (const c of chunks) {
      const hash = chunkHash(prev, this.sessionId, c);
      sealed.push({ ...c, hash });
      prev = hash;
    }
    try {
      this.commitBatch(sealed);
    } catch (e) {
      this.broken = true;
      throw e;
    }
    const last = chunks[chunks.length - 1] as ChunkData;
    this.committedSeq = last.firstSeq + last.count;
    this.committedHash = prev;
  }
}
