// The megasas model reading QEMU's megasas_* trace points (src/model/megasas/trace-points.ts)
// where the capture shows no guest memory: Given the HBA as a committed capture left it, When
// the driver posts frames the model cannot read and QEMU's points say what they were and how
// they ended, Then the model's frames, firmware, reply queue and doorbell follow QEMU, and
// what contradicts QEMU's configuration or the driver's duty is still reported.
import { describe, expect, it } from "vitest";
import { inspect } from "../../src/model/machine/inspect.js";
import { megasasSummary } from "../../src/model/machine/summary.js";
import { AT, hbaOf, HbaSession, outcome, R, TEST_FRAMES } from "./megasas-session.js";

const F = TEST_FRAMES;
const G = TEST_FRAMES + 0x40;

type Arg = { name: string; uint?: number; int?: number; str?: string };
const u = (name: string, uint: number): Arg => ({ name, uint });
const i = (name: string, int: number): Arg => ({ name, int });
const s = (name: string, str: string): Arg => ({ name, str });

/** A session of generation 2 at a marker, with QEMU's trace points as the HBA's observations. */
class Traced extends HbaSession {
  static from(marker: string): Traced {
    const base = HbaSession.at("gen2", marker);
    return new Traced(base.hba, base.events);
  }

  point(name: string, ...args: Arg[]): this {
    return this.push({ agent: { device: this.hba.id }, observation: { name, args } });
  }

  /** megasas_qf_new + megasas_qf_enqueue: QEMU took the frame at `addr` as command `index` with `context`. */
  taken(index: number, addr: number, context: number, head = 0): this {
    return this.point("megasas_qf_new", u("index", index), u("frame", addr)).point(
      "megasas_qf_enqueue",
      u("index", index),
      u("count", 0),
      u("context", context),
      u("head", head),
      u("tail", head),
      u("busy", 1),
    );
  }

  /** megasas_qf_complete, then megasas_qf_update (interrupts enabled) and the INTx raise. */
  completed(context: number, head: number): this {
    return this.point("megasas_qf_complete", u("context", context), u("head", head), u("tail", head), i("busy", 0))
      .point("megasas_qf_update", u("head", head + 1), u("tail", head), u("busy", 0))
      .point("megasas_irq_raise");
  }
}

const frames = (t: Traced) => (inspect(t.run()).devices as { frames?: Record<string, unknown>[] }[]).find((d) => d.frames)?.frames ?? [];

