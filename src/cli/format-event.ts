// One event as one human-readable line: seq, time, agent, kind and the payload in the
// words a driver developer uses (address ← value for writes, → for reads).
import { kindLetter, kindName } from "../schema/kinds.js";
import { type AgentProps, BarrierFlavour, BarrierKind, type EventProps, IrqAction } from "../schema/proto.js";

const hex = (n: number) => `0x${n.toString(16)}`;

export function formatBdf(bdf: number): string {
  const seg = bdf >>> 16;
  const bus = (bdf >>> 8) & 0xff;
  const dev = (bdf >>> 3) & 0x1f;
  const fn = bdf & 7;
  const p2 = (n: number) => n.toString(16).padStart(2, "0");
  return `${seg ? `${seg.toString(16).padStart(4, "0")}:` : ""}${p2(bus)}:${p2(dev)}.${fn}`;
}

export function formatAgent(a: AgentProps | null | undefined): string {
  if (a == null) return "-";
  if (a.cpu != null) return `cpu${a.cpu}`;
  if (a.device != null) return a.device;
  return "host";
}

export function formatTime(ns: number | null | undefined): string {
  if (ns == null) return "-";
  return `${(ns / 1e9).toFixed(9)}s`;
}

function arrow(write: boolean): string {
  return write ? "←" : "→";
}

function bytesPreview(data: Uint8Array, max = 16): string {
  const shown = Array.from(data.subarray(0, max), (b) => b.toString(16).padStart(2, "0")).join(" ");
  return data.length > max ? `${shown} …` : shown;
}

const BARRIER_NAMES: Record<number, string> = {
  [BarrierKind.BARRIER_KIND_FULL]: "mb",
  [BarrierKind.BARRIER_KIND_READ]: "rmb",
  [BarrierKind.BARRIER_KIND_WRITE]: "wmb",
};
const FLAVOUR_PREFIX: Record<number, string> = {
  [BarrierFlavour.BARRIER_FLAVOUR_MANDATORY]: "",
  [BarrierFlavour.BARRIER_FLAVOUR_SMP]: "smp_",
  [BarrierFlavour.BARRIER_FLAVOUR_DMA]: "dma_",
};
const IRQ_ACTIONS: Record<number, string> = {
  [IrqAction.IRQ_ACTION_ASSERT]: "assert",
  [IrqAction.IRQ_ACTION_DEASSERT]: "deassert",
  [IrqAction.IRQ_ACTION_PULSE]: "pulse",
};

/** The payload of an event in words. */
export function formatPayload(ev: EventProps): string {
  if (ev.mmio != null) {
    const m = ev.mmio;
    const size = m.size ?? 0;
    const value = size === 8 ? (BigInt(m.valueHi ?? 0) << 32n) | BigInt(m.value ?? 0) : BigInt(m.value ?? 0);
    return `${hex(m.addr ?? 0)} ${arrow(m.op === 2)} 0x${value.toString(16).padStart(size * 2, "0")} /${size}`;
  }
  if (ev.pio != null) {
    const p = ev.pio;
    return `port ${hex(p.port ?? 0)} ${arrow(p.op === 2)} 0x${(p.value ?? 0).toString(16).padStart((p.size ?? 0) * 2, "0")} /${p.size}`;
  }
  if (ev.pciConfig != null) {
    const c = ev.pciConfig;
    return `${formatBdf(c.bdf ?? 0)} +${hex(c.offset ?? 0)} ${arrow(c.op === 2)} 0x${(c.value ?? 0).toString(16).padStart((c.size ?? 0) * 2, "0")} /${c.size}`;
  }
  if (ev.memory != null) {
    const m = ev.memory;
    const fill = m.fillLength ?? 0;
    const what =
      fill > 0 ? `${fill} bytes of ${hex(m.fillByte ?? 0)}` : `${m.data?.length ?? 0} bytes ${bytesPreview(m.data ?? new Uint8Array())}`;
    return `${hex(m.addr ?? 0)} ${arrow(m.op === 2)} ${what}`;
  }
  if (ev.barrier != null) {
    return `${FLAVOUR_PREFIX[ev.barrier.flavour ?? 0] ?? "?"}${BARRIER_NAMES[ev.barrier.kind ?? 0] ?? "?"}`;
  }
  if (ev.interrupt != null) {
    const i = ev.interrupt;
    const target = i.msi != null ? `msi ${hex(i.msi.address ?? 0)} ← ${hex(i.msi.data ?? 0)}` : `line ${i.line ?? 0}`;
    return `${target} ${IRQ_ACTIONS[i.action ?? 0] ?? "?"}`;
  }
  if (ev.observation != null) {
    const args = (ev.observation.args ?? []).map((a) => {
      const v =
        a.uint != null ? hex(a.uint) : a.int != null ? String(a.int) : a.str != null ? a.str : a.raw != null ? bytesPreview(a.raw, 8) : "";
      return `${a.name}=${v}`;
    });
    return [ev.observation.name, ...args].join(" ");
  }
  if (ev.attach != null) {
    const a = ev.attach;
    const at = a.pciBdf != null ? ` at ${formatBdf(a.pciBdf)}` : a.mmioBase != null ? ` at ${hex(a.mmioBase)}+${hex(a.mmioSize ?? 0)}` : "";
    const irq = a.irq != null ? ` irq ${a.irq}` : "";
    const props = (a.props ?? []).map((p) => ` ${p.name}=${p.value}`).join("");
    return `${a.id} (${a.kind})${at}${irq}${props}`;
  }
  if (ev.detach != null) return ev.detach.id ?? "";
  if (ev.machine != null) return `${ev.machine.type} ram ${ev.machine.ramSize ? `${ev.machine.ramSize / 2 ** 20} MiB` : "?"}`;
  if (ev.marker != null) return JSON.stringify(ev.marker.text ?? "");
  return "";
}

/** The whole line: seq, time, agent, kind, payload and, when known, the source line. */
export function formatEvent(ev: EventProps, inputs: readonly string[] = []): string {
  const letter = kindLetter(ev);
  const kind = (letter && kindName(letter)) ?? "?";
  const src = ev.source != null ? `  (${inputs[ev.source.file ?? 0] ?? `input ${ev.source.file ?? 0}`}:${ev.source.line ?? 0})` : "";
  return `${String(ev.seq ?? 0).padStart(8)}  ${formatTime(ev.timeNs).padStart(14)}  ${formatAgent(ev.agent).padEnd(10)}  ${kind.padEnd(13)}  ${formatPayload(ev)}${src}`;
}
