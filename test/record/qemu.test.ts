// Real QEMU: the reference virtio-blk driver on each transport, recorded, with QEMU's own
// -qtest-log beside it; and the qtest client's behaviour when QEMU misbehaves. Skipped
// (with the reason in the test names) when qemu-system-x86_64 is missing, unless CI=true.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseQtestText } from "../../src/io/qtest/parse-log.js";
import { captureVirtioBlk, DISK_SECTORS } from "../../src/record/capture-virtio-blk.js";
import { patternSectors, writeData } from "../../src/record/drivers/disk-image.js";
import { QtestClient } from "../../src/record/qtest/client.js";
import { QtestRefusedError } from "../../src/record/qtest/commands.js";
import { haltFirmware } from "../../src/record/qtest/firmware.js";
import { QtestRecorder } from "../../src/record/qtest/recorder.js";
import { VIRTIO_BLK_TRANSPORTS } from "../../src/record/qtest/virtio-blk-setups.js";
import { Access, type EventProps, IrqAction } from "../../src/schema/proto.js";
import { eventProblem } from "../../src/schema/validate-event.js";
import { essence } from "../helpers/essence.js";
import { onCi, QEMU, qemuMissing, skipNote, skipQemu } from "./qemu-availability.js";

const work = mkdtempSync(join(tmpdir(), "devtape-qemu-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

if (skipQemu) console.warn(`real-QEMU tests skipped: ${qemuMissing}`);

describe.runIf(onCi)("QEMU under CI", () => {
  it("qemu-system-x86_64 is installed (CI=true makes its absence a failure)", () => {
    expect(qemuMissing, `CI=true but ${qemuMissing}`).toBeUndefined();
  });
});

describe.skipIf(skipQemu)(`virtio-blk on real QEMU${skipNote}`, () => {
  it.each(VIRTIO_BLK_TRANSPORTS)(
    "%s: brings the device up, round-trips data, and QEMU's log agrees with the recording",
    async (transport) => {
      const dir = mkdtempSync(join(work, `${transport}-`));
      const log = join(dir, "qtest.log");
      const c = await captureVirtioBlk({ transport, workDir: dir, qtestLog: log, qemu: QEMU });

      // The data round trip: what was read is the image, what was written is read back and on disk.
      expect(c.results.map((r) => r.status)).toEqual([0, 0, 0, 0, 0]);
      expect(c.results[0]?.data).toEqual(patternSectors(0, 2));
      expect(c.results[2]?.data).toEqual(writeData(8, 1));
      expect(c.results[3]?.data).toEqual(patternSectors(DISK_SECTORS - 1, 1));
      expect(c.results.map((r) => r.usedLen)).toEqual([1025, 1, 513, 513, 1]);
      const image = readFileSync(c.disk);
      expect(new Uint8Array(image.subarray(8 * 512, 9 * 512))).toEqual(writeData(8, 1));
      expect(new Uint8Array(image.subarray(0, 1024))).toEqual(patternSectors(0, 2));

      // What the driver negotiated, per transport.
      const modern = transport === "mmio-v2" || transport === "pci-modern";
      expect(c.driver.driverFeatures).toBe(modern ? (1n << 32n) | (1n << 9n) : 1n << 9n);
      expect(c.driver.capacity).toBe(DISK_SECTORS);
      expect(c.driver.queueSize).toBe(transport === "pci-legacy" ? 256 : 8);
      expect(c.driver.irq).toBe(c.setup.device.irq);

      // Every event is valid; the device's interrupts were seen and attributed to it.
      for (const ev of c.events) expect(eventProblem(ev)).toBeUndefined();
      // (The PIT's line can fire once before the harness silences it, on a loaded host: the host's.)
      const irqs = c.events.filter((ev) => ev.interrupt);
      const onDeviceLine = irqs.filter((ev) => ev.interrupt?.line === c.setup.device.irq);
      expect(onDeviceLine.filter((ev) => ev.interrupt?.action === IrqAction.IRQ_ACTION_ASSERT).length).toBeGreaterThanOrEqual(3);
      for (const ev of irqs)
        expect(ev.agent).toEqual(ev.interrupt?.line === c.setup.device.irq ? { device: c.setup.device.id } : { host: true });
      expect(c.events.filter((ev) => ev.memory?.op === Access.ACCESS_WRITE).length).toBeGreaterThan(10);

      // QEMU's own log of the run imports to the same accesses, values and order. A PIT edge
      // before the harness silences it arrives between commands, where the recorder and the
      // log may place it differently: such host interrupts are compared as a count.
      const imported = parseQtestText(readFileSync(log, "utf8"), { file: log, topology: c.setup.topology, strict: true }).events;
      const hostIrq = (ev: EventProps) => ev.interrupt != null && ev.agent?.host === true;
      const recorded = c.events.filter((ev) => !ev.barrier && !ev.marker);
      expect(imported.filter((ev) => !hostIrq(ev)).map(essence)).toEqual(recorded.filter((ev) => !hostIrq(ev)).map(essence));
      expect(imported.filter(hostIrq).length).toBe(recorded.filter(hostIrq).length);
    },
  );
});

describe("qtest client errors", () => {
  it("says QEMU is missing when the binary does not exist", async () => {
    await expect(QtestClient.start({ qemu: join(work, "no-such-qemu"), args: [] })).rejects.toThrow(
      `${join(work, "no-such-qemu")} was not found; install QEMU (Debian: apt-get install qemu-system-x86) or set DEVTAPE_QEMU to its path`,
    );
  });

  it.skipIf(skipQemu)(`reports QEMU refusing its arguments, with its stderr${skipNote}`, async () => {
    await expect(QtestClient.start({ qemu: QEMU, args: ["-machine", "no-such-machine"] })).rejects.toThrow(
      /^QEMU \(.*\) exited with code 1 before replying to 'endianness'; QEMU's stderr ends: .*unsupported machine type/,
    );
  });

  it.skipIf(skipQemu)(`refused commands, IRQ waits, a killed QEMU and a closed session${skipNote}`, async () => {
    const args = [
      "-machine",
      "microvm,acpi=off,pit=off,pic=off,rtc=off,isa-serial=off",
      "-accel",
      "tcg",
      "-bios",
      haltFirmware(work),
      "-m",
      "64M",
    ];
    const client = await QtestClient.start({ qemu: QEMU, args });
    const rec = new QtestRecorder(client, { machine: { type: "microvm", ramSize: 64 * 2 ** 20 }, devices: [] });
    await rec.irqInterceptIn("ioapic");
    // Under TCG QEMU has no clock_step (only -accel qtest does).
    const refused = rec.clockStep().catch((e: unknown) => e);
    expect(await refused).toBeInstanceOf(QtestRefusedError);
    expect(((await refused) as Error).message).toBe("QEMU refused 'clock_step': FAIL Unknown command 'clock_step'");
    await expect(rec.waitForIrq(5, true, 50)).rejects.toThrow("IRQ 5 was not raised within 50 ms");
    // set_irq_in drives the line: one interrupt event (QEMU's notification of it is not doubled).
    await rec.setIrqIn("ioapic", "unnamed-gpio-in", 5, 1);
    await rec.waitForIrq(5, true, 50);
    expect(client.irqLevel(5)).toBe(true);
    await rec.writel(0x1000, 0xcafef00d);
    expect(await rec.readl(0x1000)).toBe(0xcafef00d);
    expect(await rec.readq(0x1000)).toBe(0xcafef00dn);
    expect(await rec.memread(0x1000, 4, "hex")).toEqual(Uint8Array.from([0x0d, 0xf0, 0xfe, 0xca]));
    const kinds = rec.events.map((ev) => (ev.interrupt ? `irq ${ev.interrupt.line}` : ev.memory ? "mem" : ev.machine ? "machine" : "?"));
    expect(kinds).toEqual(["machine", "irq 5", "mem", "mem", "mem", "mem"]);
    expect(rec.events[1]).toMatchObject({ agent: { host: true }, interrupt: { action: IrqAction.IRQ_ACTION_ASSERT } });

    process.kill(client.pid as number, "SIGKILL");
    await expect(rec.readl(0x1000)).rejects.toThrow(/^QEMU \(.*\) was killed by SIGKILL/);
    expect(await client.quit()).toEqual({ code: null, signal: "SIGKILL" });

    const again = await QtestClient.start({ qemu: QEMU, args });
    expect(await again.quit()).toEqual({ code: 0, signal: null });
    await expect(again.inb(0x80)).rejects.toThrow("the qtest session has ended");
  });
});
