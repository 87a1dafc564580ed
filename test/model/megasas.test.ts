// The megasas model's registers, firmware state machine, INIT and reply queue, each from a
// few events after one of the QEMU 7.2 captures' phases (see megasas-session.ts): what QEMU
// answers is accepted, what the driver does wrong is a guest error, what no QEMU could
// have answered is a divergence.
import { describe, expect, it } from "vitest";
import { DCMD, dcmdFrame, initFrame, inquiry, ldIoFrame, queueInfo, scsiFrame } from "../../src/record/drivers/megasas-mfi.js";
import { le } from "./events.js";
import {
  AT,
  CONSUMER,
  HBAS,
  type HbaName,
  HbaSession,
  hbaOf,
  IO,
  outcome,
  PRODUCER,
  R,
  REPLY_QUEUE,
  TEST_BUFFERS,
  TEST_FRAMES,
} from "./megasas-session.js";

const F = TEST_FRAMES;
const BUF = TEST_BUFFERS;
const SENSE = { addr: BUF + 0x8000, len: 96 };
const flush = (ctx: number) => dcmdFrame(ctx, DCMD.CTRL_CACHE_FLUSH, undefined, false);
const ldRead = (ctx: number, lba = 0, count = 1) => ldIoFrame(ctx, false, 0, lba, count, [{ addr: BUF, len: 512 * count }], false, SENSE);

describe.each<HbaName>(["gen1", "gen2"])("megasas %s: the capture's phases start clean", (gen) => {
  it.each(Object.entries(AT))("up to '%s' there is no guest error and no divergence", (_name, marker) => {
    expect(outcome(HbaSession.at(gen, marker).run())).toEqual({ guestErrors: [], divergences: [] });
  });

  it("reads the firmware word learned from the capture: READY with its constants, and OPERATIONAL after INIT", () => {
    expect(hbaOf(HbaSession.at(gen, AT.ready).run(), gen).stateWord()).toBe(HBAS[gen].word);
    expect(hbaOf(HbaSession.at(gen, AT.initDone).run(), gen).stateWord()).toBe(((HBAS[gen].word & 0x0fff_ffff) | 0xc000_0000) >>> 0);
  });
});

