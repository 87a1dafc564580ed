// The committed Linux boots with the real megaraid_sas driver (traces/qemu/linux-boot-megasas
// and linux-boot-megasas-gen2: QEMU 7.2 trace logs, megasas on pc and megasas-gen2 on q35)
// imported and replayed: the register accesses at the driver's width though QEMU traced 8
// bytes, zero divergences and zero guest errors with or without a machine event, the work
// the HBA's own trace points say it did (frames, commands, completions, MSI-X interrupts)
// counted from the log's text and found in the model's state, the firmware OPERATIONAL in
// the middle and READY at the end, reads changed to what no QEMU could answer caught, and a
// state that survives snapshot and restore.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stateHash } from "../../src/engine/replay.js";
import { parseQemuTraceText } from "../../src/io/qemu-trace/parse-log.js";
import { TraceCatalog } from "../../src/io/qemu-trace/trace-events.js";
import { Machine } from "../../src/model/machine/machine.js";
import { megasasSummary } from "../../src/model/machine/summary.js";
import type { Megasas } from "../../src/model/megasas/megasas.js";
import { outcome, replayEvents as replay } from "../helpers/trace-replay.js";

const catalog = TraceCatalog.load("test/fixtures/qemu-trace/trace-events-7.2");

const BOOTS = [
  { base: "linux-boot-megasas", id: "megasas@00:04.0", machine: "pc", gen: 1, word: 0x045003e8 },
  { base: "linux-boot-megasas-gen2", id: "megasas-gen2@00:04.0", machine: "q35", gen: 2, word: 0x045003f0 },
] as const;

function parse(text: string, name: string) {
  return parseQemuTraceText(text, { catalog, files: [name], strict: true });
}

/** Lines of the log whose trace point is `name` (and that contain `having`). */
const count = (lines: string[], name: string, having = "") => lines.filter((l) => l.includes(`:${name} `) && l.includes(having)).length;

