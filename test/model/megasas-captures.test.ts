// The two real megasas captures (traces/qemu: QEMU 7.2, megasas on pc, megasas-gen2 on q35)
// through the model: zero divergences, zero guest errors, the summaries the driver's work
// implies, QEMU's own qtest log replaying the same way, reads changed to what no QEMU
// could answer caught at their event, and a state encoding that survives snapshot and
// restore at any point.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stateHash } from "../../src/engine/replay.js";
import { parseQtestText } from "../../src/io/qtest/parse-log.js";
import { inspect } from "../../src/model/machine/inspect.js";
import { Machine } from "../../src/model/machine/machine.js";
import { summarize } from "../../src/model/machine/summary.js";
import { megasasSetup } from "../../src/record/qtest/megasas-setups.js";
import { Access, type EventProps } from "../../src/schema/proto.js";
import { capture, run, until } from "./events.js";
import { HBAS, hbaOf, PRODUCER, REGS, REPLY_QUEUE } from "./megasas-session.js";

const CAPTURES = [
  { gen: "gen1", kind: "megasas", chipset: ["00:00.0", "00:01.0", "00:01.1", "00:01.3"], ports: { 0x43: 1, 0x4d0: 1, 0x4d1: 1 } },
  { gen: "gen2", kind: "megasas-gen2", chipset: ["00:00.0", "00:1f.0", "00:1f.2", "00:1f.3"], ports: { 0x43: 1 } },
] as const;

const COMMANDS = {
  "DCMD CTRL_CACHE_FLUSH": 1,
  "DCMD CTRL_GET_INFO": 1,
  "DCMD CTRL_SHUTDOWN": 1,
  "DCMD LD_GET_LIST": 1,
  INIT: 1,
  "LD READ": 2,
  "LD SCSI": 1,
  "LD WRITE": 1,
  "PD SCSI": 1,
};

