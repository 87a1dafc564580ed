// What a recording and QEMU's log of the same run must agree on, event by event.
import { eventToJson } from "../../src/schema/json.js";
import type { EventProps } from "../../src/schema/proto.js";

/** An event's canonical JSON without seq, time and source (which differ between a recording and its imported log). */
export function essence(ev: EventProps): string {
  const o = JSON.parse(eventToJson(ev)) as Record<string, unknown>;
  delete o.seq;
  delete o.timeNs;
  delete o.source;
  return JSON.stringify(o);
}
