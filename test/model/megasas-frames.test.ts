// MFI frames as the model decodes them from guest memory (src/model/megasas/frame.ts): the
// header, the three scatter-gather formats, each command's fields, and what QEMU answers —
// at once with a status, or later with one of several — with the driver's mistakes as
// guest errors. Frames come from the reference driver's encoders where it has one.
import { describe, expect, it } from "vitest";
import { decodeFrame, describeCdb, type FrameContext } from "../../src/model/megasas/frame.js";
import { GuestMemory } from "../../src/model/guest-memory.js";
import { DCMD, dcmdFrame, initFrame, inquiry, ldIoFrame, read10, scsiFrame } from "../../src/record/drivers/megasas-mfi.js";
import { le } from "./events.js";

const F = 0x10_0000;
const BUF = 0x20_0000;
const SENSE = { addr: 0x30_0000, len: 96 };

function ctx(over: Partial<FrameContext> = {}): FrameContext {
  return {
    queue64: false,
    maxSge: 80,
    present: () => true,
    inFlightContext: () => undefined,
    blockSize: 512,
    jbod: false,
    ...over,
  };
}

function decode(frame: Uint8Array | number[], c: FrameContext = ctx()) {
  const m = new GuestMemory();
  m.write(F, Uint8Array.from(frame));
  return decodeFrame(m, F, c);
}

/** A frame with `patch` bytes stored over the encoder's output. */
function patched(frame: Uint8Array, patch: Record<number, number[]>): Uint8Array {
  const f = new Uint8Array(Math.max(frame.length, ...Object.entries(patch).map(([o, b]) => Number(o) + b.length)));
  f.set(frame);
  for (const [o, b] of Object.entries(patch)) f.set(b, Number(o));
  return f;
}

describe("the frame header and scatter-gather lists", () => {
  it("reads command, target, LUN, SGE count, flags, status as posted and the 32-bit context", () => {
    const d = decode(patched(ldIoFrame(0x1_0000_0007, false, 3, 100, 2, [{ addr: BUF, len: 1024 }], false, SENSE), {}));
    expect(d).toMatchObject({ cmd: 1, target: 3, lun: 0, sgeCount: 1, flags: 0x10, statusBefore: 0xff, senseLen: 96, context: 7 });
    expect(d.dataIn).toEqual([{ addr: BUF, len: 1024 }]);
    expect(d.sense).toEqual(SENSE);
    expect(d.summary).toBe("LD READ target 3 lba 100+2 (1024 bytes) into 1024 bytes at 0x200000");
  });

  it("keeps all 64 context bits once the queue is 64-bit", () => {
    expect(decode(dcmdFrame(2 ** 40 + 5, DCMD.CTRL_CACHE_FLUSH, undefined, false), ctx({ queue64: true })).context).toBe(2 ** 40 + 5);
  });

  it.each<[string, Uint8Array, { addr: number; len: number }[]]>([
    [
      "32-bit entries",
      ldIoFrame(
        1,
        false,
        0,
        0,
        2,
        [
          { addr: BUF, len: 512 },
          { addr: BUF + 0x1000, len: 512 },
        ],
        false,
        SENSE,
      ),
      [
        { addr: BUF, len: 512 },
        { addr: BUF + 0x1000, len: 512 },
      ],
    ],
    ["64-bit entries (SGL64)", ldIoFrame(1, false, 0, 0, 2, [{ addr: 2 ** 33, len: 1024 }], true, SENSE), [{ addr: 2 ** 33, len: 1024 }]],
    [
      "IEEE entries (16 bytes each)",
      patched(ldIoFrame(1, false, 0, 0, 1, [], false, SENSE), { 7: [1], 16: [0x30, 0], 0x28: [...le(BUF, 8), ...le(512, 4), ...le(0, 4)] }),
      [{ addr: BUF, len: 512 }],
    ],
  ])("%s", (_what, frame, sges) => {
    expect(decode(frame).dataIn).toEqual(sges);
  });

  it("an LD WRITE's buffers are read by the device, not written", () => {
    const d = decode(ldIoFrame(1, true, 0, 8, 1, [{ addr: BUF, len: 512 }], false, SENSE));
    expect({ dataIn: d.dataIn, dataOut: d.dataOut, outcome: d.outcome }).toEqual({
      dataIn: [],
      dataOut: [{ addr: BUF, len: 512 }],
      outcome: { sync: false, statuses: [0, 0x2d] },
    });
  });

  it("says so when the capture never showed the frame", () => {
    const d = decodeFrame(new GuestMemory(), F, ctx());
    expect({ cmd: d.cmd, context: d.context, summary: d.summary }).toEqual({
      cmd: undefined,
      context: undefined,
      summary: "a frame the capture never showed",
    });
  });

  it.each([
    [read10(2047, 1), "READ(10) lba 2047+1"],
    [[0x88, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 4, 0, 0], "READ(16) lba 9+4"],
    [[0x2a, 0, 0, 0, 0, 8, 0, 0, 1, 0], "WRITE(10) lba 8+1"],
    [inquiry(36), "INQUIRY 36 bytes"],
    [[0x12, 1, 0x83, 0, 0xff, 0], "INQUIRY page 0x83 255 bytes"],
    [[0, 0, 0, 0, 0, 0], "TEST UNIT READY"],
    [[0xc1], "opcode 0xc1"],
  ])("describes the CDB %j as %s", (cdb, text) => {
    expect(describeCdb(Uint8Array.from(cdb))).toBe(text);
  });
});