describe("megasas frames known only from QEMU's trace points", () => {
  it("an LD SCSI command to a missing target: DEVICE_NOT_FOUND at once, its context in the reply queue, the INTx doorbell rung", () => {
    const t = Traced.from(AT.operational)
      .post(F)
      .taken(0, F, 7)
      .point("megasas_scsi_target_not_present", s("frame", "LD SCSI"), i("bus", 1), i("dev", 5), i("lun", 0))
      .completed(7, 0)
      .readReg(R.OSTS, 0x1)
      .readReg(R.ODCR0, 1);
    expect(outcome(t.run())).toEqual({ guestErrors: [], divergences: [] });
    expect(frames(t).at(-1)).toMatchObject({
      command: "LD SCSI",
      target: 5,
      context: "0x7",
      phase: "completed",
      status: "0xc DEVICE_NOT_FOUND",
    });
    const m = t.run();
    expect(hbaOf(m).present.get(5 << 8)).toBe(false);
    expect(megasasSummary(hbaOf(m)).replyQueue).toMatchObject({ producer: 1 });
  });

  it("an LD READ completed later with CHECK CONDITION: SCSI_DONE_WITH_ERROR and the SCSI status", () => {
    const t = Traced.from(AT.operational)
      .post(F)
      .taken(1, F, 9)
      .point("megasas_handle_io", i("cmd", 1), s("frame", "LD Read"), i("dev", 0), i("lun", 0), u("lba", 8), u("count", 1));
    expect(megasasSummary(hbaOf(t.run())).pending).toEqual([expect.stringContaining("LD READ target 0 lba 8+1")]);
    t.point("megasas_command_complete", i("cmd", 1), u("status", 2), u("resid", 0)).completed(9, 0);
    expect(frames(t).at(-1)).toMatchObject({
      command: "LD READ",
      phase: "completed",
      status: "0x2d SCSI_DONE_WITH_ERROR",
      scsiStatus: "0x2",
    });
    expect(outcome(t.run())).toEqual({ guestErrors: [], divergences: [] });
  });

  it("INIT from its points: OPERATIONAL with the queue QEMU traced, whose index addresses stay unknown", () => {
    const ready = Traced.from(AT.ready);
    const word = ready.hba.word;
    const t = ready
      .post(F)
      .taken(0, F, 0)
      .point("megasas_init_firmware", u("pa", F + 0x40))
      .point("megasas_init_queue", u("queue_pa", 0x30_0000), i("queue_len", 64), u("head", 0), u("tail", 0), u("flags", 0))
      .point("megasas_qf_complete", u("context", 0), u("head", 0), u("tail", 0), i("busy", 0))
      .point("megasas_qf_complete_noirq", u("context", 0))
      .readReg(R.OSP0, ((word & 0x0fff_ffff) | 0xc000_0000) >>> 0);
    expect(outcome(t.run())).toEqual({ guestErrors: [], divergences: [] });
    expect(megasasSummary(hbaOf(t.run()))).toMatchObject({
      fwState: "OPERATIONAL",
      replyQueue: { entries: 64, address: "0x300000" },
      commands: expect.objectContaining({ INIT: 1 }),
    });
  });

  it("INIT QEMU refuses (more entries than commands) leaves the firmware READY and tells the driver", () => {
    const t = Traced.from(AT.ready)
      .post(F)
      .taken(0, F, 0)
      .point("megasas_init_firmware", u("pa", F + 0x40))
      .point("megasas_initq_mismatch", i("queue_len", 2000), i("fw_cmds", 1008))
      .point("megasas_qf_complete_noirq", u("context", 0))
      .readReg(R.OSP0, HbaSession.at("gen2", AT.ready).hba.word);
    expect(outcome(t.run())).toEqual({ guestErrors: [expect.stringContaining("2000 entries, more than the 1008")], divergences: [] });
    expect(frames(t).at(-1)).toMatchObject({ command: "INIT", status: "0x3 INVALID_PARAMETER" });
  });

  it("a DCMD opcode QEMU does not know gets its dummy OK, and the driver is told", () => {
    const t = Traced.from(AT.operational)
      .post(F)
      .taken(0, F, 3)
      .point("megasas_handle_dcmd", i("cmd", 0), i("opcode", 0x0999_0000))
      .point("megasas_dcmd_unhandled", i("cmd", 0), i("opcode", 0x0999_0000), i("len", 0))
      .completed(3, 0);
    expect(outcome(t.run())).toEqual({
      guestErrors: ["DCMD opcode 0x9990000 is not one QEMU implements; it answers OK and does nothing"],
      divergences: [],
    });
    expect(frames(t).at(-1)).toMatchObject({ command: "DCMD", opcode: "0x9990000", status: "0x0 OK" });
  });

  it("CTRL_EVENT_WAIT is kept until a reset; an ABORT of it marks it and completes itself", () => {
    const t = Traced.from(AT.operational)
      .post(F)
      .taken(0, F, 4)
      .point("megasas_handle_dcmd", i("cmd", 0), i("opcode", 0x0104_0500))
      .point("megasas_dcmd_enter", i("cmd", 0), s("dcmd", "CTRL_EVENT_WAIT"), i("len", 256))
      .post(G)
      .taken(1, G, 5)
      .point("megasas_abort_frame", i("cmd", 1), i("abort_cmd", 0))
      .completed(5, 0);
    expect(outcome(t.run())).toEqual({ guestErrors: [], divergences: [] });
    const [wait, abort] = frames(t).slice(-2);
    expect(wait).toMatchObject({ command: "DCMD", phase: "never", aborted: true });
    expect(abort).toMatchObject({ command: "ABORT", phase: "completed", status: "0x0 OK" });
    expect(megasasSummary(hbaOf(t.writeReg(R.OMSK, 0xffff_ffff).point("megasas_reset", i("fw_state", 0xc000_0000)).run()))).toMatchObject({
      fwState: "READY",
      framesOutstanding: 0,
      replyQueue: null,
    });
  });

  it("CTRL_SHUTDOWN makes the firmware READY", () => {
    const t = Traced.from(AT.operational)
      .post(F)
      .taken(0, F, 6)
      .point("megasas_handle_dcmd", i("cmd", 0), i("opcode", 0x0105_0000))
      .point("megasas_dcmd_zero_sge", i("cmd", 0))
      .point("megasas_dcmd_enter", i("cmd", 0), s("dcmd", "CTRL_SHUTDOWN"), i("len", 0))
      .completed(6, 0)
      .readReg(R.OSP0, HbaSession.at("gen2", AT.ready).hba.word);
    expect(outcome(t.run())).toEqual({ guestErrors: [], divergences: [] });
  });

  it("reposting a frame QEMU still holds is the driver's error once the points said what it is, not before", () => {
    const known = Traced.from(AT.operational)
      .post(F)
      .taken(0, F, 8)
      .point("megasas_handle_io", i("cmd", 0), s("frame", "LD Write"), i("dev", 0), i("lun", 0), u("lba", 0), u("count", 1))
      .post(F);
    expect(outcome(known.run()).guestErrors).toEqual([expect.stringContaining("posted again while the device still owns it (LD WRITE")]);
    const unknown = Traced.from(AT.operational).post(F).post(F);
    expect(outcome(unknown.run())).toEqual({ guestErrors: [], divergences: [] });
  });

  it("a frame only its points show (posted before the capture's window) is counted and followed", () => {
    const t = Traced.from(AT.operational)
      .taken(0, G, 11)
      .point("megasas_handle_dcmd", i("cmd", 0), i("opcode", 0x0101_0000))
      .point("megasas_dcmd_enter", i("cmd", 0), s("dcmd", "CTRL_GET_INFO"), i("len", 2048))
      .completed(11, 0);
    const before = megasasSummary(hbaOf(Traced.from(AT.operational).run()));
    const after = megasasSummary(hbaOf(t.run()));
    expect(after.framesPosted).toBe(before.framesPosted + 1);
    expect(after.commands["DCMD CTRL_GET_INFO"]).toBe((before.commands["DCMD CTRL_GET_INFO"] ?? 0) + 1);
    expect(outcome(t.run())).toEqual({ guestErrors: [], divergences: [] });
  });

  it("an interrupt path the configuration space rules out diverges (MSI-X raised while it is off)", () => {
    const intx = Traced.from(AT.operational)
      .post(F)
      .taken(0, F, 12)
      .point("megasas_qf_complete", u("context", 12), u("head", 0), u("tail", 0), i("busy", 0));
    expect(outcome(intx.point("megasas_msix_raise", i("vector", 0)).run()).divergences).toEqual(["interrupt QEMU raised"]);
  });
});
