// The stored form of events (chunk-codec.ts), encoded by hand: byte for byte what protobufjs's
// generated code (src/schema/generated/devtape.js, protobufjs 8) writes for the same objects,
// field by field in the same order with the same tests for "not set" (zero, empty, null) and
// the same conversions (uint32: v >>> 0; int32: v | 0, negatives as ten bytes; 64-bit numbers
// through the same long-bits arithmetic; strings as protobufjs writes them, its own UTF-8
// writer below 40 characters and Node's above). The generated code costs a depth check, a
// hasOwnProperty call and a method call per field, and a fork per nested message; written
// here, an event takes a few dozen byte stores into one growing buffer.
//
// Whatever protobufjs would read differently from a plain number, string or byte array (64-bit
// values given as Long objects or text, bytes as base64 text, unknown fields carried over by a
// decoder) is not mirrored: encodeEventBody returns false and the caller encodes that event
// with the generated code. A test compares the two on every event kind and on such values.
import { $protobuf } from "../schema/protobuf-runtime.js";
import type { AgentProps, EventProps } from "../schema/proto.js";

const utf8 = $protobuf.util.utf8;

type Msg = Record<string, unknown>;
/** Node's Buffer writes UTF-8 with utf8Write (what protobufjs's BufferWriter calls). */
type NodeBuffer = Buffer & { utf8Write(text: string, offset: number): number };
const hasUnknowns = (m: object) => (m as { $unknowns?: unknown }).$unknowns != null;

/** A protobuf writer into one buffer that grows (doubling), reused from chunk to chunk. */
export class ByteWriter {
  buf: Buffer = Buffer.allocUnsafe(64 * 1024);
  pos = 0;