describe("what QEMU answers, and what the driver did wrong", () => {
  const sync = (status: number, extra: object = {}) => ({ sync: true, status, ...extra });
  const sg = (len: number) => ({ addr: BUF, len });

  it.each<[string, Uint8Array, object, string[]]>([
    ["INIT", initFrame(1, 0x5000), sync(0), []],
    ["CTRL_GET_INFO into 2048 bytes", dcmdFrame(1, DCMD.CTRL_GET_INFO, sg(2048), false), sync(0), []],
    ["CTRL_GET_INFO into 1024 bytes (less than mfi_ctrl_info)", dcmdFrame(1, DCMD.CTRL_GET_INFO, sg(1024), false), sync(3), []],
    ["LD_GET_LIST into 1032 bytes", dcmdFrame(1, DCMD.LD_GET_LIST, sg(1032), true), sync(0), []],
    ["LD_GET_LIST into 2048 bytes (QEMU refuses more than mfi_ld_list)", dcmdFrame(1, DCMD.LD_GET_LIST, sg(2048), true), sync(3), []],
    ["PD_GET_LIST into 16 bytes", dcmdFrame(1, DCMD.PD_GET_LIST, sg(16), false), sync(3), []],
    ["CTRL_CACHE_FLUSH", dcmdFrame(1, DCMD.CTRL_CACHE_FLUSH, undefined, false), sync(0), []],
    ["CTRL_SHUTDOWN", dcmdFrame(1, DCMD.CTRL_SHUTDOWN, undefined, false), sync(0), []],
    [
      "CTRL_EVENT_WAIT into 256 bytes (QEMU keeps it)",
      dcmdFrame(1, 0x0104_0500, sg(256), false),
      { sync: false, statuses: [], never: true },
      [],
    ],
    ["CTRL_EVENT_WAIT into 64 bytes", dcmdFrame(1, 0x0104_0500, sg(64), false), sync(3), []],
    [
      "PD_GET_INFO (an internal INQUIRY first)",
      dcmdFrame(1, 0x0202_0000, sg(512), false),
      { sync: false, statuses: [0, 3, 0x0c, 0x0e] },
      [],
    ],
    [
      "an opcode QEMU does not know",
      dcmdFrame(1, 0x0999_0000, undefined, false),
      sync(0),
      ["DCMD opcode 0x9990000 is not one QEMU implements"],
    ],
    [
      "a DCMD with two scatter-gather entries",
      patched(dcmdFrame(1, DCMD.CTRL_GET_INFO, sg(2048), false), { 7: [2] }),
      sync(0x20),
      ["with 2 scatter-gather entries; QEMU takes one"],
    ],
    ["an LD READ of a present drive", ldIoFrame(1, false, 0, 0, 1, [sg(512)], false, SENSE), { sync: false, statuses: [0, 0x2d] }, []],
    ["an LD READ of target 64 (beyond MFI_MAX_LD)", ldIoFrame(1, false, 64, 0, 1, [sg(512)], false, SENSE), sync(0x0c), []],
    [
      "an LD READ whose buffer is smaller than the blocks",
      ldIoFrame(1, false, 0, 0, 2, [sg(512)], false, SENSE),
      sync(0x2d, { scsiStatus: 2, senseBytes: 18 }),
      ["holds 512 bytes, less than the 1024 the command transfers"],
    ],
    [
      "an LD READ with an entry of length 0",
      ldIoFrame(1, false, 0, 0, 0, [sg(0)], false, SENSE),
      sync(0x2d, { scsiStatus: 2, senseBytes: 18 }),
      ["scatter-gather entry 0 has address or length 0"],
    ],
    ["an LD SCSI command to LUN 1", scsiFrame(1, false, 0, 1, inquiry(36), [sg(36)], false, false, SENSE), sync(0x0c), []],
    [
      "a PD SCSI command with no data and no entry (QEMU maps none; the driver is right)",
      scsiFrame(1, true, 0, 0, [0, 0, 0, 0, 0, 0], [], false, false, SENSE),
      sync(0x2d, { scsiStatus: 2, senseBytes: 18 }),
      [],
    ],
    [
      "a PD SCSI INQUIRY of 36 bytes with no entry for its data",
      patched(scsiFrame(1, true, 0, 0, inquiry(36), [], false, false, SENSE), { 20: [36, 0, 0, 0] }),
      sync(0x2d, { scsiStatus: 2, senseBytes: 18 }),
      ["has no scatter-gather entries"],
    ],
    [
      "a CDB of 20 bytes",
      patched(scsiFrame(1, true, 0, 0, inquiry(36), [sg(36)], false, false, SENSE), { 6: [20] }),
      sync(0x2d, { scsiStatus: 2, senseBytes: 18 }),
      ["a CDB of 20 bytes; QEMU takes at most 16"],
    ],
    [
      "frame command 9",
      patched(dcmdFrame(1, 0, undefined, false), { 0: [9] }),
      sync(1),
      ["frame command 0x9 (command 0x9) is not one QEMU handles; it answers INVALID_CMD"],
    ],
    [
      "SMP (QEMU does not handle it)",
      patched(dcmdFrame(1, 0, undefined, false), { 0: [7] }),
      sync(1),
      ["frame command 0x7 (SMP) is not one QEMU handles"],
    ],
  ])("%s", (_what, frame, outcome, problems) => {
    const d = decode(frame);
    expect(d.outcome).toEqual(outcome);
    expect(d.problems).toEqual(problems.map((p) => expect.stringContaining(p)));
  });

  it("more scatter-gather entries than the firmware announces is a guest error; more than QEMU maps fails the frame", () => {
    const many = (n: number) => patched(ldIoFrame(1, false, 0, 0, 1, [], false, SENSE), { 7: [n] });
    const frame = (n: number) => {
      const f = many(n);
      const big = new Uint8Array(0x28 + 8 * n);
      big.set(f);
      for (let i = 0; i < n; i++) big.set([...le(BUF + 512 * i, 4), ...le(512, 4)], 0x28 + 8 * i);
      return big;
    };
    expect(decode(frame(100)).problems).toEqual([
      expect.stringContaining("100 scatter-gather entries, more than the 80 the firmware announces"),
    ]);
    expect(decode(frame(100)).outcome).toEqual({ sync: false, statuses: [0, 0x2d] });
    const d = decode(frame(200));
    expect(d.problems).toEqual([expect.stringContaining("more than the 80"), expect.stringContaining("exceed the 128 QEMU maps")]);
    expect(d.outcome).toEqual(sync(0x2d, { scsiStatus: 2, senseBytes: 18 }));
  });

  it("a drive whose presence is not yet known may also answer DEVICE_NOT_FOUND; an absent one does at once", () => {
    const frame = ldIoFrame(1, false, 5, 0, 1, [sg(512)], false, SENSE);
    expect(decode(frame, ctx({ present: () => undefined })).outcome).toEqual({ sync: false, statuses: [0, 0x2d, 0x0c] });
    expect(decode(frame, ctx({ present: () => false })).outcome).toEqual(sync(0x0c));
  });

  it("ABORT: OK when nothing is in flight there or the context matches, ABORT_NOT_POSSIBLE when it does not", () => {
    const abort = (context: number) => {
      const f = new Uint8Array(64);
      f.set([6, 0, 0xff]);
      f.set(le(context, 8), 0x18);
      f.set(le(0x7000, 8), 0x20);
      return f;
    };
    expect(decode(abort(5)).outcome).toEqual(sync(0));
    expect(decode(abort(5), ctx({ inFlightContext: () => 5 })).outcome).toEqual(sync(0));
    expect(decode(abort(6), ctx({ inFlightContext: () => 5 })).outcome).toEqual(sync(5));
    expect(decode(abort(5)).summary).toBe("ABORT frame 0x7000 (context 0x5)");
  });
});
