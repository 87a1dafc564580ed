import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { drivePlan } from "../../src/cli/drive.js";
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
      "devtape: drive: 'virtio-net' is not a device devtape can drive yet; use virtio-blk, megasas, megasas-gen2\n",
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

  describe.skipIf(skipQemu)(`on real QEMU${skipNote}`, () => {
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