describe("megasas registers (gen2, firmware READY, interrupts masked)", () => {
  const ready = () => HbaSession.at("gen2", AT.ready);
  const word = HBAS.gen2.word;

  it.each<[string, (s: HbaSession) => unknown, { guestError?: string; divergence?: string }]>([
    // Divergences: values QEMU could not have answered.
    ["a state word in another state", (s) => s.readReg(R.OSP0, 0xc450_03f0), { divergence: "OSP0 firmware state" }],
    ["a state word with other limits", (s) => s.readReg(R.OSP0, 0xb450_0400), { divergence: "bits 27..0" }],
    ["OMSG0 (the same word) with other limits", (s) => s.readReg(R.OMSG0, 0xb440_03f0), { divergence: "bits 27..0" }],
    ["the state word through the I/O BAR, other limits", (s) => s.in(IO + R.OSP0, 4, 0xb450_0001), { divergence: "bits 27..0" }],
    ["OMSK other than all ones after reset", (s) => s.readReg(R.OMSK, 0), { divergence: "OMSK" }],
    ["OSTS non-zero while interrupts are masked", (s) => s.readReg(R.OSTS, 1), { divergence: "OSTS" }],
    ["ODCR0 showing a doorbell nothing rang", (s) => s.readReg(R.ODCR0, 1), { divergence: "ODCR0" }],
    ["IDB non-zero (QEMU reads it as 0)", (s) => s.readReg(R.IDB, 2), { divergence: "IDB" }],
    ["DIAG non-zero without the reset sequence", (s) => s.readReg(R.DIAG, 0x80), { divergence: "DIAG" }],
    ["OSP1 changing after its first read", (s) => s.readReg(R.OSP1, 15).readReg(R.OSP1, 14), { divergence: "OSP1" }],
    ["the queue BAR reading non-zero", (s) => s.readMem(0xfe04_0000, 4, 1), { divergence: "queue BAR3" }],
    [
      "a 1-byte read of the state word that is not its low byte",
      (s) => s.readMem(0xfe00_00b0, 1, 0xb4),
      { guestError: "1-byte read of the 32-bit register OSP0", divergence: "firmware state word" },
    ],
    // Guest errors: the driver is wrong; QEMU survives.
    ["a read of no register", (s) => s.readReg(0x50, 0), { guestError: "which is no register; reads 0" }],
    ["a write to no register", (s) => s.writeReg(0x104, 1), { guestError: "which is no register; dropped" }],
    ["a write to the state word", (s) => s.writeReg(R.OSP0, 0), { guestError: "write of the read-only OSP0" }],
    ["a write to OSTS", (s) => s.writeReg(R.OSTS, 1), { guestError: "write of the read-only OSTS" }],
    ["a read of the write-only queue port", (s) => s.readReg(R.IQP, 0), { guestError: "read of the write-only IQP" }],
    ["a read of inbound message 0", (s) => s.readReg(0x10, 0), { guestError: "which QEMU does not implement" }],
    [
      "a write of the outbound doorbell",
      (s) => s.writeReg(0x2c, 1),
      { guestError: "ODB (outbound doorbell), which QEMU does not implement" },
    ],
    [
      "a 2-byte read of a 32-bit register",
      (s) => s.readMem(0xfe00_0034, 2, 0xffff),
      { guestError: "2-byte read of the 32-bit register OMSK" },
    ],
    ["a misaligned 4-byte read", (s) => s.readMem(0xfe00_0032, 4, 0), { guestError: "is not aligned" }],
    ["a write to the queue BAR", (s) => s.writeMem(0xfe04_0010, 4, 1), { guestError: "queue BAR3" }],
  ])("%s", (_what, act, want) => {
    const s = ready();
    act(s);
    const o = outcome(s.run());
    if (want.guestError) expect(o.guestErrors).toEqual([expect.stringContaining(want.guestError)]);
    else expect(o.guestErrors).toEqual([]);
    if (want.divergence) expect(o.divergences).toEqual([expect.stringContaining(want.divergence)]);
    else expect(o.divergences).toEqual([]);
  });

  it("answers what QEMU answers: the word, its low byte, OSP1 learned, 0 for unimplemented registers, a 64-bit read as two halves", () => {
    const s = ready()
      .readReg(R.OSP0, word)
      .readReg(R.OMSG0, word)
      .in(IO + R.OSP0, 4, word)
      .readMem(0xfe00_00b0, 1, word & 0xff)
      .readReg(R.OSP1, 15)
      .readReg(R.OSP1, 15)
      .readMem(0xfe00_00b0, 8, 15 * 2 ** 32 + word)
      .readReg(R.OMSK, 0xffff_ffff)
      .readReg(R.OSTS, 0)
      .readReg(R.ODCR0, 0)
      .readReg(R.DIAG, 0);
    expect(outcome(s.run())).toEqual({ guestErrors: [expect.stringContaining("1-byte read")], divergences: [] });
  });

  it("follows the DIAG reset sequence: write enable after the six SEQ values, a reset on DIAG RESET_ADP", () => {
    const s = ready();
    for (const v of [0x00, 0x04, 0x0b, 0x02, 0x07, 0x0d]) s.writeReg(R.SEQ, v);
    s.readReg(R.DIAG, 0x80).writeReg(R.DIAG, 0x04).readReg(R.DIAG, 0).readReg(R.OSP0, word);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
    const broken = ready().writeReg(R.SEQ, 0).writeReg(R.SEQ, 5).readReg(R.DIAG, 0x80);
    expect(outcome(broken.run()).divergences).toEqual(["DIAG"]);
  });
});