  /** Room for `n` more bytes. */
  reserve(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  uint32(value: number): void {
    let v = value >>> 0;
    this.reserve(5);
    const buf = this.buf;
    let pos = this.pos;
    while (v > 127) {
      buf[pos++] = (v & 127) | 128;
      v >>>= 7;
    }
    buf[pos++] = v;
    this.pos = pos;
  }

  /** A varint of the 64 bits hi:lo (as protobufjs's writeVarint64). */
  varint64(lo: number, hi: number): void {
    this.reserve(10);
    const buf = this.buf;
    let pos = this.pos;
    while (hi) {
      buf[pos++] = (lo & 127) | 128;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    while (lo > 127) {
      buf[pos++] = (lo & 127) | 128;
      lo = lo >>> 7;
    }
    buf[pos++] = lo;
    this.pos = pos;
  }

  int32(value: number): void {
    const v = value | 0;
    if (v < 0) this.varint64(v >>> 0, 0xffff_ffff);
    else this.uint32(v);
  }

  /** A uint64 given as a number (devtape's patched protobufjs writes those that fit 32 bits as uint32). */
  uint64(v: number): void {
    if (v >>> 0 === v) this.uint32(v);
    else {
      const [lo, hi] = longBits(v);
      this.varint64(lo, hi);
    }
  }

  sint64(v: number): void {
    const [lo, hi] = longBits(v);
    const mask = hi >> 31;
    this.varint64(((lo << 1) ^ mask) >>> 0, (((hi << 1) | (lo >>> 31)) ^ mask) >>> 0);
  }

  bool(v: unknown): void {
    this.reserve(1);
    this.buf[this.pos++] = v ? 1 : 0;
  }

  /** A string, as protobufjs's BufferWriter writes it. */
  string(value: string): void {
    const n = value.length;
    if (n === 0) {
      this.reserve(1);
      this.buf[this.pos++] = 0;
      return;
    }
    if (n < 0x80) {
      this.reserve(n * 3 + 5);
      const buf = this.buf;
      const lenPos = this.pos;
      let p = lenPos + 1;
      let i = 0;
      for (; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) break;
        buf[p++] = c;
      }
      let len = i;
      if (i < n) len = n < 40 ? utf8.write(value, buf, lenPos + 1) : (buf as NodeBuffer).utf8Write(value, lenPos + 1);
      if (len > 127) buf.copyWithin(lenPos + 2, lenPos + 1, lenPos + 1 + len);
      this.pos = lenPos;
      this.uint32(len);
      this.pos += len;
      return;
    }
    const len = Buffer.byteLength(value);
    this.uint32(len);
    this.reserve(len);
    (this.buf as NodeBuffer).utf8Write(value, this.pos);
    this.pos += len;
  }

  bytes(value: Uint8Array): void {
    const len = value.length >>> 0;
    this.uint32(len);
    if (len === 0) return;
    this.reserve(len);
    this.buf.set(value, this.pos);
    this.pos += len;
  }

  raw(value: Uint8Array): void {
    const n = value.length;
    this.reserve(n);
    if (n > 32) this.buf.set(value, this.pos);
    else {
      const buf = this.buf;
      const pos = this.pos;
      for (let i = 0; i < n; i++) buf[pos + i] = value[i] as number;
    }
    this.pos += n;
  }

  /** Starts a length-delimited message: one byte is kept for its length; returns where. */
  fork(): number {
    this.reserve(1);
    return this.pos++;
  }

  /** Ends the message started at `lenPos` (fork), moving it when its length needs more than a byte. */
  ldelim(lenPos: number): void {
    const len = this.pos - lenPos - 1;
    if (len < 128) {
      this.buf[lenPos] = len;
      return;
    }
    const n = len < 16384 ? 2 : len < 2097152 ? 3 : len < 268435456 ? 4 : 5;
    this.reserve(n - 1);
    this.buf.copyWithin(lenPos + n, lenPos + 1, lenPos + 1 + len);
    this.pos = lenPos;
    this.uint32(len);
    this.pos = lenPos + n + len;
  }

  /** A copy of what was written. */
  finish(): Buffer {
    const out = Buffer.allocUnsafeSlow(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    return out;
  }
}

/** protobufjs's LongBits.fromNumber: the two 32-bit halves of a number as a 64-bit integer. */
function longBits(value: number): [number, number] {
  if (value === 0) return [0, 0];
  const sign = value < 0;
  if (sign) value = -value;
  let lo = value >>> 0;
  let hi = ((value - lo) / 4294967296) >>> 0;
  if (sign) {
    hi = ~hi >>> 0;
    lo = ~lo >>> 0;
    if (++lo > 4294967295) {
      lo = 0;
      if (++hi > 4294967295) hi = 0;
    }
  }
  return [lo, hi];
}

/** A uint64 field that is set (generated code: not 0; a Long object's low or high): false when not a number. */
function uint64Field(w: ByteWriter, tag: number, v: unknown): boolean {
  if (v == null) return true;
  if (typeof v !== "number") return false;
  if (v !== 0) {
    w.uint32(tag);
    w.uint64(v);
  }
  return true;
}

/** A uint32 field: written unless null or 0. */
function uint32Field(w: ByteWriter, tag: number, v: unknown): void {
  if (v != null && v !== 0) {
    w.uint32(tag);
    w.uint32(v as number);
  }
}

/** An enum field: written unless null or 0. */
function enumField(w: ByteWriter, tag: number, v: unknown): void {
  if (v != null && v !== 0) {
    w.uint32(tag);
    w.int32(v as number);
  }
}

/** A string field: written unless null or empty; false when not a string. */
function stringField(w: ByteWriter, tag: number, v: unknown): boolean {
  if (v == null || v === "") return true;
  if (typeof v !== "string") return false;
  w.uint32(tag);
  w.string(v);
  return true;
}

/**
 * Names (of trace points and their arguments) come from a small set and repeat in every
 * observation: their encoded form (length and bytes, as string() writes them) is kept, up to
 * NAMES of them.
 */
const NAMES = 4096;
const nameBytes = new Map<string, Uint8Array>();

/** The encoded form of a name (see nameBytes). */
function encodedName(v: string): Uint8Array {
  let bytes = nameBytes.get(v);
  if (bytes === undefined) {
    const once = new ByteWriter();
    once.string(v);
    bytes = once.finish();
    if (nameBytes.size < NAMES) nameBytes.set(v, bytes);
  }
  return bytes;
}

/** A string field holding a name (see nameBytes): written unless null or empty; false when not a string. */
function nameField(w: ByteWriter, tag: number, v: unknown): boolean {
  if (v == null || v === "") return true;
  if (typeof v !== "string") return false;
  w.uint32(tag);
  w.raw(encodedName(v));
  return true;
}

/**
 * An observation's name and its arguments' names, encoded (see nameBytes), by observation
 * name: a trace point's arguments are named the same in every observation of it, so one
 * lookup finds them all (each still compared with the argument's own name).
 */
interface ObservationNames {
  bytes: Uint8Array;
  args: string[];
  argBytes: Uint8Array[];
}
const observationNames = new Map<string, ObservationNames>();

function observationNamesOf(name: string): ObservationNames {
  let known = observationNames.get(name);
  if (known === undefined) {
    known = { bytes: encodedName(name), args: [], argBytes: [] };
    if (observationNames.size < NAMES) observationNames.set(name, known);
  }
  return known;
}

function source(w: ByteWriter, m: Msg): boolean {
  if (hasUnknowns(m)) return false;
  uint32Field(w, 8, m.file);
  uint32Field(w, 16, m.line);
  return true;
}

function mmio(w: ByteWriter, m: Msg): boolean {
  if (hasUnknowns(m)) return false;
  enumField(w, 8, m.op);
  if (!uint64Field(w, 16, m.addr)) return false;
  uint32Field(w, 24, m.size);
  uint32Field(w, 32, m.value);
  uint32Field(w, 40, m.valueHi);
  return true;
}

function pio(w: ByteWriter, m: Msg): boolean {
  if (hasUnknowns(m)) return false;
  enumField(w, 8, m.op);
  uint32Field(w, 16, m.port);
  uint32Field(w, 24, m.size);
  uint32Field(w, 32, m.value);
  return true;
}

function pciConfig(w: ByteWriter, m: Msg): boolean {
  if (hasUnknowns(m)) return false;
  enumField(w, 8, m.op);
  uint32Field(w, 16, m.bdf);
  uint32Field(w, 24, m.offset);
  uint32Field(w, 32, m.size);
  uint32Field(w, 40, m.value);
  return true;
}

function memory(w: ByteWriter, m: Msg): boolean {
  if (hasUnknowns(m)) return false;
  enumField(w, 8, m.op);
  if (!uint64Field(w, 16, m.addr)) return false;
  const data = m.data as Uint8Array | null | undefined;
  if (data != null && data.length) {
    if (!(data instanceof Uint8Array)) return false;
    w.uint32(26);
    w.bytes(data);
  }
  uint32Field(w, 32, m.fillLength);
  uint32Field(w, 40, m.fillByte);
  return true;
}

function barrier(w: ByteWriter, m: Msg): boolean {
  if (hasUnknowns(m)) return false;
  enumField(w, 8, m.kind);
  enumField(w, 16, m.flavour);
  return true;
}

function interrupt(w: ByteWriter, m: Msg): boolean {
  if (hasUnknowns(m)) return false;
  if (m.line != null) {
    w.uint32(8);
    w.uint32(m.line as number);
  }
  const msi = m.msi as Msg | null | undefined;
  if (msi != null) {
    if (hasUnknowns(msi)) return false;
    w.uint32(18);
    const at = w.fork();
    if (!uint64Field(w, 8, msi.address)) return false;
    uint32Field(w, 16, msi.data);
    w.ldelim(at);
  }
  enumField(w, 24, m.action);
  return true;
}

function arg(w: ByteWriter, a: Msg): boolean {
  if (hasUnknowns(a)) return false;
  if (!nameField(w, 10, a.name)) return false;
  const uint = a.uint;
  if (uint != null) {
    if (typeof uint !== "number") return false;
    w.uint32(16);
    w.uint64(uint);
  }
  const int = a.int;
  if (int != null) {
    if (typeof int !== "number") return false;
    w.uint32(24);
    w.sint64(int);
  }
  const str = a.str;
  if (str != null) {
    if (typeof str !== "string") return false;
    w.uint32(34);
    w.string(str);
  }
  const raw = a.raw;
  if (raw != null) {
    if (!(raw instanceof Uint8Array)) return false;
    w.uint32(42);
    w.bytes(raw);
  }
  return true;
}

/**
 * An argument as most are (a name, whose encoded form is `bytes`, and a 32-bit integer value),
 * written in one go: the same bytes as the field, fork and arg() would write. False, having
 * written nothing, for any other.
 */
function smallArg(w: ByteWriter, a: Msg, bytes: Uint8Array): boolean {
  if (a.str != null || a.raw != null || hasUnknowns(a)) return false;
  const uint = a.uint;
  const int = a.int;
  let tag: number;
  let v: number;
  if (uint != null) {
    if (int != null || typeof uint !== "number" || uint >>> 0 !== uint) return false;
    tag = 16;
    v = uint;
  } else if (int != null) {
    if (typeof int !== "number" || (int | 0) !== int) return false;
    tag = 24;
    v = ((int << 1) ^ (int >> 31)) >>> 0; // sint64's zigzag, for a 32-bit value
  } else return false;
  const n = bytes.length;
  const len = 1 + n + 1 + (v < 128 ? 1 : v < 16384 ? 2 : v < 2097152 ? 3 : v < 268435456 ? 4 : 5);
  if (len > 127) return false;
  w.reserve(len + 2);
  const buf = w.buf;
  let pos = w.pos;
  buf[pos++] = 18;
  buf[pos++] = len;
  buf[pos++] = 10;
  for (let i = 0; i < n; i++) buf[pos++] = bytes[i] as number;
  buf[pos++] = tag;
  while (v > 127) {
    buf[pos++] = (v & 127) | 128;
    v >>>= 7;
  }
  buf[pos++] = v;
  w.pos = pos;
  return true;
}

function observation(w: ByteWriter, m: Msg): boolean {
  if (hasUnknowns(m)) return false;
  const name = m.name;
  if (typeof name !== "string" || name === "") return observationSlow(w, m);
  const known = observationNamesOf(name);
  w.uint32(10);
  w.raw(known.bytes);
  const args = m.args as Msg[] | null | undefined;
  if (args != null && args.length) {
    const names = known.args;
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as Msg;
      const argName = a.name;
      if (typeof argName === "string" && argName !== "") {
        if (names[i] !== argName) {
          names[i] = argName;
          known.argBytes[i] = encodedName(argName);
        }
        if (smallArg(w, a, known.argBytes[i] as Uint8Array)) continue;
      }
      w.uint32(18);
      const at = w.fork();
      if (!arg(w, a)) return false;
      w.ldelim(at);
    }
  }
  return true;
}

/** observation() of one whose name is not a name (absent, empty, or not a string). */
function observationSlow(w: ByteWriter, m: Msg): boolean {
  if (!nameField(w, 10, m.name)) return false;
  const args = m.args as Msg[] | null | undefined;
  if (args != null && args.length) {
    for (let i = 0; i < args.length; i++) {
      w.uint32(18);
      const at = w.fork();
      if (!arg(w, args[i] as Msg)) return false;
      w.ldelim(at);
    }
  }
  return true;
}

function attach(w: ByteWriter, m: Msg): boolean {
  if (hasUnknowns(m)) return false;
  if (!stringField(w, 10, m.id) || !stringField(w, 18, m.kind)) return false;
  const base = m.mmioBase;
  if (base != null) {
    if (typeof base !== "number") return false;
    w.uint32(24);
    w.uint64(base);
  }
  if (m.pciBdf != null) {
    w.uint32(32);
    w.uint32(m.pciBdf as number);
  }
  if (!uint64Field(w, 40, m.mmioSize)) return false;
  if (m.irq != null) {
    w.uint32(48);
    w.uint32(m.irq as number);
  }
  const props = m.props as Msg[] | null | undefined;
  if (props != null && props.length) {
    for (let i = 0; i < props.length; i++) {
      const p = props[i] as Msg;
      if (hasUnknowns(p)) return false;
      w.uint32(58);
      const at = w.fork();
      if (!stringField(w, 10, p.name) || !stringField(w, 18, p.value)) return false;
      w.ldelim(at);
    }
  }
  return true;
}

function detach(w: ByteWriter, m: Msg): boolean {
  return !hasUnknowns(m) && stringField(w, 10, m.id);
}

function machine(w: ByteWriter, m: Msg): boolean {
  return !hasUnknowns(m) && stringField(w, 10, m.type) && uint64Field(w, 16, m.ramSize);
}

function marker(w: ByteWriter, m: Msg): boolean {
  return !hasUnknowns(m) && stringField(w, 10, m.text);
}

/** A nested message field: tag, length, body; false when the body is not one this encoder mirrors. */
function nested(w: ByteWriter, tag: number, m: unknown, body: (w: ByteWriter, m: Msg) => boolean): boolean {
  w.uint32(tag);
  const at = w.fork();
  if (!body(w, m as Msg)) return false;
  w.ldelim(at);
  return true;
}

/**
 * Writes the stored form of an event of kind `letter` (its source and payload, as
 * encodeStoredEvent in chunk-codec.ts). Returns false, having written part of it, when the
 * event holds a value only the generated code encodes (see above): the caller rewinds.
 */
export function encodeEventBody(ev: EventProps, letter: string, w: ByteWriter): boolean {
  const src = ev.source;
  if (src != null) {
    w.uint32(34);
    const at = w.fork();
    if (!source(w, src as Msg)) return false;
    w.ldelim(at);
  }
  let at: number;
  // The common kinds are written here, the others through nested().
  // prettier-ignore
  switch (letter) {
    case "M": case "m":
      w.uint32(82);
      at = w.fork();
      if (!mmio(w, ev.mmio as Msg)) return false;
      w.ldelim(at);
      return true;
    case "P": case "p":
      w.uint32(90);
      at = w.fork();
      if (!pio(w, ev.pio as Msg)) return false;
      w.ldelim(at);
      return true;
    case "I":
      w.uint32(122);
      at = w.fork();
      if (!interrupt(w, ev.interrupt as Msg)) return false;
      w.ldelim(at);
      return true;
    case "O":
      w.uint32(130);
      at = w.fork();
      if (!observation(w, ev.observation as Msg)) return false;
      w.ldelim(at);
      return true;
    case "C": case "c": return nested(w, 98, ev.pciConfig, pciConfig);
    case "G": case "g": return nested(w, 106, ev.memory, memory);
    case "B": return nested(w, 114, ev.barrier, barrier);
    case "A": return nested(w, 138, ev.attach, attach);
    case "D": return nested(w, 146, ev.detach, detach);
    case "T": return nested(w, 154, ev.machine, machine);
    case "K": return nested(w, 162, ev.marker, marker);
    default: return false;
  }
}

/** An agent of a chunk's agent table (as Agent.encode writes it); false when not mirrored. */
export function encodeAgent(a: AgentProps, w: ByteWriter): boolean {
  if (hasUnknowns(a)) return false;
  if (a.cpu != null) {
    w.uint32(8);
    w.uint32(a.cpu);
  }
  if (a.device != null) {
    if (typeof a.device !== "string") return false;
    w.uint32(18);
    w.string(a.device);
  }
  if (a.host != null) {
    w.uint32(24);
    w.bool(a.host);
  }
  return true;
}
