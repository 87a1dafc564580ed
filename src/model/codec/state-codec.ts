// The canonical state encoding: a flat little-endian byte string written field by field in
// a fixed order (maps sorted by key), so the same state gives the same bytes — and the same
// hash — on every machine. Numbers are written as float64 (exact for every integer devtape
// keeps, below 2^53), strings as UTF-8 with a length, optional values with a presence byte.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * One scratch buffer that writers borrow (checkpoints and snapshots encode often, and a
 * fresh buffer each time was most of a small snapshot's cost); finish copies the bytes out
 * and gives it back. A writer made while another holds it gets its own buffer.
 */
let scratch: { buf: Uint8Array; view: DataView } | undefined;
/** Buffers up to this size are kept for the next writer. */
const SCRATCH_KEEP = 1 << 20;

/**
 * Small encodings are copied out into slices of a shared block, not buffers of their own:
 * a buffer costs an allocation of a microsecond or two, a slice a view. (A slice keeps its
 * block alive: at most ARENA bytes for as long as any of its encodings lives.)
 */
const ARENA = 256 << 10;
const ARENA_SLICE_MAX = ARENA >> 3;
let arena = new Uint8Array(0);
let arenaUsed = 0;

/** Short strings decoded lately, by a hash of their bytes (StateReader.str). */
const INTERNED = 1024;
const interned: (string | undefined)[] = new Array<string | undefined>(INTERNED).fill(undefined);

function sameAscii(s: string, buf: Uint8Array, at: number): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== buf[at + i]) return false;
  return true;
}

export class StateWriter {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;
  private borrowed = false;

  /** `sizeHint`: the expected size, so that the buffer need not grow. */
  constructor(sizeHint = 4096) {
    const s = scratch;
    if (s !== undefined && s.buf.length >= sizeHint) {
      scratch = undefined;
      this.borrowed = true;
      this.buf = s.buf;
      this.view = s.view;
    } else {
      this.buf = new Uint8Array(Math.max(64, sizeHint));
      this.view = new DataView(this.buf.buffer);
    }
  }

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): this {
    this.reserve(1);
    this.buf[this.pos++] = v;
    return this;
  }

  bool(v: boolean): this {
    return this.u8(v ? 1 : 0);
  }

  u32(v: number): this {
    this.reserve(4);
    this.view.setUint32(this.pos, v >>> 0, true);
    this.pos += 4;
    return this;
  }

  num(v: number): this {
    this.reserve(8);
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
    return this;
  }

  optNum(v: number | undefined): this {
    if (v === undefined) return this.u8(0);
    return this.u8(1).num(v);
  }

  str(s: string): this {
    // ASCII (device ids, kinds, most sentences) byte by byte; the rest through TextEncoder.
    const n = s.length;
    this.reserve(4 + n);
    let ascii = true;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) {
        ascii = false;
        break;
      }
      this.buf[this.pos + 4 + i] = c;
    }
    if (ascii) {
      this.view.setUint32(this.pos, n, true);
      this.pos += 4 + n;
      return this;
    }
    const b = encoder.encode(s);
    return this.u32(b.length).raw(b);
  }

  bytes(b: Uint8Array): this {
    return this.u32(b.length).raw(b);
  }

  raw(b: Uint8Array): this {
    this.reserve(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  /** Where the next byte goes (for patchU32). */
  get position(): number {
    return this.pos;
  }

  /** Overwrites 4 bytes written at `at` (a count known only after what it counts). */
  patchU32(at: number, v: number): this {
    this.view.setUint32(at, v >>> 0, true);
    return this;
  }

  /** Bytes [start, start + n) of src (without a view for short runs). */
  rawFrom(src: Uint8Array, start: number, n: number): this {
    this.reserve(n);
    if (n >= 64) this.buf.set(src.subarray(start, start + n), this.pos);
    else for (let i = 0; i < n; i++) this.buf[this.pos + i] = src[start + i] as number;
    this.pos += n;
    return this;
  }

  /** The bytes written (a copy: small ones a slice of a shared block, so read or copy them, do not write into them); the writer is done. */
  finish(): Uint8Array {
    let out: Uint8Array;
    if (this.pos > ARENA_SLICE_MAX) out = this.buf.slice(0, this.pos);
    else {
      if (arenaUsed + this.pos > arena.length) {
        arena = new Uint8Array(ARENA);
        arenaUsed = 0;
      }
      out = arena.subarray(arenaUsed, arenaUsed + this.pos);
      out.set(this.buf.subarray(0, this.pos));
      // (slices start 8-byte aligned, as a buffer of their own would)
      arenaUsed += (this.pos + 7) & ~7;
    }
    if (this.borrowed || (scratch === undefined && this.buf.length <= SCRATCH_KEEP)) {
      if (this.buf.length <= SCRATCH_KEEP) scratch = { buf: this.buf, view: this.view };
      this.borrowed = false;
    }
    return out;
  }
}

/** A snapshot that does not decode: written by another model version or damaged. */
export class StateDecodeError extends Error {
  override readonly name = "StateDecodeError";
}

export class StateReader {
  private readonly view: DataView;
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new StateDecodeError(`snapshot ends early at byte ${this.pos}`);
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++] as number;
  }

  bool(): boolean {
    return this.u8() === 1;
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  num(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  optNum(): number | undefined {
    return this.u8() === 0 ? undefined : this.num();
  }

  str(): string {
    const n = this.u32();
    this.need(n);
    const buf = this.buf;
    const at = this.pos;
    this.pos += n;
    // Short ASCII (device ids, kinds, request summaries) without TextDecoder, which costs a
    // microsecond a call; they repeat from snapshot to snapshot, so the last string seen
    // with the same bytes is handed out again.
    if (n <= 64) {
      let h = n;
      let ascii = true;
      for (let i = 0; i < n; i++) {
        const c = buf[at + i] as number;
        if (c > 0x7f) {
          ascii = false;
          break;
        }
        h = Math.imul(h ^ c, 0x01000193);
      }
      if (ascii) {
        const slot = (h >>> 0) & (INTERNED - 1);
        const seen = interned[slot];
        if (seen !== undefined && seen.length === n && sameAscii(seen, buf, at)) return seen;
        let out = "";
        for (let i = 0; i < n; i++) out += String.fromCharCode(buf[at + i] as number);
        interned[slot] = out;
        return out;
      }
    }
    return decoder.decode(buf.subarray(at, at + n));
  }

  bytes(): Uint8Array {
    return this.raw(this.u32()).slice();
  }

  raw(n: number): Uint8Array {
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** The next n bytes, copied into dst at `at` (without a view for short runs). */
  rawInto(dst: Uint8Array, at: number, n: number): void {
    this.need(n);
    if (n > 256) dst.set(this.buf.subarray(this.pos, this.pos + n), at);
    else for (let i = 0; i < n; i++) dst[at + i] = this.buf[this.pos + i] as number;
    this.pos += n;
  }

  get done(): boolean {
    return this.pos === this.buf.length;
  }
}
