// Events in protobuf's canonical JSON mapping, one object per line.
//
// Output: the generated toObject with canonical options (64-bit as strings, enums by name,
// bytes as base64), `seq` always first and always present. Input is checked strictly
// against the reflection descriptor before the lenient generated fromObject sees it:
// unknown fields, wrong types, out-of-range integers, bad base64 and two members of one
// oneof are all refused with the field path, because fromObject would silently turn
// them into zeros. Then the semantic checks of validate-event apply.
import { createRequire } from "node:module";
import protobuf from "protobufjs";
import { type DecodedEvent, Event, type EventProps } from "./proto.js";
import { eventProblem } from "./validate-event.js";

const require = createRequire(import.meta.url);
const root = protobuf.Root.fromJSON(require("./generated/devtape.json") as protobuf.INamespace);
const EventType = root.lookupType("devtape.v1.Event");

const TO_OBJECT = { longs: String, enums: String, bytes: String, json: true } as const;

/**
 * The canonical JSON line of an event (no newline). A decoded event is converted as it
 * is; any other object goes through the wire format first, so that fields set to their
 * default (value: 0) are left out exactly as a decoded event would leave them out.
 */
export function eventToJson(ev: EventProps): string {
  const msg = ev instanceof Event ? ev : Event.decode(Event.encode(ev).finish());
  if (msg !== ev) msg.seq = ev.seq ?? 0;
  const obj = Event.toObject(msg, TO_OBJECT);
  return JSON.stringify({ seq: String(ev.seq ?? 0), ...obj });
}

/** A line that is not a valid event; `message` says which field and why. */
export class EventJsonError extends Error {
  override readonly name = "EventJsonError";
}

const snake = (camel: string) => camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const fieldIndex = new Map<protobuf.Type, Map<string, protobuf.Field>>();
function fieldsOf(type: protobuf.Type): Map<string, protobuf.Field> {
  let m = fieldIndex.get(type);
  if (!m) {
    m = new Map();
    for (const f of type.fieldsArray) {
      m.set(f.name, f);
      m.set(snake(f.name), f);
    }
    fieldIndex.set(type, m);
  }
  return m;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const RANGES: Record<string, [number, number]> = {
  uint32: [0, 0xffff_ffff],
  int32: [-0x8000_0000, 0x7fff_ffff],
  sint32: [-0x8000_0000, 0x7fff_ffff],
  uint64: [0, Number.MAX_SAFE_INTEGER],
  int64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  sint64: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

function fail(path: string, why: string): never {
  throw new EventJsonError(`${path}: ${why}`);
}

function checkScalar(value: unknown, field: protobuf.Field, path: string): void {
  const t = field.type;
  const range = RANGES[t];
  if (range) {
    let n: number;
    if (typeof value === "number") n = value;
    else if (typeof value === "string" && /^-?\d+$/.test(value)) n = Number(value);
    else fail(path, `expected an integer (${t}), got ${JSON.stringify(value)}`);
    if (!Number.isInteger(n)) fail(path, `expected an integer (${t}), got ${value}`);
    if (n < range[0] || n > range[1]) {
      const limit = t.endsWith("64") ? " (devtape keeps 64-bit fields below 2^53)" : "";
      fail(path, `${value} is out of range for ${t}${limit}`);
    }
    return;
  }
  switch (t) {
    case "bool":
      if (typeof value !== "boolean") fail(path, `expected true or false, got ${JSON.stringify(value)}`);
      return;
    case "string":
      if (typeof value !== "string") fail(path, `expected a string, got ${JSON.stringify(value)}`);
      return;
    case "bytes":
      if (typeof value !== "string" || !BASE64.test(value)) fail(path, "expected base64 bytes");
      return;
    default:
      fail(path, `unsupported field type ${t}`);
  }
}

function checkValue(value: unknown, field: protobuf.Field, path: string): void {
  const rt = field.resolvedType;
  if (rt instanceof protobuf.Type) {
    checkMessage(value, rt, path);
  } else if (rt instanceof protobuf.Enum) {
    const ok = typeof value === "string" ? value in rt.values : typeof value === "number" && Object.values(rt.values).includes(value);
    if (!ok) fail(path, `${JSON.stringify(value)} is not one of ${Object.keys(rt.values).join(", ")}`);
  } else {
    checkScalar(value, field, path);
  }
}

function checkMessage(obj: unknown, type: protobuf.Type, path: string): void {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) fail(path || type.name, "expected an object");
  const fields = fieldsOf(type);
  const oneofSeen = new Map<string, string>();
  for (const [key, value] of Object.entries(obj)) {
    const where = path ? `${path}.${key}` : key;
    const field = fields.get(key);
    if (!field) {
      if (type === EventType) fail(key, "unknown field (not an event kind devtape knows)");
      fail(where, `unknown field of ${type.name}`);
    }
    if (value === null) continue;
    const oneof = field.partOf;
    if (oneof && !oneof.name.startsWith("_")) {
      const other = oneofSeen.get(oneof.name);
      if (other) fail(where, `'${other}' is set too; ${oneof.name} takes one of ${oneof.oneof.join(", ")}`);
      oneofSeen.set(oneof.name, key);
    }
    if (field.repeated) {
      if (!Array.isArray(value)) fail(where, "expected a list");
      value.forEach((v, i) => {
        checkValue(v, field, `${where}[${i}]`);
      });
    } else {
      checkValue(value, field, where);
    }
  }
}

/**
 * Parses one line of canonical JSON into an event. Throws EventJsonError naming the field
 * and the reason; never returns a half-checked event.
 */
export function eventFromJson(line: string): DecodedEvent {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    throw new EventJsonError(`not JSON (${(e as Error).message})`);
  }
  checkMessage(obj, EventType, "");
  let ev: DecodedEvent;
  try {
    ev = Event.fromObject(obj as Record<string, unknown>);
  } catch (e) {
    throw new EventJsonError((e as Error).message);
  }
  const problem = eventProblem(ev);
  if (problem) throw new EventJsonError(problem);
  return ev;
}