describe("the firmware state machine", () => {
  const word = HBAS.gen2.word;
  const operational = ((word & 0x0fff_ffff) | 0xc000_0000) >>> 0;

  it.each<[string, (s: HbaSession) => unknown, number]>([
    ["INIT makes it OPERATIONAL", () => {}, operational],
    ["the READY doorbell resets it to READY", (s) => s.writeReg(R.IDB, 0x2), word],
    ["ABORT | READY | MFIMODE resets it to READY", (s) => s.writeReg(R.IDB, 0x7), word],
    ["masking every interrupt (OMSK all ones) is a reset in QEMU", (s) => s.writeReg(R.OMSK, 0xffff_ffff), word],
    ["STOP_ADP faults it", (s) => s.writeReg(R.IDB, 0x20), ((word & 0x0fff_ffff) | 0xf000_0000) >>> 0],
    ["CLEAR_HANDSHAKE and HOTPLUG change nothing", (s) => s.writeReg(R.IDB, 0x18), operational],
    [
      "CTRL_SHUTDOWN makes it READY",
      (s) =>
        s
          .store(F, flush(1))
          .store(F + 0x40, dcmdFrame(2, DCMD.CTRL_SHUTDOWN, undefined, false))
          .post(F)
          .post(F + 0x40),
      word,
    ],
  ])("%s", (_what, act, state) => {
    const s = HbaSession.at("gen2", AT.initDone);
    act(s);
    s.readReg(R.OSP0, state);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
    const wrong = HbaSession.at("gen2", AT.initDone);
    act(wrong);
    wrong.readReg(R.OSP0, state === word ? operational : word);
    expect(outcome(wrong.run()).divergences).toEqual(["OSP0 firmware state"]);
  });

  it("after a reset the reply queue is gone and interrupts are masked", () => {
    const m = HbaSession.at("gen2", AT.operational).writeReg(R.IDB, 0x2).readReg(R.OMSK, 0xffff_ffff).run();
    expect(outcome(m)).toEqual({ guestErrors: [], divergences: [] });
    expect(hbaOf(m).reply).toBeUndefined();
  });

  it("INIT after CTRL_SHUTDOWN: QEMU answers OK but keeps the old queue and stays READY", () => {
    const s = HbaSession.at("gen2", AT.operational)
      .store(F, dcmdFrame(1, DCMD.CTRL_SHUTDOWN, undefined, false))
      .post(F)
      .store(F + 0x40, initFrame(2, 0x20_2040))
      .post(F + 0x40)
      .status(F + 0x40, 0)
      .readReg(R.OSP0, word);
    const m = s.run();
    expect(outcome(m)).toEqual({ guestErrors: [], divergences: [] });
    expect(hbaOf(m).reply?.base).toBe(REPLY_QUEUE);
  });

  it("refuses an INIT whose queue is longer than the firmware's commands with INVALID_PARAMETER, and stays READY", () => {
    const s = HbaSession.at("gen2", AT.ready)
      .store(0x30_0000, queueInfo(2000, 0x31_0000, 0x32_0000, 0x32_0040))
      .store(F, initFrame(7, 0x30_0000))
      .post(F)
      .status(F, 3)
      .readReg(R.OSP0, word);
    const m = s.run();
    expect(outcome(m)).toEqual({ guestErrors: [expect.stringContaining("more than the 1008 commands")], divergences: [] });
    const bad = HbaSession.at("gen2", AT.ready)
      .store(0x30_0000, queueInfo(2000, 0x31_0000, 0x32_0000, 0x32_0040))
      .store(F, initFrame(7, 0x30_0000))
      .post(F)
      .status(F, 0);
    expect(outcome(bad.run()).divergences).toEqual([expect.stringContaining("cmd_status")]);
  });

  it("INIT reads the starting producer and consumer from guest memory", () => {
    const s = HbaSession.at("gen2", AT.ready)
      .store(0x32_0000, le(7, 4))
      .store(0x32_0040, le(7, 4))
      .store(0x30_0000, queueInfo(1008, 0x31_0000, 0x32_0000, 0x32_0040))
      .store(F, initFrame(7, 0x30_0000))
      .post(F);
    const rq = hbaOf(s.run()).reply;
    expect({ head: rq?.head, consumer: rq?.consumer, base: rq?.base, entries: rq?.entries }).toEqual({
      head: 7,
      consumer: 7,
      base: 0x31_0000,
      entries: 1008,
    });
  });

  it("frames posted before INIT are guest errors, but QEMU runs them (a DCMD answers OK)", () => {
    const m = HbaSession.at("gen2", AT.ready).store(F, flush(1)).post(F).status(F, 0).run();
    expect(outcome(m)).toEqual({ guestErrors: [expect.stringContaining("before INIT; QEMU runs it anyway")], divergences: [] });
  });

  it("with interrupts enabled before INIT, QEMU stores its producer at guest address 0: the model forgets those bytes", () => {
    const s = HbaSession.at("gen2", AT.ready)
      .memWrite(0, [1, 2, 3, 4])
      .enableInterrupts()
      .store(F, flush(1))
      .post(F)
      .memRead(0, [1, 0, 0, 0]);
    expect(outcome(s.run()).divergences).toEqual([]);
  });
});

