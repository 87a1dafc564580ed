// Real QEMU: the reference MFI driver on megasas (pc) and megasas-gen2 (q35), recorded with
// QEMU's own -qtest-log beside it: every answer checked against the disk image, QEMU's log
// importing to the same accesses and interrupts, and both replaying through the model with
// no divergence and no guest error. Skipped (with the reason in the test names) when
// qemu-system-x86_64 is missing, unless CI=true.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseQtestText } from "../../src/io/qtest/parse-log.js";
import { Machine } from "../../src/model/machine/machine.js";
import { summarize } from "../../src/model/machine/summary.js";
import { captureMegasas, extraBatches } from "../../src/record/capture-megasas.js";
import { patternSectors, writeData } from "../../src/record/drivers/disk-image.js";
import { MEGASAS_KINDS } from "../../src/record/qtest/megasas-setups.js";
import type { EventProps } from "../../src/schema/proto.js";
import { essence } from "../helpers/essence.js";
import { QEMU, skipNote, skipQemu } from "./qemu-availability.js";

const work = mkdtempSync(join(tmpdir(), "devtape-megasas-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function replay(events: EventProps[]): Machine {
  const m = new Machine();
  events.forEach((ev, i) => m.apply({ ...ev, seq: i }));
  return m;
}

describe("megasas plans", () => {
  it("spreads extra requests over the disk in batches of up to four frames, each write ending its batch", () => {
    const plan = extraBatches(10);
    expect(plan.flat()).toHaveLength(10);
    expect(plan.every((b) => b.length <= 4)).toBe(true);
    expect(plan.every((b) => b.slice(0, -1).every((r) => r.type !== "ld-write"))).toBe(true);
  });
});

describe.skipIf(skipQemu)(`megasas on real QEMU${skipNote}`, () => {
  it.each(MEGASAS_KINDS)(
    "%s: firmware, INIT, DCMDs, LD and pass-through I/O checked against the image; the log agrees; both replay clean",
    async (kind) => {
      const dir = mkdtempSync(join(work, `${kind}-`));
      const log = join(dir, "qtest.log");
      const c = await captureMegasas({ kind, workDir: dir, qtestLog: log, qemu: QEMU, extraRequests: 6 });
      const gen2 = kind === "megasas-gen2";

      expect(c.driver.stateWord).toBe(gen2 ? 0xb450_03f0 : 0xb450_03e8);
      expect(c.driver.finalState).toBe(c.driver.stateWord);
      expect(c.driver.product).toBe(gen2 ? "LSI MegaRAID SAS 9260-8i" : "LSI MegaRAID SAS 8708EM2");
      expect(c.driver.irq).toBe(gen2 ? 20 : 11);
      expect(c.results.map((r) => r.status).every((s) => s === 0)).toBe(true);
      // LD READ of blocks 0-1, PD READ(10) of block 2047, the write of block 8 read back.
      expect(c.results[2]?.data).toEqual(patternSectors(0, 2));
      expect(c.results[3]?.data).toEqual(patternSectors(2047, 1));
      expect(new TextDecoder().decode(c.results[4]?.data?.subarray(8, 16))).toBe("QEMU    ");
      expect(c.results[6]?.data).toEqual(writeData(8, 1));
      expect(new Uint8Array(readFileSync(c.disk).subarray(8 * 512, 9 * 512))).toEqual(writeData(8, 1));

      // QEMU's log: the same accesses in the same order and the same interrupts in the same
      // order; where an asynchronous completion's interrupt falls between accesses may differ.
      const { events: fromLog, stats } = parseQtestText(readFileSync(log, "utf8"), { file: log, topology: c.setup.topology, strict: true });
      expect(stats).toMatchObject({ skipped: 0, refused: 0 });
      const recorded = c.events.filter((e) => e.barrier == null && e.marker == null);
      for (const irq of [false, true]) {
        const part = (evs: EventProps[]) => evs.filter((e) => (e.interrupt != null) === irq).map(essence);
        expect(part(fromLog)).toEqual(part(recorded));
      }

      for (const events of [c.events, fromLog]) {
        const m = replay(events);
        expect(m.divergences).toEqual([]);
        expect(m.guestErrors).toEqual([]);
        expect(summarize(m)[0]?.megasas).toMatchObject({ fwState: "READY", framesOutstanding: 0, framesPosted: 10 + 6 });
      }
    },
  );
});
