// protobufjs runtime settings for devtape, and the generated module loaded after them:
// the generated code reads util.Long and util.oneOfSetter when it is evaluated, so it is
// imported dynamically at the end of this file, never statically (a static import would
// be evaluated before these settings, whatever the order of the import lines).
import $protobuf from "protobufjs/minimal.js";

// 64-bit fields decode to plain numbers (guest-physical addresses are at most 52 bits and
// nanosecond times stay below 2^53; 64-bit register values are split into value/value_hi).
$protobuf.util.Long = undefined as unknown as typeof $protobuf.util.Long;
$protobuf.configure();

// Setting a oneof member clears the other members. protobufjs deletes every other member
// unconditionally, and `delete` of a property an object does not have is a slow runtime
// call on the hot decode path (it was a sixth of decode time); delete only what is there.
$protobuf.util.oneOfSetter = function oneOfSetter(fieldNames: string[]) {
  return function (this: Record<string, unknown>, name?: string) {
    for (const f of fieldNames) if (f !== name && Object.hasOwn(this, f)) delete this[f];
  };
};

// 64-bit varints that fit in 32 bits (addresses, times, sizes: nearly all of them) skip
// protobufjs's LongBits object, an allocation per field on the hot encode and decode
// paths. The bytes on the wire are the same; larger values take the original path.
type Uint64Writer = { uint32(v: number): unknown; uint64(v: unknown): unknown };
const writeUint64 = $protobuf.Writer.prototype.uint64;
$protobuf.Writer.prototype.uint64 = function uint64(this: Uint64Writer, value: unknown) {
  if (typeof value === "number" && value >>> 0 === value) return this.uint32(value);
  return writeUint64.call(this, value as number);
} as typeof writeUint64;

type Uint64Reader = { buf: Uint8Array; pos: number; len: number };
const readUint64 = $protobuf.Reader.prototype.uint64;
$protobuf.Reader.prototype.uint64 = function uint64(this: Uint64Reader) {
  // Up to four varint bytes (values below 2^28) decode here; anything longer or
  // truncated goes to protobufjs, which also raises its usual errors.
  const { buf, pos, len } = this;
  if (pos + 4 <= len) {
    let b = buf[pos] as number;
    let value = b & 0x7f;
    if (b < 0x80) {
      this.pos = pos + 1;
      return value;
    }
    b = buf[pos + 1] as number;
    value |= (b & 0x7f) << 7;
    if (b < 0x80) {
      this.pos = pos + 2;
      return value;
    }
    b = buf[pos + 2] as number;
    value |= (b & 0x7f) << 14;
    if (b < 0x80) {
      this.pos = pos + 3;
      return value;
    }
    b = buf[pos + 3] as number;
    value |= (b & 0x7f) << 21;
    if (b < 0x80) {
      this.pos = pos + 4;
      return value;
    }
  }
  return readUint64.call(this as unknown as InstanceType<typeof $protobuf.Reader>);
} as typeof readUint64;

export { $protobuf };
export const generated = await import("./generated/devtape.js");
