// Real QEMU: a virtio-blk capture with QEMU's log trace backend on, imported. Its register
// accesses must be the recorder's of the same run, the device found and its points and
// interrupts attributed to it; two runs must agree once normalised. Skipped (with the reason
// in the test names) when qemu-system-x86_64 is missing, unless CI=true.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseQemuTraceText } from "../../src/io/qemu-trace/parse-log.js";
import { TraceCatalog } from "../../src/io/qemu-trace/trace-events.js";
import { captureVirtioBlk, VIRTIO_TRACE_PATTERNS } from "../../src/record/capture-virtio-blk.js";
import type { VirtioBlkTransportName } from "../../src/record/qtest/virtio-blk-setups.js";
import { Access, type EventProps, IrqAction } from "../../src/schema/proto.js";
import { eventProblem } from "../../src/schema/validate-event.js";
import { onCi, QEMU, qemuMissing, skipNote, skipQemu } from "../record/qemu-availability.js";

const work = mkdtempSync(join(tmpdir(), "devtape-qemu-trace-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

if (skipQemu) console.warn(`real-QEMU trace tests skipped: ${qemuMissing}`);

const access = (ev: EventProps) =>
  `${ev.mmio?.op === Access.ACCESS_WRITE ? "W" : "R"} 0x${ev.mmio?.addr?.toString(16)}/${ev.mmio?.size} ${ev.mmio?.valueHi ?? 0}:${ev.mmio?.value ?? 0}`;

async function traced(transport: VirtioBlkTransportName, n: number) {
  const dir = mkdtempSync(join(work, `${transport}-${n}-`));
  const file = join(dir, "trace.log");
  const c = await captureVirtioBlk({ transport, workDir: dir, qemu: QEMU, trace: { file, patterns: VIRTIO_TRACE_PATTERNS } });
  const path = TraceCatalog.defaultPath();
  expect(path, "QEMU is installed but its trace-events-all is not (qemu-system-common)").toBeDefined();
  const r = parseQemuTraceText(readFileSync(file, "utf8"), { catalog: TraceCatalog.load(path as string), files: [file], strict: true });
  return { c, r };
}

describe.skipIf(skipQemu)(`QEMU trace logs of real QEMU${skipNote}`, () => {
  it.each(["mmio-v2", "pci-modern"] as const)(
    "%s: the trace imports cleanly and holds the recorder's register accesses",
    async (transport) => {
      const { c, r } = await traced(transport, 1);
      expect(r.stats).toMatchObject({ skipped: 0, otherLines: 0, configWidthsInferred: 0, unplacedAccesses: 0 });
      for (const ev of r.events) expect(eventProblem(ev)).toBeUndefined();
      expect(r.devices.map((d) => d.id)).toContain(c.setup.device.id);

      // Register accesses, value for value, in order; virtio-pci notify writes go to an ioeventfd, which QEMU does not trace.
      const bar4 = r.events.find(
        (ev) => ev.observation?.name === "pci_update_mappings_add" && ev.observation.args?.find((a) => a.name === "bar")?.int === 4,
      );
      const notify = bar4 ? (bar4.observation?.args?.find((a) => a.name === "addr")?.uint as number) + 0x3000 : undefined;
      const notifyWrite = (ev: EventProps) =>
        notify !== undefined && (ev.mmio?.addr as number) >= notify && (ev.mmio?.addr as number) < notify + 0x1000;
      const recorded = c.events.filter((ev) => ev.mmio && !notifyWrite(ev)).map(access);
      expect(r.events.filter((ev) => ev.mmio).map(access)).toEqual(recorded);
      expect(recorded.length).toBeGreaterThan(30);
      if (transport === "pci-modern") {
        expect(c.events.filter(notifyWrite)).toHaveLength(3);
        // each notify still shows as the device's virtio_queue_notify
        expect(
          r.events.filter((ev) => ev.observation?.name === "virtio_queue_notify" && ev.agent?.device === c.setup.device.id).length,
        ).toBeGreaterThanOrEqual(3);
      }

      // The device's interrupts: the line the recorder saw, raised and lowered by the device.
      const lines = r.events.filter((ev) => ev.interrupt && ev.agent?.device === c.setup.device.id);
      expect(new Set(lines.map((ev) => ev.interrupt?.line))).toEqual(new Set([c.setup.device.irq]));
      expect(lines.filter((ev) => ev.interrupt?.action === IrqAction.IRQ_ACTION_ASSERT).length).toBeGreaterThanOrEqual(3);
      // Its request points carry its id.
      const blk = r.events.filter((ev) => ev.observation?.name?.startsWith("virtio_blk_handle_"));
      expect(blk.map((ev) => ev.agent?.device)).toEqual(blk.map(() => c.setup.device.id));
      expect(blk.length).toBe(4);
    },
  );

  it("two runs of the same guest give the same devices, pointer ids, accesses and trace points", async () => {
    const a = await traced("mmio-v2", 2);
    const b = await traced("mmio-v2", 3);
    // The guest's own timing differs between runs (two completions may need one acknowledgement
    // or two, requests complete in either order), so what must agree is what each run holds,
    // not how often: the devices, and the sets of accesses and of points with their devices.
    const shape = (events: EventProps[]) => ({
      attaches: events.filter((ev) => ev.attach).map((ev) => ev.attach),
      accesses: [...new Set(events.filter((ev) => ev.mmio).map(access))].sort(),
      points: [
        ...new Set(events.filter((ev) => ev.observation).map((ev) => `${ev.agent?.device ?? "host"} ${ev.observation?.name}`)),
      ].sort(),
    });
    expect(shape(b.r.events)).toEqual(shape(a.r.events));
    // Host pointers become the same ids: the device's vdev is the first pointer in both runs.
    const vdev = (events: EventProps[]) => events.find((ev) => ev.observation?.name === "virtio_set_status")?.observation?.args?.[0];
    expect(vdev(a.r.events)).toEqual({ name: "vdev", uint: 1 });
    expect(vdev(b.r.events)).toEqual({ name: "vdev", uint: 1 });
  });
});

describe.runIf(onCi)("QEMU trace under CI", () => {
  it("qemu-system-x86_64 and its trace-events-all are installed (CI=true makes their absence a failure)", () => {
    expect(qemuMissing, `CI=true but ${qemuMissing}`).toBeUndefined();
    expect(TraceCatalog.defaultPath()).toBeDefined();
  });
});