describe("the reply queue (gen2, interrupts enabled, producer and consumer 0)", () => {
  const op = () => HbaSession.at("gen2", AT.operational);

  it("a DCMD answered at once: the producer must show it, its entry names its context, the doorbell is set", () => {
    const s = op()
      .store(F, flush(0x11))
      .post(F)
      .irq()
      .readReg(R.OSTS, 1)
      .writeReg(R.ODCR0, 1)
      .producer(1)
      .entry(0, 0x11)
      .consumer(1)
      .status(F, 0);
    const m = s.run();
    expect(outcome(m)).toEqual({ guestErrors: [], divergences: [] });
    const h = hbaOf(m);
    // INIT is the other frame posted and completed.
    expect({
      posted: h.posted,
      completed: h.completed,
      head: h.reply?.head,
      consumer: h.reply?.consumer,
      outstanding: h.outstanding.length,
    }).toEqual({
      posted: 2,
      completed: 2,
      head: 1,
      consumer: 1,
      outstanding: 0,
    });
  });

  it.each<[string, (s: HbaSession) => unknown, { guestError?: string; divergence?: string }]>([
    [
      "the producer not advanced after a DCMD answered at once",
      (s) => s.store(F, flush(1)).post(F).producer(0),
      { divergence: "producer index" },
    ],
    ["the producer advanced by two after one frame", (s) => s.store(F, flush(1)).post(F).producer(2), { divergence: "producer index" }],
    ["the producer advanced with nothing posted", (s) => s.producer(1), { divergence: "producer index" }],
    [
      "an entry naming a context no frame had",
      (s) => s.store(F, flush(1)).post(F).producer(1).entry(0, 9),
      { divergence: "reply_queue[0] context" },
    ],
    [
      "an entry read twice that changed",
      (s) => s.store(F, flush(1)).post(F).producer(1).entry(0, 1).entry(0, 2),
      { divergence: "reply_queue[0]" },
    ],
    ["a DCMD status QEMU does not answer", (s) => s.store(F, flush(1)).post(F).status(F, 3), { divergence: "cmd_status" }],
    [
      "OSTS clear right after a completion rang the doorbell",
      (s) => s.store(F, flush(1)).post(F).readReg(R.OSTS, 0),
      { divergence: "OSTS" },
    ],
    ["the gen1 reply bit on gen2", (s) => s.store(F, flush(1)).post(F).readReg(R.OSTS, 0x8000_0001), { divergence: "OSTS" }],
    ["INTx with nothing that could complete", (s) => s.irq(), { divergence: "INTx" }],
    [
      "the consumer past the producer",
      (s) => s.store(F, flush(1)).post(F).producer(1).entry(0, 1).consumer(2),
      { guestError: "consumer index 2 is past the producer index 1" },
    ],
    ["the consumer beyond the ring", (s) => s.consumer(1008), { guestError: "beyond the reply queue" }],
    ["the driver storing the producer", (s) => s.memWrite(PRODUCER, le(3, 4)), { guestError: "producer index, which the device owns" }],
    [
      "a frame rewritten while in flight",
      (s) => s.store(F, ldRead(1)).post(F).store(F, ldRead(2)),
      { guestError: "while the device still owns it" },
    ],
    [
      "a frame posted twice while in flight",
      (s) => s.store(F, ldRead(1)).post(F).post(F),
      { guestError: "posted again while the device still owns it" },
    ],
    [
      "a buffer written while the device fills it",
      (s) => s.store(F, ldRead(1)).post(F).memWrite(BUF, [1]),
      { guestError: "a buffer the device is filling" },
    ],
    [
      "an unknown frame command (QEMU answers INVALID_CMD)",
      (s) =>
        s
          .store(F, [9, 0, 0xff, 0, 0, 0, 0, 0, ...le(4, 8)])
          .post(F)
          .producer(1)
          .entry(0, 4)
          .status(F, 1),
      { guestError: "frame command 0x9 (command 0x9) is not one QEMU handles" },
    ],
    [
      "an unknown DCMD opcode (QEMU answers OK)",
      (s) =>
        s
          .store(F, dcmdFrame(4, 0x0777_0000, undefined, false))
          .post(F)
          .status(F, 0),
      { guestError: "DCMD opcode 0x7770000 is not one QEMU implements" },
    ],
    [
      "more scatter-gather entries than the firmware announces",
      (s) => {
        const f = new Uint8Array(0x28 + 8 * 81);
        f.set(ldIoFrame(4, false, 0, 0, 81, [], false, SENSE));
        f[7] = 81;
        for (let i = 0; i < 81; i++) f.set([...le(BUF + 512 * i, 4), ...le(512, 4)], 0x28 + 8 * i);
        return s.store(F, f).post(F).producer(1).entry(0, 4).status(F, 0);
      },
      { guestError: "81 scatter-gather entries, more than the 80 the firmware announces" },
    ],
    [
      "an unknown status for an unknown command",
      (s) =>
        s
          .store(F, [9, 0, 0xff, 0, 0, 0, 0, 0, ...le(4, 8)])
          .post(F)
          .status(F, 0),
      { guestError: "not one QEMU handles", divergence: "cmd_status" },
    ],
  ])("%s", (_what, act, want) => {
    const s = op();
    act(s);
    const o = outcome(s.run());
    if (want.guestError) expect(o.guestErrors).toEqual([expect.stringContaining(want.guestError)]);
    else expect(o.guestErrors).toEqual([]);
    if (want.divergence) expect(o.divergences).toEqual([expect.stringContaining(want.divergence)]);
    else expect(o.divergences).toEqual([]);
  });

  it("an I/O completes whenever QEMU gets to it: before it the status is unchanged and the producer may stay", () => {
    const s = op()
      .store(F, ldRead(5))
      .post(F)
      .status(F, 0xff)
      .producer(0)
      .readReg(R.OSTS, 0)
      .irq()
      .readReg(R.OSTS, 1)
      .writeReg(R.ODCR0, 1)
      .producer(1)
      .entry(0, 5)
      .consumer(1)
      .status(F, 0)
      .memRead(F + 3, [0]);
    const m = s.run();
    expect(outcome(m)).toEqual({ guestErrors: [], divergences: [] });
    expect(hbaOf(m).present.get(0)).toBe(true);
  });

  it("three frames in flight complete in any order; each entry names one of them", () => {
    const s = op();
    for (const [i, ctx] of [7, 8, 9].entries()) s.store(F + 0x40 * i, ldRead(ctx, i)).post(F + 0x40 * i);
    s.irq()
      .readReg(R.OSTS, 1)
      .writeReg(R.ODCR0, 1)
      .producer(2)
      .entry(0, 9)
      .entry(1, 7)
      .consumer(2)
      .irq()
      .producer(3)
      .entry(2, 8)
      .consumer(3);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
    const t = op();
    for (const [i, ctx] of [7, 8, 9].entries()) t.store(F + 0x40 * i, ldRead(ctx, i)).post(F + 0x40 * i);
    t.producer(2).entry(0, 9).entry(1, 9);
    expect(outcome(t.run()).divergences).toEqual(["reply_queue[1] context"]);
  });

  it("shows the frame as a request in flight until the capture shows it completed", () => {
    const s = op()
      .store(F, ldRead(5, 16, 2))
      .post(F);
    const h = hbaOf(s.run());
    expect(h.outstanding.map((q) => q.d.summary)).toEqual([
      `LD READ target 0 lba 16+2 (1024 bytes) into 1024 bytes at 0x${BUF.toString(16)}`,
    ]);
    s.producer(1).entry(0, 5);
    expect(hbaOf(s.run()).outstanding).toEqual([]);
  });

  it("a SCSI status and sense QEMU could write: CHECK CONDITION with sense, or GOOD with status OK", () => {
    const ok = op()
      .store(F, scsiFrame(3, false, 0, 0, inquiry(36), [{ addr: BUF, len: 36 }], false, false, SENSE))
      .post(F)
      .producer(1)
      .entry(0, 3)
      .status(F, 0)
      .memRead(F + 3, [2]);
    expect(outcome(ok.run()).divergences).toEqual([
      "scsi_status of frame 0x400000 (LD SCSI 0:0 INQUIRY 36 bytes into 36 bytes at 0x500000)",
    ]);
  });

  it("a PD SCSI command that moves no data with no scatter-gather entry (Linux's TEST UNIT READY) fails at once (QEMU maps none): CHECK CONDITION and 18 bytes of sense, and the driver is not at fault", () => {
    const tur = scsiFrame(4, true, 0, 0, [0, 0, 0, 0, 0, 0], [], false, false, SENSE);
    const s = op()
      .store(F, tur)
      .post(F)
      .irq()
      .producer(1)
      .entry(0, 4)
      .status(F, 0x2d)
      .memRead(F + 3, [2])
      .memRead(F + 1, [18]);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
  });

  it("an ABORT of an I/O in flight lets it end SCSI_IO_FAILED", () => {
    const abort = new Uint8Array(64);
    abort.set([6, 0, 0xff]);
    abort.set(le(2, 8), 8);
    abort.set(le(5, 8), 0x18);
    abort.set(le(F, 4), 0x20);
    const s = op()
      .store(F, ldRead(5))
      .post(F)
      .store(F + 0x40, abort)
      .post(F + 0x40)
      .status(F + 0x40, 0)
      .status(F, 0x2e);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
    const wrongCtx = new Uint8Array(abort);
    wrongCtx.set(le(6, 8), 0x18);
    const t = op()
      .store(F, ldRead(5))
      .post(F)
      .store(F + 0x40, wrongCtx)
      .post(F + 0x40)
      .status(F + 0x40, 5)
      .status(F, 0x2e);
    expect(outcome(t.run()).divergences).toEqual([expect.stringContaining("cmd_status of frame 0x400000")]);
  });

  it("CTRL_EVENT_WAIT never completes in QEMU: its status stays as posted", () => {
    const wait = dcmdFrame(9, 0x0104_0500, { addr: BUF, len: 512 }, false);
    const s = op().store(F, wait).post(F).status(F, 0xff);
    const m = s.run();
    expect(outcome(m)).toEqual({ guestErrors: [], divergences: [] });
    expect(hbaOf(m).outstanding.map((q) => q.phase)).toEqual(["never"]);
    const early = op().store(F, wait).post(F).status(F, 0).run();
    expect(early.divergences.map((d) => [d.what, d.allowed])).toEqual([
      [expect.stringContaining("cmd_status"), "0xff (QEMU never completes it)"],
    ]);
  });

  it("writes the consumer and entries as the driver does (invalidating each entry) without complaint", () => {
    const s = op()
      .store(F, flush(1))
      .post(F)
      .producer(1)
      .entry(0, 1)
      .memWrite(REPLY_QUEUE, le(0xffff_ffff, 4))
      .consumer(1)
      .memRead(CONSUMER, le(1, 4));
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
  });
});