describe.each(CAPTURES)("the QEMU 7.2 capture megasas-$gen", ({ gen, kind, chipset, ports }) => {
  const hba = HBAS[gen];
  const events = capture(hba.name);

  it("replays with no divergence and no guest error", () => {
    const m = run(events);
    expect(m.divergences).toEqual([]);
    expect(m.guestErrors).toEqual([]);
  });

  it("ends READY after CTRL_SHUTDOWN with every frame completed and the reply queue consumed up to the producer", () => {
    const d = summarize(run(events))[0];
    expect(d).toMatchObject({ id: hba.id, kind, transport: `${kind}, ${gen === "gen1" ? "SAS1078" : "SAS2108"}`, guestErrors: 0 });
    expect(d?.megasas).toEqual({
      generation: gen === "gen1" ? 1 : 2,
      fwState: "READY",
      fwStateWord: `0x${hba.word.toString(16)}`,
      maxCommands: hba.fwCmds,
      maxSge: 80,
      interruptsEnabled: true,
      interruptMode: "intx",
      replyQueue: { entries: hba.fwCmds, address: `0x${REPLY_QUEUE.toString(16)}`, producer: 9, consumer: 9 },
      framesPosted: 10,
      framesCompleted: 10,
      framesOutstanding: 0,
      commands: COMMANDS,
      pending: [],
    });
    // At least one interrupt per batch; QEMU's timing decides whether the three-frame batch takes more.
    expect(d?.interrupts).toBeGreaterThanOrEqual(6);
  });

  it("is OPERATIONAL with seven frames answered before the flush and shutdown", () => {
    const d = summarize(run(until(events, "megasas: flush and shut down")))[0]?.megasas;
    expect(d).toMatchObject({ fwState: "OPERATIONAL", framesPosted: 8, framesCompleted: 8, framesOutstanding: 0 });
    expect(d?.replyQueue).toMatchObject({ producer: 7, consumer: 7 });
  });

  it("shows the three frames of the second I/O batch in flight right after they are posted", () => {
    const at = events.findIndex((e) => e.marker?.text?.startsWith("megasas: request LD SCSI")) + 1;
    const posts = events.slice(at).filter((e) => e.mmio?.op === Access.ACCESS_WRITE && e.mmio.addr === REGS + 0x40);
    const third = events.indexOf(posts[2] as EventProps);
    const h = hbaOf(run(events.slice(0, third + 1)), gen);
    const pending = h.outstanding.map((q) => q.d.summary.replace(/ at 0x[0-9a-f]+/g, ""));
    // Some may have completed already (QEMU is fast); those still shown are the batch's, in post order.
    const batch = [
      "LD READ target 0 lba 0+2 (1024 bytes) into 1024 bytes",
      "PD SCSI 0:0 READ(10) lba 2047+1 into 512 bytes",
      "LD SCSI 0:0 INQUIRY 36 bytes into 36 bytes",
    ];
    expect(batch).toEqual(expect.arrayContaining(pending));
    const state = inspect(run(events.slice(0, third + 1)), hba.id).devices as { frames: { phase: string }[] }[];
    expect(state[0]?.frames.length).toBeGreaterThanOrEqual(3);
  });

  it("leaves only the chipset's own devices unmodelled and places every BAR access", () => {
    const m = run(events);
    expect(Object.fromEntries(m.unmodelledPorts)).toEqual(ports);
    const present = [...(m.pci?.chipset.values() ?? [])].filter((f) => !f.absent);
    expect(present.map((f) => f.name.replace("pci ", "")).sort()).toEqual([...chipset]);
    expect(hbaOf(m, gen).unplaced).toBe(0);
  });

  it("learns the device's constants: the state word, controller info, the drive at target 0", () => {
    const h = hbaOf(run(events), gen);
    expect(h.fwBits).toBe(hba.word & 0x0fff_ffff);
    expect(h.ctrlInfo.size).toBe(0x800 - 4); // all of mfi_ctrl_info but its clock
    expect(Object.fromEntries(h.present)).toEqual({ 0: true });
  });

  it("replays QEMU's own qtest log of the same run the same way", () => {
    const setup = megasasSetup(kind, "disk.img", "halt-64k.bin");
    const log = readFileSync(`traces/qemu/${hba.name}.qtest.log`, "utf8");
    const { events: fromLog } = parseQtestText(log, { file: hba.name, topology: setup.topology, strict: true });
    const m = run(fromLog);
    expect(m.divergences).toEqual([]);
    expect(m.guestErrors).toEqual([]);
    expect(summarize(m)[0]?.megasas).toEqual(summarize(run(events))[0]?.megasas);
  });

  it("encodes the state canonically: encode → decode → encode gives the same bytes after every event", () => {
    const m = new Machine();
    for (const ev of events) {
      m.apply(ev);
      const bytes = m.encode();
      expect(Buffer.from(Machine.decode(bytes).encode()).equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it.each([0.1, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9])(
    "restored from a snapshot at %f of the session, replaying the rest gives the full replay's state hash",
    (at) => {
      const cut = Math.floor(events.length * at);
      const full = run(events);
      const restored = Machine.decode(run(events.slice(0, cut)).encode());
      for (const ev of events.slice(cut)) restored.apply(ev);
      expect(stateHash(restored)).toBe(stateHash(full));
      expect(restored.divergences).toEqual([]);
    },
  );
});

/** The seq of the `nth` event matching `pred`. */
function find(events: EventProps[], pred: (e: EventProps) => boolean, nth = 0): number {
  const hits = events.flatMap((e, i) => (pred(e) ? [i] : []));
  const i = hits[nth];
  if (i === undefined) throw new Error("no such event");
  return i;
}

const regRead = (off: number) => (e: EventProps) => e.mmio?.op === Access.ACCESS_READ && e.mmio.addr === REGS + off;
const memRead = (addr: number, len?: number) => (e: EventProps) =>
  e.memory?.op === Access.ACCESS_READ && e.memory.addr === addr && (len === undefined || e.memory.data?.length === len);
/** The cmd_status read of the nth frame the driver checks (1-byte reads of frame + 2). */
const statusRead = (e: EventProps) =>
  e.memory?.op === Access.ACCESS_READ && e.memory.data?.length === 1 && ((e.memory.addr ?? 0) & 0x3f) === 2;

describe.each(["gen1", "gen2"] as const)("the model holds the megasas-%s capture to what QEMU can answer", (gen) => {
  const events = capture(HBAS[gen].name);
  const osts = HBAS[gen].osts;

  it.each<[string, (ev: EventProps[]) => number, (ev: EventProps) => void, string]>([
    [
      "the state word after INIT shown READY",
      (ev) => find(ev, regRead(0xb0), 2),
      (e) => ((e.mmio as { value: number }).value = HBAS[gen].word),
      "firmware state",
    ],
    // The first read teaches the constants; the one after the doorbell must repeat them.
    [
      "the state word after the doorbell with other limits",
      (ev) => find(ev, regRead(0xb0), 1),
      (e) => ((e.mmio as { value: number }).value = HBAS[gen].word + 1),
      "bits 27..0",
    ],
    [
      "the interrupt mask read back other than written",
      (ev) => find(ev, regRead(0x34), 1),
      (e) => ((e.mmio as { value: number }).value = 0),
      "OMSK",
    ],
    [
      "the outbound interrupt status with the other generation's bit",
      (ev) => find(ev, regRead(0x30)),
      (e) => ((e.mmio as { value: number }).value = osts ^ 0x8000_0000),
      "OSTS",
    ],
    [
      "the producer ahead of every completion",
      (ev) => find(ev, memRead(PRODUCER)),
      (e) => ((e.memory as { data: Uint8Array }).data = Uint8Array.from([3, 0, 0, 0])),
      "producer index",
    ],
    [
      "a reply entry naming no frame",
      (ev) => find(ev, memRead(REPLY_QUEUE, 4)),
      (e) => ((e.memory as { data: Uint8Array }).data = Uint8Array.from([9, 0, 0, 0])),
      "reply_queue[0] context",
    ],
    [
      "INIT's status other than OK",
      (ev) => find(ev, statusRead),
      (e) => ((e.memory as { data: Uint8Array }).data = Uint8Array.from([3])),
      "cmd_status",
    ],
    [
      "controller info naming another vendor",
      (ev) => find(ev, (e) => e.memory?.op === Access.ACCESS_READ && e.memory.data?.length === 0x800),
      (e) => {
        const d = Uint8Array.from((e.memory as { data: Uint8Array }).data);
        d[0] = 0x86;
        (e.memory as { data: Uint8Array }).data = d;
      },
      "controller info byte 0x0 (pci.vendor)",
    ],
    [
      "controller info with max_cmds other than the state word's",
      (ev) => find(ev, (e) => e.memory?.op === Access.ACCESS_READ && e.memory.data?.length === 0x800),
      (e) => {
        const d = Uint8Array.from((e.memory as { data: Uint8Array }).data);
        d[0x5b8] = 1;
        (e.memory as { data: Uint8Array }).data = d;
      },
      "max_cmds",
    ],
  ])("%s diverges at that event", (_what, at, change, what) => {
    const evs = capture(HBAS[gen].name);
    const seq = at(evs);
    const ev = structuredClone(evs[seq]) as EventProps;
    change(ev);
    evs[seq] = ev;
    const m = run(evs);
    expect(m.divergences.length).toBeGreaterThan(0);
    expect(m.divergences[0]?.seq).toBe(seq);
    expect(m.divergences[0]?.what).toContain(what);
  });

  it("the untouched capture has every event those changes aim at", () => {
    expect(find(events, regRead(0xb0), 2)).toBeGreaterThan(0);
    expect(find(events, memRead(PRODUCER))).toBeGreaterThan(0);
  });
});
