// The machine and devices a qtest session ran on. A qtest log does not say which machine
// QEMU emulated nor where its devices sit, but devtape needs both: the machine's RAM map
// tells a ring store in guest RAM from a device register write, and the devices' MMIO
// windows and IRQ lines name who raised an interrupt. The importer takes them from
// command-line flags (`--machine q35 --ram 128M --device virtio-blk-pci@00:03.0,irq=11`),
// the recorder from the QEMU configuration it launches; both emit the same topology events.
import type { DeviceAttachProps, EventProps } from "../../schema/proto.js";
import type { MachineType } from "../../model/machine/memory-map.js";

export interface DeviceSpec {
  /** Stable id, e.g. "virtio-blk@00:03.0" or "virtio-mmio@0xfeb00e00". */
  id: string;
  /** Device model, e.g. "virtio-blk-pci" or "virtio-mmio". */
  kind: string;
  /** PCI function: segment << 16 | bus << 8 | device << 3 | function. */
  pciBdf?: number;
  /** Base of a fixed MMIO window. */
  mmioBase?: number;
  mmioSize?: number;
  /** INTx line / GSI (the IOAPIC input QEMU reports as `IRQ raise N`). */
  irq?: number;
  props: { name: string; value: string }[];
}

export interface QtestTopology {
  machine: { type: MachineType; ramSize: number };
  devices: DeviceSpec[];
}

/** A size with an optional K/M/G suffix (binary units), as QEMU's -m takes it. */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+)([KMGT]?)(?:i?B)?$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = { "": 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 }[(m[2] ?? "").toUpperCase()] ?? 1;
  const n = Number(m[1]) * unit;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** "bb:dd.f" (or "ssss:bb:dd.f") as a BDF number, or undefined. */
export function parseBdf(text: string): number | undefined {
  const m = /^(?:([0-9a-f]{1,4}):)?([0-9a-f]{1,2}):([0-9a-f]{1,2})\.([0-7])$/i.exec(text);
  if (!m) return undefined;
  const [seg, bus, dev, fn] = [m[1] ?? "0", m[2], m[3], m[4]].map((s) => Number.parseInt(s as string, 16)) as number[];
  if ((dev as number) > 31) return undefined;
  return ((seg as number) << 16) | ((bus as number) << 8) | ((dev as number) << 3) | (fn as number);
}

export function formatBdf(bdf: number): string {
  const hex = (n: number, w: number) => n.toString(16).padStart(w, "0");
  const seg = bdf >>> 16;
  const s = `${hex((bdf >> 8) & 0xff, 2)}:${hex((bdf >> 3) & 0x1f, 2)}.${bdf & 7}`;
  return seg ? `${hex(seg, 4)}:${s}` : s;
}

/** The default id of a device: its kind without a "-pci"/"-device" suffix, @ its location. */
export function defaultDeviceId(kind: string, location: { pciBdf?: number; mmioBase?: number }): string {
  const where = location.pciBdf !== undefined ? formatBdf(location.pciBdf) : `0x${(location.mmioBase ?? 0).toString(16)}`;
  return `${kind.replace(/-(pci|device)$/, "")}@${where}`;
}

/**
 * Parses `KIND@LOCATION[,prop=value…]`: LOCATION is a PCI address (bb:dd.f) or a 0x-hex MMIO
 * base. The properties `irq=N`, `size=N` (MMIO window, default 0x200 for virtio-mmio) and
 * `id=NAME` set those fields; every other property is kept as a device property. Returns a
 * sentence saying what is wrong instead of a spec when the text does not parse.
 */
export function parseDeviceSpec(text: string): DeviceSpec | string {
  const [head = "", ...rest] = text.split(",");
  const at = head.lastIndexOf("@");
  if (at <= 0 || at === head.length - 1) return `'${text}' is not KIND@LOCATION[,prop=value…] (e.g. virtio-blk-pci@00:03.0,irq=11)`;
  const kind = head.slice(0, at);
  const loc = head.slice(at + 1);
  const spec: DeviceSpec = { id: "", kind, props: [] };
  const bdf = parseBdf(loc);
  if (bdf !== undefined) spec.pciBdf = bdf;
  else if (/^0x[0-9a-f]+$/i.test(loc) && Number(loc) <= Number.MAX_SAFE_INTEGER) spec.mmioBase = Number(loc);
  else return `location '${loc}' of '${text}' is neither a PCI address (bb:dd.f) nor a 0x-hex MMIO base`;
  let id: string | undefined;
  for (const p of rest) {
    const eq = p.indexOf("=");
    if (eq <= 0) return `property '${p}' of '${text}' is not name=value`;
    const name = p.slice(0, eq);
    const value = p.slice(eq + 1);
    const num = /^(0x[0-9a-f]+|\d+)$/i.test(value) ? Number(value) : Number.NaN;
    if (name === "irq") {
      if (!Number.isInteger(num) || num > 0xffff) return `irq '${value}' of '${text}' is not an IRQ number`;
      spec.irq = num;
    } else if (name === "size") {
      if (spec.mmioBase === undefined) return `size= applies to MMIO devices, but '${text}' sits at a PCI address`;
      const n = Number.isInteger(num) ? num : parseSize(value);
      if (n === undefined || !(n > 0)) return `size '${value}' of '${text}' is not a size`;
      spec.mmioSize = n;
    } else if (name === "id") {
      if (value === "") return `id of '${text}' is empty`;
      id = value;
    } else {
      spec.props.push({ name, value });
    }
  }
  if (spec.mmioBase !== undefined && spec.mmioSize === undefined) {
    if (!kind.startsWith("virtio-mmio")) return `'${text}' needs size=… (the size of its MMIO window)`;
    spec.mmioSize = 0x200;
  }
  spec.id = id ?? defaultDeviceId(kind, spec);
  return spec;
}

/** The topology events a session starts with: the machine, then each device's attach. */
export function topologyEvents(t: QtestTopology): EventProps[] {
  const host = { host: true };
  const events: EventProps[] = [{ agent: host, machine: { type: t.machine.type, ramSize: t.machine.ramSize } }];
  for (const d of t.devices) {
    const attach: DeviceAttachProps = { id: d.id, kind: d.kind, props: d.props.map((p) => ({ ...p })) };
    if (d.pciBdf !== undefined) attach.pciBdf = d.pciBdf;
    if (d.mmioBase !== undefined) {
      attach.mmioBase = d.mmioBase;
      attach.mmioSize = d.mmioSize ?? 0;
    }
    if (d.irq !== undefined) attach.irq = d.irq;
    events.push({ agent: host, attach });
  }
  return events;
}