describe("MSI-X and MSI, as QEMU sends them instead of INTx", () => {
  const MSIX_CONTROL = 0x68 + 2;
  const MSI_CONTROL = 0x50 + 2;
  const bdf = 4 << 3;

  it("with MSI-X enabled and vector 0 programmed, a completion sends vector 0's message (and no INTx)", () => {
    const s = HbaSession.at("gen2", AT.operational);
    // The capability list is in the capture; the driver programs vector 0 and enables MSI-X.
    s.writeMem(0xfe00_2000, 4, 0xfee0_0000).writeMem(0xfe00_2004, 4, 0).writeMem(0xfe00_2008, 4, 0x4041).writeMem(0xfe00_200c, 4, 0);
    s.cfgWrite(bdf, MSIX_CONTROL, 2, 0x800e);
    s.store(F, flush(1)).post(F).msi(0xfee0_0000, 0x4041, HBAS.gen2.id).readReg(R.OSTS, 0).producer(1).entry(0, 1);
    const m = s.run();
    expect(outcome(m)).toEqual({ guestErrors: [], divergences: [] });
    expect(hbaOf(m).irqMode()).toBe("msix");
    expect(hbaOf(m).interrupts).toBe(1);
    const t = HbaSession.at("gen2", AT.operational);
    t.writeMem(0xfe00_2000, 4, 0xfee0_0000).writeMem(0xfe00_2004, 4, 0).writeMem(0xfe00_2008, 4, 0x4041).writeMem(0xfe00_200c, 4, 0);
    t.cfgWrite(bdf, MSIX_CONTROL, 2, 0x800e).store(F, flush(1)).post(F).msi(0xfee0_0000, 0x4042, HBAS.gen2.id).irq();
    expect(outcome(t.run()).divergences).toEqual(["MSI-X message", "INTx (line 20)"]);
  });

  it("a masked vector 0 makes its pending bit possible and its message impossible", () => {
    // The model does not assume the reset state (vector masked): the capture reads it.
    const s = HbaSession.at("gen2", AT.operational)
      .readMem(0xfe00_200c, 4, 1)
      .cfgWrite(bdf, MSIX_CONTROL, 2, 0x800e)
      .store(F, flush(1))
      .post(F)
      .readMem(0xfe00_3800, 4, 1);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
    const t = HbaSession.at("gen2", AT.operational)
      .readMem(0xfe00_200c, 4, 1)
      .cfgWrite(bdf, MSIX_CONTROL, 2, 0x800e)
      .store(F, flush(1))
      .post(F)
      .msi(0xfee0_0000, 0x4041, HBAS.gen2.id);
    expect(outcome(t.run()).divergences).toEqual(["MSI-X message"]);
  });

  it("with MSI enabled, a completion sends the programmed MSI message", () => {
    const s = HbaSession.at("gen2", AT.operational)
      .cfgWrite(bdf, 0x54, 4, 0xfee0_1000)
      .cfgWrite(bdf, 0x58, 4, 0)
      .cfgWrite(bdf, 0x5c, 2, 0x4051)
      .cfgWrite(bdf, MSI_CONTROL, 2, 0x0081)
      .store(F, flush(1))
      .post(F)
      .msi(0xfee0_1000, 0x4051)
      .producer(1)
      .entry(0, 1);
    const m = s.run();
    expect(outcome(m)).toEqual({ guestErrors: [], divergences: [] });
    expect(hbaOf(m).irqMode()).toBe("msi");
    expect(hbaOf(m).interrupts).toBe(1);
  });
});

describe("megasas gen1 answers with its own reply-message bit", () => {
  it("OSTS reads 0x80000001 while the doorbell is set", () => {
    const s = HbaSession.at("gen1", AT.operational)
      .store(F, flush(1))
      .post(F)
      .irq()
      .readReg(R.OSTS, 0x8000_0001)
      .writeReg(R.ODCR0, 0x8000_0001)
      .readReg(R.ODCR0, 0);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
    const t = HbaSession.at("gen1", AT.operational).store(F, flush(1)).post(F).readReg(R.OSTS, 1);
    expect(outcome(t.run()).divergences).toEqual([expect.stringContaining("OSTS")]);
  });

  it("the 64-bit queue port pair posts a frame at high << 32 | low", () => {
    const s = HbaSession.at("gen1", AT.operational)
      .store(F, flush(3))
      .writeReg(R.IQPH, 0)
      .writeReg(R.IQPL, F | 1)
      .producer(1)
      .entry(0, 3);
    expect(outcome(s.run())).toEqual({ guestErrors: [], divergences: [] });
  });
});
