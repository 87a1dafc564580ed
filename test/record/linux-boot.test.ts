// Real QEMU and a real Linux: tools/capture-linux-boot.mjs boots Debian's kernel with the
// megaraid_sas driver on megasas-gen2 (q35, about 10 s under TCG), and its fresh trace log
// imports cleanly and replays with no divergence and no guest error, the driver's whole life
// in the model's state; and a boot with virtio-scsi traced from power-on (--full: SeaBIOS's
// own virtio-scsi driver first, then Linux's, about 100,000 lines) replays just as clean. Skipped (with the reason in the test names) when qemu-system-x86_64
// is missing (unless CI=true), or when there is no kernel and static busybox to boot.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseQemuTraceText } from "../../src/io/qemu-trace/parse-log.js";
import { TraceCatalog } from "../../src/io/qemu-trace/trace-events.js";
import { Machine } from "../../src/model/machine/machine.js";
import { megasasSummary } from "../../src/model/machine/summary.js";
import type { Megasas } from "../../src/model/megasas/megasas.js";
import type { VirtioPci } from "../../src/model/virtio-pci/virtio-pci.js";
import { Access } from "../../src/schema/proto.js";
import { linuxMissing, QEMU, skipNote, skipQemu } from "./qemu-availability.js";

const work = mkdtempSync(join(tmpdir(), "devtape-linux-boot-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const skip = skipQemu || linuxMissing !== undefined;
const note = skipQemu ? skipNote : linuxMissing !== undefined ? ` [skipped: ${linuxMissing}]` : "";
if (linuxMissing !== undefined) console.warn(`Linux boot tests skipped: ${linuxMissing}`);

describe.skipIf(skip)(`a fresh Linux boot with megaraid_sas on megasas-gen2${note}`, () => {
  it("captures, imports cleanly and replays with no divergence and no guest error, READY after the driver's shutdown", () => {
    const file = join(work, "boot.trace.log");
    const p = spawnSync(process.execPath, ["tools/capture-linux-boot.mjs", "--device", "megasas-gen2", "--out", file, "--qemu", QEMU], {
      encoding: "utf8",
      timeout: 150_000,
    });
    expect(p.status, p.stderr).toBe(0);
    expect(p.stderr).toContain("guest: devtape-init: ok");
    const path = TraceCatalog.defaultPath();
    expect(path, "QEMU is installed but its trace-events-all is not (qemu-system-common)").toBeDefined();
    const r = parseQemuTraceText(readFileSync(file, "utf8"), { catalog: TraceCatalog.load(path as string), files: [file], strict: true });
    expect(r.stats).toMatchObject({ skipped: 0, otherLines: 0, unreadable: 0, unplacedAccesses: 0 });
    const m = new Machine();
    m.apply({ machine: { type: "q35", ramSize: 256 * 2 ** 20 } });
    for (const ev of r.events) m.apply(ev);
    expect(m.divergences.map((d) => `${d.what}: ${d.observed} (allowed ${d.allowed})`)).toEqual([]);
    expect(m.guestErrors.map((g) => g.why)).toEqual([]);
    const s = megasasSummary(m.devices.get("megasas-gen2@00:04.0") as Megasas);
    expect(s).toMatchObject({ fwState: "READY", interruptMode: "msix", framesCompleted: s.framesPosted - 1 });
    expect(s.commands).toMatchObject({ INIT: 1, "DCMD CTRL_GET_INFO": 1, "DCMD CTRL_SHUTDOWN": 1, "LD WRITE": 1, ABORT: 1 });
    expect(s.framesPosted).toBeGreaterThan(100);
    expect((m.devices.get("megasas-gen2@00:04.0") as Megasas).interrupts).toBeGreaterThan(100);
  }, 180_000);
});

describe.skipIf(skip)(`a fresh Linux boot with virtio-scsi, traced from power-on${note}`, () => {
  it("captures SeaBIOS's driver and Linux's, imports cleanly and replays with no divergence and no guest error", () => {
    const file = join(work, "full.trace.log");
    const args = ["tools/capture-linux-boot.mjs", "--device", "virtio-scsi", "--full", "--out", file, "--qemu", QEMU];
    const p = spawnSync(process.execPath, args, { encoding: "utf8", timeout: 150_000 });
    expect(p.status, p.stderr).toBe(0);
    const path = TraceCatalog.defaultPath() as string;
    const r = parseQemuTraceText(readFileSync(file, "utf8"), { catalog: TraceCatalog.load(path), files: [file], strict: true });
    expect(r.stats).toMatchObject({ skipped: 0, unreadable: 0, unplacedAccesses: 0 });
    expect(r.events.length).toBeGreaterThan(50_000);
    const m = new Machine();
    m.apply({ machine: { type: "q35", ramSize: 256 * 2 ** 20 } });
    for (const ev of r.events) m.apply(ev);
    expect(m.divergences.map((d) => `${d.seq}: ${d.what}: ${d.observed} (allowed ${d.allowed})`)).toEqual([]);
    expect(m.guestErrors.map((g) => `${g.seq}: ${g.why}`)).toEqual([]);
    // Two drivers brought the HBA up (SeaBIOS to boot from it, then Linux): DRIVER_OK set twice.
    const id = "virtio-scsi@00:04.0";
    const statuses = r.events
      .filter((ev) => ev.agent?.device === id && ev.observation?.name === "virtio_set_status")
      .map((ev) => ev.observation?.args?.find((a) => a.name === "val")?.uint ?? 0);
    expect(statuses.filter((v, i) => (v & 4) !== 0 && ((statuses[i - 1] ?? 0) & 4) === 0).length).toBeGreaterThanOrEqual(2);
    // Linux's probe for configuration mechanism #1 (a byte written to 0xcfb) is no guest error: QEMU ignores it.
    expect(r.events.some((ev) => ev.pio?.port === 0xcfb && ev.pio.size === 1 && ev.pio.op === Access.ACCESS_WRITE)).toBe(true);
    expect((m.devices.get(id) as VirtioPci).unplaced).toBe(0);
  }, 180_000);
});
