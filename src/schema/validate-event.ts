// Semantic checks of one event, shared by every importer: what the wire format allows but
// no capture can mean (an access of 3 bytes, a value wider than its access, an event with
// no payload). Returns a sentence naming the field, or undefined when the event is sound.
import { Access, type EventProps, IrqAction } from "./proto.js";

const MAX_U32 = 0xffff_ffff;

function widthProblem(path: string, size: number | null | undefined, allowed: readonly number[]): string | undefined {
  if (size == null || !allowed.includes(size)) return `${path}.size: ${size ?? "missing"} is not one of ${allowed.join(", ")}`;
  return undefined;
}

function valueProblem(path: string, size: number, value: number | null | undefined): string | undefined {
  const v = value ?? 0;
  if (size < 4 && v >= 2 ** (8 * size)) return `${path}.value: ${v} does not fit in ${size} byte${size > 1 ? "s" : ""}`;
  return undefined;
}

function opProblem(path: string, op: number | null | undefined): string | undefined {
  if (op !== Access.ACCESS_READ && op !== Access.ACCESS_WRITE) return `${path}.op: missing (ACCESS_READ or ACCESS_WRITE)`;
  return undefined;
}

function agentProblem(ev: EventProps): string | undefined {
  const a = ev.agent;
  if (a == null) return "agent: missing (cpu, device or host)";
  const set = [a.cpu != null, a.device != null, a.host != null].filter(Boolean).length;
  if (set !== 1) return "agent: needs exactly one of cpu, device, host";
  if (a.device != null && a.device === "") return "agent.device: empty device id";
  if (a.host != null && a.host !== true) return "agent.host: must be true when given";
  return undefined;
}

function payloadProblem(ev: EventProps): string | undefined {
  if (ev.mmio != null) {
    const m = ev.mmio;
    const p = opProblem("mmio", m.op) ?? widthProblem("mmio", m.size, [1, 2, 4, 8]);
    if (p) return p;
    if (m.size !== 8 && (m.valueHi ?? 0) !== 0) return "mmio.valueHi: only 8-byte accesses have a high word";
    return valueProblem("mmio", m.size ?? 0, m.value);
  }
  if (ev.pio != null) {
    const p = ev.pio;
    const q = opProblem("pio", p.op) ?? widthProblem("pio", p.size, [1, 2, 4]);
    if (q) return q;
    if ((p.port ?? 0) > 0xffff) return `pio.port: ${p.port} is above 0xffff`;
    return valueProblem("pio", p.size ?? 0, p.value);
  }
  if (ev.pciConfig != null) {
    const c = ev.pciConfig;
    const q = opProblem("pciConfig", c.op) ?? widthProblem("pciConfig", c.size, [1, 2, 4]);
    if (q) return q;
    if ((c.offset ?? 0) + (c.size ?? 0) > 4096) return `pciConfig.offset: ${c.offset} + ${c.size} is past the 4096-byte config space`;
    if ((c.bdf ?? 0) > MAX_U32) return "pciConfig.bdf: out of range";
    return valueProblem("pciConfig", c.size ?? 0, c.value);
  }
  if (ev.memory != null) {
    const m = ev.memory;
    const q = opProblem("memory", m.op);
    if (q) return q;
    const hasData = m.data != null && m.data.length > 0;
    const fill = m.fillLength ?? 0;
    if (hasData === fill > 0) return "memory: needs either data or fillLength (not both, not neither)";
    if ((m.fillByte ?? 0) > 0xff) return `memory.fillByte: ${m.fillByte} is above 0xff`;
    return undefined;
  }
  if (ev.barrier != null) {
    if (!ev.barrier.kind) return "barrier.kind: missing (BARRIER_KIND_FULL, _READ or _WRITE)";
    if (!ev.barrier.flavour) return "barrier.flavour: missing (BARRIER_FLAVOUR_MANDATORY, _SMP or _DMA)";
    return undefined;
  }
  if (ev.interrupt != null) {
    const i = ev.interrupt;
    if (i.line == null && i.msi == null) return "interrupt: needs line or msi";
    if (i.action !== IrqAction.IRQ_ACTION_ASSERT && i.action !== IrqAction.IRQ_ACTION_DEASSERT && i.action !== IrqAction.IRQ_ACTION_PULSE)
      return "interrupt.action: missing (IRQ_ACTION_ASSERT, _DEASSERT or _PULSE)";
    return undefined;
  }
  if (ev.observation != null) return ev.observation.name ? undefined : "observation.name: missing";
  if (ev.attach != null) {
    if (!ev.attach.id) return "attach.id: missing";
    if (!ev.attach.kind) return "attach.kind: missing";
    return undefined;
  }
  if (ev.detach != null) return ev.detach.id ? undefined : "detach.id: missing";
  if (ev.machine != null) return ev.machine.type ? undefined : "machine.type: missing";
  if (ev.marker != null) return undefined;
  return "payload: missing (one of mmio, pio, pciConfig, memory, barrier, interrupt, observation, attach, detach, machine, marker)";
}

/** What is wrong with the event, as a sentence that names the field; undefined if nothing. */
export function eventProblem(ev: EventProps): string | undefined {
  return payloadProblem(ev) ?? agentProblem(ev);
}