describe.each(BOOTS)("the Linux boot $base", ({ base, id, machine, gen, word }) => {
  const text = readFileSync(`traces/qemu/${base}.trace.log`, "utf8");
  const lines = text.split("\n");
  const r = parse(text, `${base}.trace.log`);
  const hba = (m: Machine) => m.devices.get(id) as Megasas;

  it("is small and imports cleanly, the HBA's registers at the driver's 4 bytes though QEMU traced its 8-byte handler calls", () => {
    expect(text.length).toBeLessThan(1 << 20);
    expect(r.stats).toMatchObject({ skipped: 0, otherLines: 0, unreadable: 0, configWidthsInferred: 0, unplacedAccesses: 0 });
    expect(r.devices.map((d) => d.id)).toContain(id);
    const traced = lines.filter((l) => l.includes("name 'megasas-mmio'"));
    expect(traced.length).toBeGreaterThan(300);
    for (const l of traced) expect(l).toMatch(/ size 8 name/);
    const registers = r.events.filter((ev) => ev.mmio && (lines[(ev.source?.line ?? 0) - 1] ?? "").includes("'megasas-mmio'"));
    expect(registers).toHaveLength(traced.length);
    expect(new Set(registers.map((ev) => ev.mmio?.size))).toEqual(new Set([4]));
    // The driver's own accesses are the vCPU's; the HBA's trace points are the HBA's.
    for (const ev of registers) expect(ev.agent).toEqual({ cpu: 0 });
    const points = r.events.filter((ev) => ev.observation?.name?.startsWith("megasas_qf_"));
    expect(points.length).toBeGreaterThan(500);
    for (const ev of points) expect(ev.agent).toEqual({ device: id });
  });

  it.each([["with", machine] as const, ["without", undefined] as const])(
    "replays %s a machine event with no divergence and no guest error",
    (_with, type) => {
      expect(outcome(replay(r.events, type))).toEqual({ divergences: [], guestErrors: [] });
    },
  );

  it("did the work the HBA's trace points show: every frame, command, completion and MSI-X interrupt", () => {
    const m = replay(r.events, machine);
    const posted = count(lines, "megasas_qf_new");
    const dcmds: Record<string, number> = {};
    for (const l of lines) {
      const name = /:megasas_dcmd_enter scmd \d+: DCMD (\S+) len/.exec(l)?.[1];
      if (name !== undefined) dcmds[`DCMD ${name}`] = (dcmds[`DCMD ${name}`] ?? 0) + 1;
    }
    const known = {
      ...dcmds,
      INIT: count(lines, "megasas_init_firmware"),
      "LD READ": count(lines, "megasas_handle_io", "LD Read"),
      "LD WRITE": count(lines, "megasas_handle_io", "LD Write"),
      ABORT: count(lines, "megasas_abort_frame"),
    };
    // What is left is SeaBIOS's and Linux's pass-through to logical drives (INQUIRY, READ CAPACITY, the LD scan, …).
    const passThrough = posted - Object.values(known).reduce((a, b) => a + b, 0);
    const s = megasasSummary(hba(m));
    expect(s.commands).toEqual({ ...known, "LD SCSI": passThrough });
    expect(passThrough).toBeGreaterThan(150);
    expect(known).toMatchObject({
      INIT: 1,
      "DCMD CTRL_GET_INFO": 1,
      "DCMD PD_LIST_QUERY": 1,
      "DCMD LD_LIST_QUERY": 1,
      "DCMD CTRL_EVENT_WAIT": 1,
      "DCMD CTRL_CACHE_FLUSH": 1,
      "DCMD CTRL_SHUTDOWN": 1,
      "LD WRITE": 1,
      ABORT: 1,
    });
    // Every frame completed but the event wait QEMU keeps until the reset at power-off.
    expect(s).toMatchObject({
      generation: gen,
      fwState: "READY",
      fwStateWord: `0x${(0xb000_0000 + word).toString(16)}`,
      interruptsEnabled: false,
      interruptMode: "msix",
      replyQueue: null,
      framesPosted: posted,
      framesCompleted: posted - (dcmds["DCMD CTRL_EVENT_WAIT"] ?? 0),
      framesOutstanding: 0,
    });
    // One MSI-X message per completion QEMU announced with interrupts enabled.
    const raised = count(lines, "megasas_msix_raise");
    expect(raised).toBeGreaterThan(150);
    expect(hba(m).interrupts).toBe(raised);
    expect(r.events.filter((ev) => ev.interrupt?.msi && ev.agent?.device === id)).toHaveLength(raised);
  });

  it("is OPERATIONAL with the traced reply queue while Linux does its I/O", () => {
    const at = r.events.findIndex((ev) => ev.observation?.name === "megasas_io_write_start");
    expect(at).toBeGreaterThan(0);
    const m = replay(r.events.slice(0, at + 1), machine);
    const queue = /:megasas_init_queue queue at 0x([0-9a-f]+) len (\d+)/.exec(text);
    const s = megasasSummary(hba(m));
    expect(s).toMatchObject({
      fwState: "OPERATIONAL",
      fwStateWord: `0x${(0xc000_0000 + word).toString(16)}`,
      interruptsEnabled: true,
      interruptMode: "msix",
      replyQueue: { entries: Number(queue?.[2]), address: `0x${queue?.[1]}` },
    });
    // The LD WRITE just posted (sector 8 with O_SYNC, 4 KiB from the page cache) and the event wait are QEMU's.
    expect(s.pending).toEqual([expect.stringContaining("DCMD CTRL_EVENT_WAIT"), expect.stringContaining("LD WRITE target 0 lba 8+8")]);
  });

  it("catches a completion QEMU traced for a context no frame in flight has", () => {
    let n = 0;
    const changed = text.replace(/(megasas_qf_complete context 0x)[0-9a-f]+/g, (all, head: string) =>
      ++n === 20 ? `${head}7eadbeef` : all,
    );
    const events = parse(changed, `${base}.trace.log`).events;
    const m = replay(events, machine);
    expect(m.divergences[0]).toMatchObject({ what: "megasas_qf_complete (trace) context", observed: "0x7eadbeef" });
    // Nothing before it: the model took every other completion of the log.
    expect(replay(parse(text, `${base}.trace.log`).events, machine).divergences).toEqual([]);
  });

  it.each<[string, (t: string) => string, string]>([
    [
      "the firmware READY right after INIT",
      (t) => t.replace(/(megasas_init_queue[^]*?addr 0x[0-9a-f]+b0 value 0x)c/, "$1b"),
      "OSP0 firmware state",
    ],
    [
      "the outbound interrupt status set while QEMU interrupts with MSI-X",
      (t) => t.replace(/(megasas_msix_raise[^]*?addr 0x[0-9a-f]+30 value 0x)0 /, "$11 "),
      "OSTS",
    ],
    ["INIT that QEMU never answered", (t) => t.replace(/\n[^\n]*megasas_init_queue [^\n]*/, ""), "OSP0 firmware state"],
  ])("catches what no QEMU could have done: %s", (_name, change, what) => {
    const changed = change(text);
    expect(changed).not.toBe(text);
    const m = replay(parse(changed, `${base}.trace.log`).events, machine);
    // The first thing found is the change (a model that believes the read may find more after it).
    expect(m.divergences[0]?.what).toContain(what);
    expect(m.guestErrors).toEqual([]);
  });

  it("encodes its state canonically: a snapshot taken anywhere restores to the same bytes and the same end", () => {
    const straight = replay(r.events, machine);
    const m = replay([], machine);
    let restored = m;
    r.events.forEach((ev, i) => {
      restored.apply(ev);
      if (i % 211 === 0) {
        const bytes = restored.encode();
        restored = Machine.decode(bytes);
        expect(restored.encode()).toEqual(bytes);
      }
    });
    expect(stateHash(restored)).toBe(stateHash(straight));
  });
});
