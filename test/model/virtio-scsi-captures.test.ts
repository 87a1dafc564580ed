// The four real virtio-scsi captures (traces/qemu: QEMU 7.2, virtio-mmio v1 and v2 on
// microvm, legacy virtio-pci on pc, modern on q35) through the model: zero divergences and
// guest errors, the three queues the driver's work implies with every request decoded and
// counted by kind, requests in flight shown decoded, QEMU's own log replaying the same way,
// used lengths held exactly to QEMU's rule, sense_size/cdb_size writes and their reset, and
// a state encoding that survives snapshot and restore.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stateHash } from "../../src/engine/replay.js";
import { parseQtestText } from "../../src/io/qtest/parse-log.js";
import { GuestMemory } from "../../src/model/guest-memory.js";
import { Machine } from "../../src/model/machine/machine.js";
import { summarize } from "../../src/model/machine/summary.js";
import { scsiChainDecoder } from "../../src/model/virtio-scsi/decode.js";
import { defaultScsiPlan } from "../../src/record/capture-virtio-scsi.js";
import { VIRTIO_BLK_TRANSPORTS, virtioScsiSetup } from "../../src/record/qtest/virtio-blk-setups.js";
import { Access, type EventProps } from "../../src/schema/proto.js";
import { capture, deviceSummary, le, run, until } from "./events.js";

const TRANSPORTS = [
  { transport: "mmio-v1", kind: "virtio-mmio v1", size: 16, resetSizes: [] as number[] },
  { transport: "mmio-v2", kind: "virtio-mmio v2", size: 16, resetSizes: [] as number[] },
  { transport: "pci-legacy", kind: "virtio-pci legacy", size: 256, resetSizes: [256, 256, 256] },
  { transport: "pci-modern", kind: "virtio-pci modern", size: 16, resetSizes: [256, 256, 256] },
] as const;

/** SCSI opcode names (SPC-4, SBC-3), written here apart from the model's table. */
const OPCODES: Record<number, string> = {
  0x00: "TEST UNIT READY",
  0x12: "INQUIRY",
  0x25: "READ CAPACITY(10)",
  0x28: "READ(10)",
  0x2a: "WRITE(10)",
  0x35: "SYNCHRONIZE CACHE(10)",
  0xa0: "REPORT LUNS",
};

