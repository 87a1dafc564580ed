// The committed real-QEMU captures (traces/qemu/): QEMU's own -qtest-log of each run,
// imported, must give the recorder's events of the same run (the log has no barriers or
// markers); and `devtape import qtest` must import them, or refuse bad input clearly.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseQtestText } from "../../src/io/qtest/parse-log.js";
import { importFlags, VIRTIO_BLK_TRANSPORTS, virtioBlkSetup, virtioScsiSetup } from "../../src/record/qtest/virtio-blk-setups.js";
import { eventFromJson } from "../../src/schema/json.js";
import { BarrierFlavour, BarrierKind, type EventProps } from "../../src/schema/proto.js";
import { devtape } from "../cli/run-cli.js";
import { essence } from "../helpers/essence.js";

const dir = mkdtempSync(join(tmpdir(), "devtape-qtest-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function loadRecorded(base: string): EventProps[] {
  const lines = readFileSync(`traces/qemu/${base}.jsonl`, "utf8").trimEnd().split("\n");
  return lines.map((l, i) => {
    const ev = eventFromJson(l);
    expect(Number(ev.seq)).toBe(i);
    return ev;
  });
}

describe.each(VIRTIO_BLK_TRANSPORTS)("committed capture virtio-blk-%s", (transport) => {
  const base = `virtio-blk-${transport}`;
  const setup = virtioBlkSetup(transport, "disk.img", "halt-64k.bin");
  const logText = readFileSync(`traces/qemu/${base}.qtest.log`, "utf8");

  it("is small", () => {
    expect(logText.length).toBeLessThan(1 << 20);
    expect(readFileSync(`traces/qemu/${base}.jsonl`).length).toBeLessThan(1 << 20);
  });

  it("imports from QEMU's log to the recorder's accesses, values, interrupts and order", () => {
    const recorded = loadRecorded(base);
    const { events, stats } = parseQtestText(logText, { file: base, topology: setup.topology, strict: true });
    expect(stats).toMatchObject({ skipped: 0, refused: 0, registerReadsWithoutReply: 0, memoryReadsWithoutReply: 0 });
    const fromLog = events.map(essence);
    const fromRecorder = recorded.filter((ev) => ev.barrier == null && ev.marker == null).map(essence);
    expect(fromLog.length).toBeGreaterThan(80);
    expect(fromLog).toEqual(fromRecorder);
    // Every imported access cites its [R] line of the log.
    const logLines = logText.split("\n");
    for (const ev of events) {
      if (ev.machine || ev.attach) continue;
      const line = logLines[(ev.source?.line ?? 0) - 1] ?? "";
      expect(line).toMatch(ev.interrupt ? /^\[S \+[\d.]+\] IRQ (raise|lower) \d+$/ : /^\[R \+[\d.]+\] /);
    }
  });

  it("holds the driver's barriers where the ring protocol needs them", () => {
    const recorded = loadRecorded(base);
    const wmb = { kind: BarrierKind.BARRIER_KIND_WRITE, flavour: BarrierFlavour.BARRIER_FLAVOUR_SMP };
    const mb = { kind: BarrierKind.BARRIER_KIND_FULL, flavour: BarrierFlavour.BARRIER_FLAVOUR_SMP };
    const rmb = { kind: BarrierKind.BARRIER_KIND_READ, flavour: BarrierFlavour.BARRIER_FLAVOUR_SMP };
    const isBarrier = (ev: EventProps | undefined, b: typeof wmb) => ev?.barrier?.kind === b.kind && ev.barrier.flavour === b.flavour;
    const wmbs = recorded.flatMap((ev, i) => (isBarrier(ev, wmb) ? [i] : []));
    expect(wmbs).toHaveLength(3); // one per batch
    for (const i of wmbs) {
      // smp_wmb, then the avail idx store (2 bytes of RAM), then smp_mb before the used flags load
      expect(recorded[i + 1]?.memory?.data).toHaveLength(2);
      expect(isBarrier(recorded[i + 2], mb)).toBe(true);
    }
    expect(recorded.some((ev) => isBarrier(ev, rmb))).toBe(true);
    expect(recorded[0]).toMatchObject({ agent: { host: true }, machine: { type: setup.machine } });
    expect(recorded[1]).toMatchObject({ agent: { host: true }, attach: { id: setup.device.id, irq: setup.device.irq } });
    const irqs = recorded.filter((ev) => ev.interrupt);
    expect(irqs.length).toBeGreaterThanOrEqual(6);
    for (const ev of irqs) expect(ev).toMatchObject({ agent: { device: setup.device.id }, interrupt: { line: setup.device.irq } });
  });

  it("imports through `devtape import qtest` with the flags the capture README gives", () => {
    const store = join(dir, `${transport}.devtape`);
    const r = devtape(["import", "qtest", `traces/qemu/${base}.qtest.log`, "-o", store, ...importFlags(setup)]);
    expect(r.code).toBe(0);
    const n = parseQtestText(logText, { file: base, topology: setup.topology }).events.length;
    expect(r.stderr).toMatch(
      new RegExp(`^imported ${n} events from \\d+ commands into session '${base}' of ${store.replace(/[.]/g, "\\.")}\\n$`),
    );
    const info = JSON.parse(devtape(["info", store, "--json"]).stdout);
    expect(info.sessions[0].events).toBe(n);
    expect(devtape(["verify", store]).code).toBe(0);
  });
});

describe.each(VIRTIO_BLK_TRANSPORTS)("committed capture virtio-scsi-%s", (transport) => {
  const base = `virtio-scsi-${transport}`;
  const setup = virtioScsiSetup(transport, "disk.img", "halt-64k.bin");
  const logText = readFileSync(`traces/qemu/${base}.qtest.log`, "utf8");

  it("is small", () => {
    expect(logText.length).toBeLessThan(1 << 20);
    expect(readFileSync(`traces/qemu/${base}.jsonl`).length).toBeLessThan(1 << 20);
  });

  it("imports from QEMU's log to the recorder's accesses, values, interrupts and order", () => {
    const { events, stats } = parseQtestText(logText, { file: base, topology: setup.topology, strict: true });
    expect(stats).toMatchObject({ skipped: 0, refused: 0, registerReadsWithoutReply: 0, memoryReadsWithoutReply: 0 });
    const fromRecorder = loadRecorded(base).filter((ev) => ev.barrier == null && ev.marker == null);
    expect(events.map(essence)).toEqual(fromRecorder.map(essence));
    expect(fromRecorder[1]).toMatchObject({ agent: { host: true }, attach: { id: setup.device.id, irq: setup.device.irq } });
  });

  it("imports through `devtape import qtest` with the README's flags and replays with no divergence and no guest error", () => {
    const store = join(dir, `${base}.devtape`);
    const r = devtape(["import", "qtest", `traces/qemu/${base}.qtest.log`, "-o", store, ...importFlags(setup)]);
    expect(r.code).toBe(0);
    const rep = devtape(["replay", store, "--json", "--no-checkpoints"]);
    expect(rep.code).toBe(0);
    const report = JSON.parse(rep.stdout);
    expect(report).toMatchObject({ session: base, divergences: [], guestErrors: [] });
    expect(report.devices[0]).toMatchObject({ id: setup.device.id, deviceType: 8, status: 0 });
    expect(report.devices[0].requests["2: WRITE(10)"]).toBe(1);
  });
});

describe("devtape import qtest", () => {
  const log = join(dir, "bad.qtest.log");
  writeFileSync(log, "[R +0.1] outb 0x80 0x1\n[S +0.2] OK\n[R +0.3] outq 0x80 0x1\n[S +0.4] FAIL Unknown command 'outq'\n");

  it("stops at the first malformed line with --strict: file:line, exit 2, nothing imported", () => {
    const store = join(dir, "strict.devtape");
    const r = devtape(["import", "qtest", log, "-o", store, "--machine", "pc", "--ram", "128M", "--strict"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^devtape: ${log.replace(/[.]/g, "\\.")}:3: 'outq' is not a qtest command \\(expected one of .*\\); nothing was imported\\n$`,
      ),
    );
  });

  it("skips and reports malformed lines without --strict", () => {
    const store = join(dir, "lenient.devtape");
    const r = devtape(["import", "qtest", log, "-o", store, "--machine", "pc", "--ram", "128M", "--session", "s"]);
    expect(r.code).toBe(0);
    const lines = r.stderr.split("\n");
    expect(lines[0]).toBe(`imported 2 events from 1 commands into session 's' of ${store}`);
    expect(lines[1]).toBe("skipped 1 malformed line (--strict stops at the first):");
    expect(lines[2]).toMatch(/:3: 'outq' is not a qtest command/);
  });

  it("reports reads without replies in a script", () => {
    const script = join(dir, "script.txt");
    writeFileSync(script, "inb 0x61\nreadl 0x1000\nreadl 0xfec00010\n");
    const r = devtape(["import", "qtest", script, "-o", join(dir, "script.devtape"), "--machine", "q35", "--ram", "128M"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("2 register reads had no reply to take a value from; they were kept with value 0\n");
    expect(r.stderr).toContain("1 memory reads had no reply holding their data; they were left out\n");
  });

  it("refuses bad flags with one clear line and exit 2", () => {
    const run = (...flags: string[]) => devtape(["import", "qtest", log, "-o", join(dir, "x.devtape"), ...flags]);
    expect(run("--machine", "virt", "--ram", "1G").stderr).toBe("devtape: --machine: 'virt' is not one of pc, q35, microvm\n");
    expect(run("--machine", "pc", "--ram", "lots").stderr).toBe(
      "devtape: --ram: 'lots' is not a size (bytes, or a number with K, M or G, e.g. 128M)\n",
    );
    const bad = run("--machine", "pc", "--ram", "1G", "--device", "e1000");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("devtape: --device: 'e1000' is not KIND@LOCATION[,prop=value…] (e.g. virtio-blk-pci@00:03.0,irq=11)\n");
    expect(run("--machine", "pc", "--ram", "1G", "--device", "a@00:01.0,id=x", "--device", "b@00:02.0,id=x").stderr).toBe(
      "devtape: --device: two devices are named 'x'; give one an id=…\n",
    );
    const missing = devtape(["import", "qtest", join(dir, "nope.log"), "-o", join(dir, "x.devtape"), "--machine", "pc", "--ram", "1G"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`devtape: ${join(dir, "nope.log")}: no such file\n`);
  });
});
