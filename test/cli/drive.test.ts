import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { drivePlan, scsiDrivePlan } from "../../src/cli/drive.js";
import { importFlags, type VirtioBlkTransportName, virtioBlkSetup, virtioScsiSetup } from "../../src/record/qtest/virtio-blk-setups.js";
import { skipNote, skipQemu } from "../record/qemu-availability.js";
import { devtape } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "devtape-drive-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("devtape drive", () => {
  it("plans reads, writes and a final flush in batches that fit an 8-entry queue", () => {
    const plan = drivePlan(9);
    expect(plan.flat()).toHaveLength(9);
    expect(plan.every((b) => b.length <= 2)).toBe(true);
    expect(plan.flat().at(-1)).toEqual({ type: "flush" });
    expect(new Set(plan.flat().map((r) => r.type))).toEqual(new Set(["read", "write", "flush"]));
  });

  it("refuses a device it cannot drive and an unknown transport, in one line", () => {
    const store = join(dir, "x.devtape");
    expect(devtape(["drive", "virtio-net", "--transport", "mmio-v1", "-o", store]).stderr).toBe(
      "devtape: drive: 'virtio-net' is not a device devtape can drive yet; use virtio-blk, virtio-scsi, megasas, megasas-gen2\n",
    );
    const r = devtape(["drive", "virtio-blk", "--transport", "isa", "-o", store]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("devtape: --transport: 'isa' is not one of mmio-v1, mmio-v2, pci-legacy, pci-modern\n");
  });

  it("asks virtio-blk for a transport and refuses one for megasas", () => {
    const store = join(dir, "y.devtape");
    expect(devtape(["drive", "virtio-blk", "-o", store]).stderr).toBe(
      "devtape: --transport: virtio-blk needs one of mmio-v1, mmio-v2, pci-legacy, pci-modern\n",
    );
    const r = devtape(["drive", "megasas-gen2", "--transport", "pci-modern", "-o", store]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("devtape: --transport: megasas-gen2 has one PCI transport; leave --transport out\n");
  });

  it("plans virtio-scsi as discovery, the block plan as READ/WRITE(10) and SYNCHRONIZE CACHE, then the control queue", () => {
    const plan = scsiDrivePlan(9);
    const cdbs = plan.flat().flatMap((r) => (r.type === "cmd" ? [r.cdb[0]] : []));
    expect(cdbs.slice(0, 5)).toEqual([0x00, 0x00, 0x12, 0x25, 0xa0]);
    const io = drivePlan(9).flat();
    expect(cdbs.slice(5)).toEqual(io.map((r) => (r.type === "read" ? 0x28 : r.type === "write" ? 0x2a : 0x35)));
    expect(plan.at(-1)?.map((r) => r.type)).toEqual(["an-query", "tmf"]);
    expect(devtape(["drive", "virtio-scsi", "-o", join(dir, "z.devtape")]).stderr).toBe(
      "devtape: --transport: virtio-scsi needs one of mmio-v1, mmio-v2, pci-legacy, pci-modern\n",
    );
  });

  it.each([
    [
      ["virtio-scsi", "--transport", "mmio-v2", "--event-idx"],
      "--event-idx: only the virtio-blk driver negotiates VIRTIO_RING_F_EVENT_IDX; leave it out for virtio-scsi",
    ],
    [
      ["virtio-scsi", "--transport", "mmio-v2", "--indirect"],
      "--indirect: only the virtio-blk driver uses indirect descriptor tables; leave it out for virtio-scsi",
    ],
    [
      ["virtio-blk", "--transport", "mmio-v2", "--msix"],
      "--msix: only the virtio-blk driver on pci-legacy or pci-modern enables MSI-X; leave it out here",
    ],
    [
      ["virtio-blk", "--transport", "pci-modern", "--msix", "--fault", "missing-notify"],
      "--msix: faults are injected with INTx interrupts only; leave out --msix or --fault",
    ],
    [
      ["virtio-scsi", "--transport", "mmio-v2", "--resize"],
      "--resize: only the virtio-blk driver follows a resize; leave it out for virtio-scsi",
    ],
    [
      ["virtio-blk", "--transport", "mmio-v2", "--resize", "--fault", "missing-notify"],
      "--resize: leave out --resize or --fault (a fault may stop the device before the resize)",
    ],
    [["megasas", "--poll-status"], "--poll-status: only the virtio-blk driver polls status bytes; leave it out for megasas"],
    [
      ["virtio-blk", "--transport", "pci-legacy", "--poll-status", "--fault", "missing-notify"],
      "--poll-status: leave out --poll-status or --fault",
    ],
  ])("refuses the virtio-blk switches where they do not apply: %j", (args, why) => {
    const r = devtape(["drive", ...args, "-o", join(dir, "refused.devtape")]);
    expect([r.code, r.stderr]).toEqual([2, `devtape: ${why}\n`]);
  });

  describe.skipIf(skipQemu)(`on real QEMU${skipNote}`, () => {
    it.each(["pci-legacy", "pci-modern"])(
      "records a %s session with --msix, --event-idx, --indirect and --resize: messages into RAM, the resize on the configuration vector, no divergence",
      (transport) => {
        const store = join(dir, `msix-${transport}.devtape`);
        const r = devtape([
          "drive",
          "virtio-blk",
          "--transport",
          transport,
          "--msix",
          "--event-idx",
          "--indirect",
          "--resize",
          "--requests",
          "20",
          "-o",
          store,
          "--json",
        ]);
        expect(r.code).toBe(0);
        expect(JSON.parse(r.stdout)).toMatchObject({
          session: `virtio-blk-${transport}-event-idx-indirect-msix-resize`,
          msix: true,
          requestsChecked: 20,
        });
        const rep = JSON.parse(devtape(["replay", store, "--json", "--no-checkpoints"]).stdout);
        expect(rep.divergences).toEqual([]);
        expect(rep.guestErrors).toEqual([]);
        // Each interrupt is a message the driver found in its word: at least one a batch of the plan.
        expect(rep.devices[0].interrupts).toBeGreaterThanOrEqual(drivePlan(20).length);
      },
    );

    it("records a session with --event-idx and --indirect together: both negotiated, every request in a table, no divergence", () => {
      const store = join(dir, "ei-ind.devtape");
      const r = devtape([
        "drive",
        "virtio-blk",
        "--transport",
        "pci-legacy",
        "--event-idx",
        "--indirect",
        "--requests",
        "10",
        "-o",
        store,
        "--json",
      ]);
      expect(r.code).toBe(0);
      const name = "virtio-blk-pci-legacy-event-idx-indirect";
      expect(JSON.parse(r.stdout)).toMatchObject({ session: name, eventIdx: true, indirect: true, requestsChecked: 10 });
      const info = JSON.parse(devtape(["info", store, "--json"]).stdout) as { sessions: { source: string }[] };
      expect(info.sessions[0]?.source).toContain("--transport pci-legacy --event-idx --indirect");
      const rep = JSON.parse(devtape(["replay", store, "--json", "--no-checkpoints"]).stdout);
      expect(rep.divergences).toEqual([]);
      expect(rep.guestErrors).toEqual([]);
      // drivePlan(10): reads and writes, then a flush, each decoded through its table.
      const requests = rep.devices[0].requests as Record<string, number>;
      expect(Object.values(requests).reduce((a, b) => a + b, 0)).toBe(10);
      expect(requests["0: FLUSH"]).toBe(1);
      const reset = devtape(["events", store, "--kind", "marker", "--json"])
        .stdout.trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l) as { seq: string; marker: { text: string } })
        .find((m) => m.marker.text === "virtio-blk: reset on remove");
      const before = JSON.parse(devtape(["replay", store, "--to", String(Number(reset?.seq) - 1), "--json", "--no-checkpoints"]).stdout);
      expect(BigInt(before.devices[0].driverFeatures) & (3n << 28n)).toBe(3n << 28n); // INDIRECT_DESC and EVENT_IDX
      // Every request's ring descriptor names an indirect table (VRING_DESC_F_INDIRECT, flags at byte 12).
      const writes = devtape(["events", store, "--kind", "mem-write", "--json"])
        .stdout.trimEnd()
        .split("\n")
        .map((l) => Buffer.from((JSON.parse(l) as { memory: { data?: string } }).memory.data ?? "", "base64"));
      const heads = writes.filter((d) => d.length === 16 && ((d[12] as number) & 4) !== 0);
      expect(heads.length).toBe(10);
    });

    it.each(["mmio-v2", "pci-modern"])(
      "records a %s session with --event-idx: EVENT_IDX negotiated, replaying with no divergence, as does QEMU's log",
      (transport) => {
        const store = join(dir, `ei-${transport}.devtape`);
        const log = join(dir, `ei-${transport}.qtest.log`);
        const r = devtape([
          "drive",
          "virtio-blk",
          "--transport",
          transport,
          "--event-idx",
          "--requests",
          "10",
          "-o",
          store,
          "--qtest-log",
          log,
          "--json",
        ]);
        expect(r.code).toBe(0);
        const name = `virtio-blk-${transport}-event-idx`;
        expect(JSON.parse(r.stdout)).toMatchObject({ session: name, eventIdx: true, requestsChecked: 10 });
        expect(r.stderr).toMatch(new RegExp(`10 requests completed and checked; recorded \\d+ events into session '${name}'`));
        const info = JSON.parse(devtape(["info", store, "--json"]).stdout) as { sessions: { source: string }[] };
        expect(info.sessions[0]?.source).toContain(`--transport ${transport} --event-idx`);
        const rep = JSON.parse(devtape(["replay", store, "--json", "--no-checkpoints"]).stdout);
        expect(rep.divergences).toEqual([]);
        expect(rep.guestErrors).toEqual([]);
        // Before the driver's reset the device holds the negotiated features: VIRTIO_RING_F_EVENT_IDX (bit 29) among them.
        const markers = devtape(["events", store, "--kind", "marker", "--json"])
          .stdout.trimEnd()
          .split("\n")
          .map((l) => JSON.parse(l) as { seq: string; marker: { text: string } });
        const reset = markers.find((m) => m.marker.text === "virtio-blk: reset on remove");
        const before = JSON.parse(devtape(["replay", store, "--to", String(Number(reset?.seq) - 1), "--json", "--no-checkpoints"]).stdout);
        expect(BigInt(before.devices[0].driverFeatures) & (1n << 29n)).toBe(1n << 29n);
        const imported = join(dir, `ei-${transport}-log.devtape`);
        const setup = virtioBlkSetup(transport as VirtioBlkTransportName, "disk.img", "halt-64k.bin");
        expect(devtape(["import", "qtest", log, "-o", imported, ...importFlags(setup)]).code).toBe(0);
        expect(JSON.parse(devtape(["replay", imported, "--json", "--no-checkpoints"]).stdout)).toMatchObject({
          divergences: [],
          guestErrors: [],
        });
      },
    );

    it.each(["mmio-v1", "mmio-v2", "pci-legacy", "pci-modern"])("records a %s session that replays with no divergence", (transport) => {
      const store = join(dir, `${transport}.devtape`);
      const r = devtape(["drive", "virtio-blk", "--transport", transport, "--requests", "10", "-o", store]);
      expect(r.stderr).toMatch(/10 requests completed and checked; recorded \d+ events into session 'virtio-blk-/);
      expect(r.code).toBe(0);
      const rep = JSON.parse(devtape(["replay", store, "--json", "--no-checkpoints"]).stdout);
      expect(rep.divergences).toEqual([]);
      expect(rep.guestErrors).toEqual([]);
      expect(rep.events).toBeGreaterThan(150);
    });

    it.each(["mmio-v1", "mmio-v2", "pci-legacy", "pci-modern"])(
      "records a virtio-scsi %s session that replays with no divergence, every request counted on its queue",
      (transport) => {
        const store = join(dir, `scsi-${transport}.devtape`);
        const log = join(dir, `scsi-${transport}.qtest.log`);
        const r = devtape(["drive", "virtio-scsi", "--transport", transport, "--requests", "6", "-o", store, "--qtest-log", log]);
        const plan = scsiDrivePlan(6).flat();
        expect(r.stderr).toMatch(
          new RegExp(`: ${plan.length} requests completed and checked; recorded \\d+ events into session 'virtio-scsi-${transport}' of `),
        );
        expect(r.code).toBe(0);
        const rep = JSON.parse(devtape(["replay", store, "--json", "--no-checkpoints"]).stdout);
        expect(rep.divergences).toEqual([]);
        expect(rep.guestErrors).toEqual([]);
        const counts = Object.values(rep.devices[0].requests as Record<string, number>).reduce((n, k) => n + k, 0);
        expect(counts).toBe(plan.length + 4); // and the four event buffers
        expect(rep.devices[0]).toMatchObject({ deviceType: 8, status: 0 });
        // QEMU's own log of the run imports and replays the same way.
        const imported = join(dir, `scsi-${transport}-log.devtape`);
        const setup = virtioScsiSetup(transport as VirtioBlkTransportName, "disk.img", "halt-64k.bin");
        expect(devtape(["import", "qtest", log, "-o", imported, ...importFlags(setup)]).code).toBe(0);
        const fromLog = JSON.parse(devtape(["replay", imported, "--json", "--no-checkpoints"]).stdout);
        expect(fromLog).toMatchObject({ divergences: [], guestErrors: [] });
        expect(fromLog.devices[0].requests).toEqual(rep.devices[0].requests);
      },
    );

    it.each(["megasas", "megasas-gen2"])("records a %s session that replays with no divergence", (device) => {
      const store = join(dir, `${device}.devtape`);
      const r = devtape(["drive", device, "--requests", "4", "-o", store]);
      expect(r.stderr).toMatch(
        new RegExp(
          `^${device}, PCI id 1000:00[67][09].*: 11 requests completed and checked; recorded \\d+ events into session '${device}'`,
        ),
      );
      expect(r.code).toBe(0);
      const rep = JSON.parse(devtape(["replay", store, "--json", "--no-checkpoints"]).stdout);
      expect(rep.divergences).toEqual([]);
      expect(rep.guestErrors).toEqual([]);
      expect(rep.devices[0].megasas).toMatchObject({ fwState: "READY", framesPosted: 14, framesCompleted: 14, framesOutstanding: 0 });
    });
  });
});