/** What the model must count: the driver's plan by queue and kind, and its four event buffers. */
function plannedRequests(): Record<string, number> {
  const out: Record<string, number> = { "1: event buffer": 4 };
  for (const r of defaultScsiPlan().flat()) {
    const key = r.type === "cmd" ? `2: ${OPCODES[r.cdb[0] as number]}` : r.type === "tmf" ? "0: TMF ABORT_TASK" : "0: AN_QUERY";
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

/** The driver's read of a used element (8 bytes: id, len) whose len is `len`, first after `from`. */
function usedRead(events: EventProps[], len: number, from = 0): number {
  const i = events.findIndex(
    (e, k) =>
      k >= from &&
      e.memory?.op === Access.ACCESS_READ &&
      e.memory.data?.length === 8 &&
      new DataView(e.memory.data.buffer, e.memory.data.byteOffset).getUint32(4, true) === len,
  );
  if (i < 0) throw new Error(`no used element of length ${len}`);
  return i;
}

const markerAt = (events: EventProps[], text: string) => {
  const i = events.findIndex((e) => e.marker?.text?.includes(text));
  if (i < 0) throw new Error(`no marker '${text}'`);
  return i;
};

describe.each(TRANSPORTS)("the QEMU 7.2 capture virtio-scsi-$transport", ({ transport, kind, size, resetSizes }) => {
  const name = `virtio-scsi-${transport}`;
  const events = capture(name);

  it("replays with no divergence and no guest error", () => {
    const m = run(events);
    expect(m.divergences).toEqual([]);
    expect(m.guestErrors).toEqual([]);
    expect(deviceSummary(m)).toMatchObject({ transport: kind, deviceType: 8 });
  });

  it("before the driver's reset: control, event and request queue with every request completed but the event buffers, each counted by kind", () => {
    const d = deviceSummary(run(until(events, "virtio-scsi: reset on remove")));
    expect(d.statusNames).toContain("DRIVER_OK");
    const planned = defaultScsiPlan().flat();
    const commands = planned.filter((r) => r.type === "cmd").length;
    const control = planned.length - commands;
    const buffer = "event buffer of 16 bytes";
    expect(d.queues).toEqual([
      { index: 0, size, availIdx: control, usedIdx: control, completed: control, inFlight: 0, pending: [] },
      { index: 1, size, availIdx: 4, usedIdx: 0, completed: 0, inFlight: 4, pending: [0, 1, 2, 3].map((h) => `head ${h}: ${buffer}`) },
      { index: 2, size, availIdx: commands, usedIdx: commands, completed: commands, inFlight: 0, pending: [] },
    ]);
    expect(d.requests).toEqual(plannedRequests());
  });

  it("shows the requests in flight decoded: READ(10) and WRITE(10) between their notify and the interrupt", () => {
    const w = markerAt(events, "CDB 2a");
    const irq = events.findIndex((e, i) => i > w && e.interrupt != null);
    const q = deviceSummary(run(events.slice(0, irq))).queues?.[2];
    expect(q?.inFlight).toBe(2);
    expect(q?.pending[0]).toMatch(/^head \d+: target 0 lun 0 tag 6 READ\(10\) lba 0\+2, 1024 bytes in$/);
    expect(q?.pending[1]).toMatch(/^head \d+: target 0 lun 0 tag 7 WRITE\(10\) lba 8\+1, 512 bytes out$/);
  });

  it("ends reset: status 0, the queues back to the device's sizes and empty, the request counts kept", () => {
    const d = deviceSummary(run(events));
    expect(d.status).toBe(0);
    expect(d.queues?.map((q) => q.size)).toEqual(resetSizes);
    expect(d.queues?.every((q) => q.inFlight === 0 && q.usedIdx === 0)).toBe(true);
    expect(d.requests).toEqual(plannedRequests());
  });

  it("replays QEMU's own qtest log of the same run the same way", () => {
    const setup = virtioScsiSetup(transport, "disk.img", "halt-64k.bin");
    const log = readFileSync(`traces/qemu/${name}.qtest.log`, "utf8");
    const { events: fromLog } = parseQtestText(log, { file: name, topology: setup.topology, strict: true });
    const m = run(fromLog);
    expect(m.divergences).toEqual([]);
    expect(m.guestErrors).toEqual([]);
    const { requests, queues, status } = deviceSummary(m);
    expect({ requests, queues, status }).toEqual(
      (({ requests, queues, status }) => ({ requests, queues, status }))(deviceSummary(run(events))),
    );
  });

  it.each([
    // [what the driver reads, changed to, expected divergence]
    ["a WRITE(10) of one block, used with QEMU's 512 + 108", 620, 108],
    ["the ABORT TASK, used with its 1-byte response", 1, 0],
    ["the AN query, used with its 5-byte response", 5, 1],
  ])("holds used lengths to QEMU's rule: %s", (_what, len, wrong) => {
    const from = len === 620 ? 0 : markerAt(events, len === 1 ? "TMF ABORT_TASK" : "AN query");
    const at = usedRead(events, len, from);
    const changed = events.slice();
    const ev = structuredClone(events[at]) as EventProps;
    const data = Uint8Array.from(ev.memory?.data ?? []);
    new DataView(data.buffer).setUint32(4, wrong, true);
    (ev.memory as NonNullable<EventProps["memory"]>).data = data;
    changed[at] = ev;
    const m = run(changed);
    expect(m.divergences).toHaveLength(1);
    expect(m.divergences[0]).toMatchObject({ seq: at, observed: String(wrong), allowed: String(len) });
    expect(m.divergences[0]?.what).toMatch(/^queue [02] used\.ring\[\d+\]\.len for head \d+$/);
  });

  it.each([0.2, 0.5, 0.8])("restored from a snapshot at %f of the session, replaying the rest gives the full replay's state hash", (at) => {
    const cut = Math.floor(events.length * at);
    const restored = Machine.decode(run(events.slice(0, cut)).encode());
    for (const ev of events.slice(cut)) restored.apply(ev);
    expect(stateHash(restored)).toBe(stateHash(run(events)));
    expect(Buffer.from(restored.encode()).equals(Buffer.from(run(events).encode()))).toBe(true);
  });
});

describe("virtio-scsi's writable configuration (sense_size at 0x14, cdb_size at 0x18)", () => {
  // virtio-mmio v2: the device at 0xfeb00e00, its configuration from 0x100.
  const events = capture("virtio-scsi-mmio-v2");
  const CONFIG = 0xfeb0_0e00 + 0x100;
  const cpuWrite = (addr: number, value: number): EventProps => ({
    agent: { cpu: 0 },
    mmio: { op: Access.ACCESS_WRITE, addr, size: 4, value },
  });
  /** The capture with `extra` events spliced in just before the first command. */
  const withBeforeFirstCommand = (...extra: EventProps[]) => {
    const at = markerAt(events, "virtio-scsi: command");
    return [...events.slice(0, at), ...extra, ...events.slice(at)].map((e, i) => ({ ...e, seq: i }));
  };

  it("is read as the spec's defaults after the driver's reset, so another value diverges", () => {
    const read = events.findIndex((e) => e.mmio?.op === Access.ACCESS_READ && e.mmio.addr === CONFIG + 0x14);
    expect(events[read]?.mmio?.value).toBe(96);
    const changed = events.slice();
    changed[read] = { ...events[read], mmio: { ...events[read]?.mmio, value: 64 } } as EventProps;
    expect(run(changed).divergences[0]).toMatchObject({ seq: read, what: "config byte 0x14", observed: "0x40", allowed: "0x60" });
  });

  it("keeps a smaller cdb_size, which the driver's 51-byte headers still satisfy, until the reset restores 32", () => {
    const spliced = withBeforeFirstCommand(cpuWrite(CONFIG + 0x18, 16));
    const cdbSize = (m: Machine) => [0x18, 0x19, 0x1a, 0x1b].map((o) => [...m.devices.values()][0]?.core?.config.get(o));
    const before = run(until(spliced, "virtio-scsi: reset on remove"));
    expect(cdbSize(before)).toEqual(le(16, 4));
    const m = run(spliced);
    expect(m.divergences).toEqual([]);
    expect(m.guestErrors).toEqual([]);
    expect(cdbSize(m)).toEqual(le(32, 4));
  });

  it("refuses the driver's 51-byte headers once cdb_size is 64: the device stops as QEMU's does", () => {
    const m = run(withBeforeFirstCommand(cpuWrite(CONFIG + 0x18, 64)));
    expect(m.guestErrors[0]?.why).toMatch(
      /^queue 2 head \d+ \(target 0 lun 0 tag 1 TEST UNIT READY\): wrong size for virtio-scsi headers: 51 readable and 108 writable bytes, the request needs 83 and 108; the device stops \(virtio_error\) until it is reset$/,
    );
    // Broken with VIRTIO_F_VERSION_1 after DRIVER_OK: the ISR shows a configuration change the capture does not.
    expect(m.divergences[0]?.what).toBe("InterruptStatus");
  });

  it("refuses a sense_size of 65536 or more without keeping it", () => {
    const m = run(withBeforeFirstCommand(cpuWrite(CONFIG + 0x14, 0x10000)));
    expect(m.guestErrors[0]?.why).toMatch(/^bad data written to config space \(sense_size 65536, cdb_size 32\)/);
    const dev = [...m.devices.values()][0];
    expect(dev?.core?.config.get(0x16)).toBe(0);
  });
});

describe("virtio-scsi request decoding (QEMU's used length)", () => {
  const mem = new GuestMemory();
  const header = new Uint8Array(51);
  header.set([1, 0, 0, 0], 0);
  header.set([0x2a, 0, 0, 0, 0, 8, 0, 0, 1, 0], 19);
  mem.write(0x1000, header);
  const view = { cdbSize: 32, senseSize: 96, anyLayout: false };

  it("counts a WRITE's data-out and the response header, not only bytes written", () => {
    const d = scsiChainDecoder(2, view)(
      [
        { addr: 0x1000, len: 51, write: false },
        { addr: 0x2000, len: 512, write: false },
        { addr: 0x3000, len: 108, write: true },
      ],
      mem,
    );
    expect(d).toEqual({ expectedLen: 620, summary: "target 0 lun 0 tag 0 WRITE(10) lba 8+1, 512 bytes out", kind: "WRITE(10)" });
  });

  it("without ANY_LAYOUT skips whole first buffers; with it, the header sizes", () => {
    // Header and data-out in one 563-byte buffer, response padded to 200 bytes.
    const chain = [
      { addr: 0x1000, len: 563, write: false },
      { addr: 0x3000, len: 200, write: true },
    ];
    expect(scsiChainDecoder(2, view)(chain, mem).expectedLen).toBe(108);
    expect(scsiChainDecoder(2, { ...view, anyLayout: true })(chain, mem).expectedLen).toBe(512 + 92 + 108);
  });

  it("gives an event buffer its whole length; one shorter than virtio_scsi_event is only noted (QEMU parses it when it reports an event)", () => {
    expect(scsiChainDecoder(1, view)([{ addr: 0x4000, len: 16, write: true }], mem).expectedLen).toBe(16);
    const short = scsiChainDecoder(1, view)([{ addr: 0x4000, len: 8, write: true }], mem);
    expect(short.error).toBeUndefined();
    expect(short.summary).toMatch(/^event buffer of 8 bytes \(too short: wrong size for virtio-scsi headers/);
  });

  it("refuses a command chain shorter than the request header, and a control request without a type", () => {
    const d = scsiChainDecoder(2, view)(
      [
        { addr: 0x1000, len: 40, write: false },
        { addr: 0x3000, len: 108, write: true },
      ],
      mem,
    );
    expect(d.expectedLen).toBeUndefined();
    expect(d.error).toBe("wrong size for virtio-scsi headers: 40 readable and 108 writable bytes, the request needs 51 and 108");
    expect(scsiChainDecoder(0, view)([{ addr: 0x3000, len: 8, write: true }], mem).error).toBe(
      "wrong size for virtio-scsi headers: a control request of 0 readable bytes has no type",
    );
  });

  it("decodes a TMF's subtype, LUN and tag", () => {
    mem.write(0x7000, Uint8Array.from([...le(0, 4), ...le(5, 4), 1, 2, 0x40, 3, 0, 0, 0, 0, ...le(99, 8)]));
    const d = scsiChainDecoder(0, view)(
      [
        { addr: 0x7000, len: 24, write: false },
        { addr: 0x8000, len: 1, write: true },
      ],
      mem,
    );
    expect(d).toEqual({ expectedLen: 1, summary: "TMF LOGICAL_UNIT_RESET target 2 lun 3 tag 99", kind: "TMF LOGICAL_UNIT_RESET" });
  });

  it("completes a control request of an unknown type with length 0", () => {
    mem.write(0x5000, Uint8Array.from(le(7, 4)));
    expect(
      scsiChainDecoder(0, view)(
        [
          { addr: 0x5000, len: 4, write: false },
          { addr: 0x6000, len: 1, write: true },
        ],
        mem,
      ),
    ).toEqual({
      expectedLen: 0,
      summary: "control request of unknown type 7",
      kind: "control (unknown type)",
    });
  });
});

it("covers every transport the setups offer", () => {
  expect(TRANSPORTS.map((t) => t.transport)).toEqual([...VIRTIO_BLK_TRANSPORTS]);
});
