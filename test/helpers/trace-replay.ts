// Replaying imported events in a test: into a fresh machine (or one given, e.g. restored from
// a snapshot), started with a machine event when the type is given; and what replay reported,
// as lines a failing test prints whole.
import { Machine } from "../../src/model/machine/machine.js";
import type { EventProps } from "../../src/schema/proto.js";

export function replayEvents(events: readonly EventProps[], machine?: string, m = new Machine()): Machine {
  if (machine !== undefined) m.apply({ machine: { type: machine, ramSize: 256 * 2 ** 20 } });
  for (const ev of events) m.apply(ev);
  return m;
}

/** Divergences and guest errors as "seq: what…" lines. */
export const outcome = (m: Machine) => ({
  divergences: m.divergences.map((d) => `${d.seq}: ${d.what}: ${d.observed} (allowed ${d.allowed})`),
  guestErrors: m.guestErrors.map((g) => `${g.seq}: ${g.why}`),
});
