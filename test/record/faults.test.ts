// The fault catalogue (src/record/drivers/faults.ts) without QEMU: names, where each fault
// applies, and the sentence a mismatch gives.
import { describe, expect, it } from "vitest";
import {
  describeTargets,
  FAULT_NAMES,
  FAULTS,
  faultMismatch,
  faultSpec,
  isFaultName,
  isRingFault,
  RING_FAULTS,
} from "../../src/record/drivers/faults.js";
import { MEGASAS_KINDS } from "../../src/record/qtest/megasas-setups.js";
import { VIRTIO_BLK_TRANSPORTS } from "../../src/record/qtest/virtio-blk-setups.js";

describe("the fault catalogue", () => {
  it("describes every fault once, in the order of FAULT_NAMES, with a kebab-case name and one line", () => {
    expect(FAULTS.map((f) => f.name)).toEqual([...FAULT_NAMES]);
    for (const f of FAULTS) {
      expect(f.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(f.description).not.toContain("\n");
      expect(f.description.length).toBeGreaterThan(20);
      expect(f.targets.length).toBeGreaterThan(0);
    }
  });

  // Which faults there are is pinned by the catalogue's golden (test/golden/drive-faults.txt, drive-faults.test.ts).
  it("takes exactly the catalogue's names as fault names", () => {
    for (const f of FAULTS) expect(isFaultName(f.name), f.name).toBe(true);
    for (const n of ["list", "", "missing", "irq-not-acked ", "IRQ-NOT-ACKED", "missing-notify,missing-barrier"])
      expect(isFaultName(n), n).toBe(false);
  });

  it("targets only devices and transports devtape can drive", () => {
    for (const f of FAULTS)
      for (const t of f.targets) {
        expect(["virtio-blk", ...MEGASAS_KINDS]).toContain(t.device);
        for (const tr of t.transports ?? []) expect(VIRTIO_BLK_TRANSPORTS).toContain(tr);
        expect(t.transports === undefined).toBe(t.device !== "virtio-blk");
      }
  });

  it("keeps the ring faults to virtio", () => {
    for (const n of FAULT_NAMES) expect(isRingFault(n), n).toBe((RING_FAULTS as readonly string[]).includes(n));
    for (const n of RING_FAULTS) expect(faultSpec(n).targets.map((t) => t.device)).toEqual(["virtio-blk"]);
  });

  it("accepts every listed target and refuses the rest with a sentence naming the suitable ones", () => {
    for (const f of FAULTS) {
      for (const t of f.targets)
        for (const tr of t.transports ?? [undefined])
          expect(faultMismatch(f.name, t.device, tr), `${f.name} ${t.device} ${tr}`).toBeUndefined();
    }
    expect(faultMismatch("driver-ok-without-features-ok", "virtio-blk", "pci-legacy")).toBe(
      "--fault driver-ok-without-features-ok applies to virtio-blk (mmio-v2, pci-modern), not to virtio-blk --transport pci-legacy",
    );
    expect(faultMismatch("descriptor-loop", "megasas", undefined)).toBe("--fault descriptor-loop applies to virtio-blk, not to megasas");
    expect(faultMismatch("megasas-consumer-past-producer", "virtio-blk", "mmio-v1")).toBe(
      "--fault megasas-consumer-past-producer applies to megasas, megasas-gen2, not to virtio-blk",
    );
    expect(describeTargets(faultSpec("irq-not-acked"))).toBe("virtio-blk, megasas, megasas-gen2");
    expect(describeTargets(faultSpec("queue-size-over-max"))).toBe("virtio-blk (pci-modern)");
  });
});
