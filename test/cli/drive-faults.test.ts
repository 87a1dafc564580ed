// `devtape drive --fault`: the catalogue and the refusals without QEMU; on real QEMU, each
// fault recorded on one transport it applies to and replayed. Faults the device model sees
// must come out as the expected guest error at the event that committed them; ordering
// faults must show in the recorded order of the driver's ring accesses (named here from
// the queue addresses the model holds), with no divergence: QEMU still behaved as QEMU.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FAULT_NAMES } from "../../src/record/drivers/faults.js";
import { MFI_REG } from "../../src/record/drivers/megasas-mfi.js";
import { MMIO } from "../../src/record/drivers/virtio-mmio.js";
import { skipNote, skipQemu } from "../record/qemu-availability.js";
import { devtape } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "devtape-faults-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Compares with test/golden/NAME; UPDATE_GOLDEN=1 rewrites the golden file instead. */
function golden(name: string, actual: string): void {
  const path = join("test/golden", name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, "utf8"));
}

describe("devtape drive --fault, without QEMU", () => {
  it("lists the catalogue (golden), with --fault list the same, and as JSON one entry per fault", () => {
    const r = devtape(["drive", "--list-faults"]);
    expect(r.code).toBe(0);
    golden("drive-faults.txt", r.stdout);
    expect(devtape(["drive", "--fault", "list"]).stdout).toBe(r.stdout);
    const json = JSON.parse(devtape(["drive", "--list-faults", "--json"]).stdout) as { name: string; targets: unknown[] }[];
    expect(json.map((f) => f.name)).toEqual([...FAULT_NAMES]);
    expect(json.every((f) => f.targets.length > 0)).toBe(true);
  });

  it("refuses an unknown fault and a fault on a device it does not apply to, in one line naming the suitable devices", () => {
    const o = ["-o", join(dir, "refused.devtape")];
    const cases: [string[], string][] = [
      [
        ["virtio-blk", "--transport", "mmio-v1", "--fault", "loop", ...o],
        "--fault: 'loop' is not a fault devtape can inject; see devtape drive --list-faults",
      ],
      [
        ["virtio-blk", "--transport", "pci-legacy", "--fault", "driver-ok-without-features-ok", ...o],
        "--fault driver-ok-without-features-ok applies to virtio-blk (mmio-v2, pci-modern), not to virtio-blk --transport pci-legacy",
      ],
      [["megasas", "--fault", "descriptor-loop", ...o], "--fault descriptor-loop applies to virtio-blk, not to megasas"],
      [
        ["virtio-blk", "--transport", "mmio-v2", "--fault", "megasas-consumer-past-producer", ...o],
        "--fault megasas-consumer-past-producer applies to megasas, megasas-gen2, not to virtio-blk",
      ],
      [["--fault", "missing-notify", ...o], "drive: name the device to drive: virtio-blk, virtio-scsi, megasas, megasas-gen2"],
      [["virtio-blk", "--transport", "mmio-v1"], "drive: -o FILE is required: the .devtape store to record into"],
    ];
    for (const [args, message] of cases) {
      const r = devtape(["drive", ...args]);
      expect(r.stderr).toBe(`devtape: ${message}\n`);
      expect(r.code).toBe(2);
    }
  });

  it("documents --fault in drive --help", () => {
    const help = devtape(["drive", "--help"]).stdout;
    expect(help).toContain("--fault <name>");
    expect(help).toContain("--list-faults");
    expect(help).toContain("given up after a bounded wait");
  });
});

interface Ev {
  seq: number;
  agent: { cpu?: number; host?: boolean; device?: string };
  marker?: { text: string };
  barrier?: { kind: string; flavour: string };
  memory?: { op: string; addr: string; data?: string };
  mmio?: { op: string; addr: string; value?: number };
  pio?: { op: string; port: number; value?: number };
  interrupt?: { action: string };
  attach?: { mmioBase?: string };
}

interface GuestError {
  seq: number;
  value: number | null;
  why: string;
}

interface Recording {
  summary: { session: string; requestsChecked: number; requestsLate: number; requestsGivenUp: number };
  events: Ev[];
  replay: { divergences: unknown[]; guestErrors: GuestError[] };
  store: string;
}

function record(fault: string, device: string[]): Recording {
  const store = join(dir, `${fault}-${device[0]}-${device[2] ?? ""}.devtape`);
  const r = devtape(["drive", ...device, "--fault", fault, "-o", store, "--json"]);
  expect(r.stderr, r.stderr).toContain(`(fault ${fault}`);
  expect(r.code).toBe(0);
  const summary = JSON.parse(r.stdout) as Recording["summary"];
  const events = devtape(["events", store, "--json"])
    .stdout.trim()
    .split("\n")
    .map((l) => {
      const o = JSON.parse(l) as Omit<Ev, "seq"> & { seq: string };
      return { ...o, seq: Number(o.seq) };
    });
  const replay = JSON.parse(devtape(["replay", store, "--json", "--no-checkpoints"]).stdout) as Recording["replay"];
  // The session names the fault, in its source and in the marker that opens the driver's work.
  const info = JSON.parse(devtape(["info", store, "--json"]).stdout) as { sessions: { source: string }[] };
  expect(info.sessions[0]?.source).toContain(`--fault ${fault}`);
  expect(events.find((e) => e.marker)?.marker?.text).toMatch(new RegExp(`^fault ${fault} injected on purpose: the driver `));
  return { summary, events, replay, store };
}

interface Queue {
  desc: number;
  avail: number;
  used: number;
  size: number;
}

/** Queue 0 as the model holds it after the driver said it was ready. */
function queueOf(rec: Recording): Queue {
  const ready = rec.events.find((e) => e.marker?.text.startsWith("virtio-blk: ready"))?.seq;
  const st = JSON.parse(devtape(["state", rec.store, "--at", String(ready), "--json"]).stdout) as {
    devices: { queues: { desc: string; avail: string; used: string; size: number }[] }[];
  };
  const q = st.devices[0]?.queues[0];
  if (q === undefined) throw new Error("no queue 0 in the model's state");
  return { desc: Number(q.desc), avail: Number(q.avail), used: Number(q.used), size: q.size };
}

/** What the model holds of queue 0 after event `seq`. */
function queueStateAt(rec: Recording, seq: number): { availIdx: number; popped: number; completed: number; inFlight: unknown[] } {
  const st = JSON.parse(devtape(["state", rec.store, "--at", String(seq), "--json"]).stdout) as {
    devices: { queues: { availIdx: number; popped: number; completed: number; inFlight: unknown[] }[] }[];
  };
  return st.devices[0]?.queues[0] as { availIdx: number; popped: number; completed: number; inFlight: unknown[] };
}

const bytes = (e: Ev) => Buffer.from(e.memory?.data ?? "", "base64");

/** One word per event: ring accesses by field name (2-byte values shown), barriers by name, fault markers as FAULT. */
function token(e: Ev, q: Queue): string {
  if (e.marker) return /^fault [a-z-]+: /.test(e.marker.text) ? "FAULT" : "marker";
  if (e.barrier) {
    const kind = { BARRIER_KIND_WRITE: "wmb", BARRIER_KIND_READ: "rmb", BARRIER_KIND_FULL: "mb" }[e.barrier.kind] ?? e.barrier.kind;
    return e.barrier.flavour === "BARRIER_FLAVOUR_SMP" ? `smp_${kind}` : `${e.barrier.flavour} ${kind}`;
  }
  if (e.memory) {
    const a = Number(e.memory.addr);
    const b = bytes(e);
    const field =
      a >= q.desc && a < q.desc + 16 * q.size && (a - q.desc) % 16 === 0
        ? `desc[${(a - q.desc) / 16}]`
        : a === q.avail + 2
          ? "avail.idx"
          : a >= q.avail + 4 && a < q.avail + 4 + 2 * q.size
            ? `avail.ring[${(a - q.avail - 4) / 2}]`
            : a === q.used
              ? "used.flags"
              : a === q.used + 2
                ? "used.idx"
                : a >= q.used + 4 && a < q.used + 4 + 8 * q.size
                  ? `used.ring[${(a - q.used - 4) / 8}]`
                  : `0x${a.toString(16)}`;
    return `${e.memory.op === "ACCESS_WRITE" ? "W" : "R"} ${field}${b.length === 2 ? `=${b.readUInt16LE(0)}` : ""}`;
  }
  if (e.mmio || e.pio) return (e.mmio ?? e.pio)?.op === "ACCESS_WRITE" ? "reg-write" : "reg-read";
  if (e.interrupt) return `${e.agent.host ? "host " : ""}irq ${e.interrupt.action === "IRQ_ACTION_DEASSERT" ? "lower" : "raise"}`;
  return "other";
}

/**
 * `n` tokens of the driver's from the first one equal to `from`. Interrupts are left out: they
 * are the device's, and where one falls among the driver's accesses is QEMU's timing (a
 * completion's interrupt has been seen between avail->idx and the next store on a busy machine).
 */
function tokensFrom(rec: Recording, q: Queue, from: string, n: number): string[] {
  const t = rec.events.filter((e) => !e.interrupt).map((e) => token(e, q));
  const at = t.indexOf(from);
  expect(at, `no ${from} in the session`).toBeGreaterThanOrEqual(0);
  return t.slice(at, at + n);
}

const seqOf = (rec: Recording, pred: (e: Ev) => boolean, after = -1): number => {
  const e = rec.events.find((x) => x.seq > after && pred(x));
  if (e === undefined) throw new Error("no such event in the session");
  return e.seq;
};
const faultSeq = (rec: Recording) => seqOf(rec, (e) => /^fault [a-z-]+: /.test(e.marker?.text ?? ""));
const givenUpSeq = (rec: Recording) => seqOf(rec, (e) => /request\(s\) given up/.test(e.marker?.text ?? ""));
const resetSeq = (rec: Recording) => seqOf(rec, (e) => e.marker?.text === "virtio-blk: reset on remove");

const BLK = (transport: string) => ["virtio-blk", "--transport", transport, "--requests", "3"];

/** Records ordering fault `fault` on virtio-blk over `transport`: QEMU still behaves as QEMU, so the replay has no divergence and no guest error. */
function recordOrdering(fault: string, transport: string): { rec: Recording; q: Queue } {
  const rec = record(fault, BLK(transport));
  expect(rec.replay).toMatchObject({ divergences: [], guestErrors: [] });
  return { rec, q: queueOf(rec) };
}

/** The first batch's two avail ring entries (heads 0 and 3), as the driver stores them. */
const ENTRIES = ["W avail.ring[0]=0", "W avail.ring[1]=3"];
/** Whether to notify (smp_mb, then used.flags: no NO_NOTIFY), then the notify register write. */
const NOTIFY = ["smp_mb", "R used.flags=0", "reg-write"];

describe.skipIf(skipQemu)(`devtape drive --fault on real QEMU${skipNote}`, () => {
  describe("ordering faults: the recorded order shows the bug, and the replay has no divergence", () => {
    it("idx-before-entry (mmio-v1): avail->idx is stored before the ring entries", () => {
      const { rec, q } = recordOrdering("idx-before-entry", "mmio-v1");
      expect(rec.summary).toMatchObject({ requestsChecked: 3, requestsGivenUp: 0 });
      expect(tokensFrom(rec, q, "FAULT", 8)).toEqual(["FAULT", "W avail.idx=2", "smp_wmb", ...ENTRIES, ...NOTIFY]);
    });

    it("desc-after-publish (pci-modern): the first chain's descriptors are stored after avail->idx, before the notify", () => {
      const { rec, q } = recordOrdering("desc-after-publish", "pci-modern");
      expect(rec.summary).toMatchObject({ requestsChecked: 3, requestsGivenUp: 0 });
      const publish = tokensFrom(rec, q, "W avail.ring[0]=0", 11);
      expect(publish).toEqual([...ENTRIES, "smp_wmb", "W avail.idx=2", "FAULT", "W desc[0]", "W desc[1]", "W desc[2]", ...NOTIFY]);
      // Before the publish only the second chain's descriptors were stored.
      const all = rec.events.map((e) => token(e, q));
      const ready = rec.events.findIndex((e) => e.marker?.text.startsWith("virtio-blk: ready"));
      const before = all.slice(ready, all.indexOf("W avail.ring[0]=0"));
      expect(before.filter((t) => t.startsWith("W desc"))).toEqual(["W desc[3]", "W desc[4]", "W desc[5]"]);
    });

    it("missing-barrier (pci-legacy): no write barrier between the ring entries and avail->idx", () => {
      const { rec, q } = recordOrdering("missing-barrier", "pci-legacy");
      expect(tokensFrom(rec, q, "W avail.ring[0]=0", 7)).toEqual([...ENTRIES, "FAULT", "W avail.idx=2", ...NOTIFY]);
      // The second batch, without the fault, has its barrier.
      expect(tokensFrom(rec, q, "W avail.ring[2]=6", 3)).toEqual(["W avail.ring[2]=6", "smp_wmb", "W avail.idx=3"]);
    });

    it("used-before-idx (mmio-v1): a used element is read before used->idx and its read barrier", () => {
      const { rec, q } = recordOrdering("used-before-idx", "mmio-v1");
      expect(rec.summary).toMatchObject({ requestsChecked: 3, requestsGivenUp: 0 });
      const t = tokensFrom(rec, q, "FAULT", 4);
      expect(t.slice(0, 2)).toEqual(["FAULT", "R used.ring[0]"]);
      expect(t[2]).toMatch(/^R used\.idx=[12]$/);
      expect(t[3]).toBe("smp_rmb");
      // Everywhere else a used element is read only after used->idx and smp_rmb.
      const all = rec.events.map((e) => token(e, q));
      const early = all.indexOf("FAULT") + 1;
      all.forEach((tok, i) => {
        if (i === early || !tok.startsWith("R used.ring")) return;
        const prev = all.slice(0, i).filter((x) => x.startsWith("R used.idx") || x === "smp_rmb" || x.startsWith("R used.ring"));
        expect(prev.at(-1) === "smp_rmb" || prev.at(-1)?.startsWith("R used.ring"), `${tok} at ${i}`).toBe(true);
      });
    });

    it("notify-before-publish (pci-legacy): the notify precedes avail->idx, QEMU pops nothing until the next notify", () => {
      const { rec, q } = recordOrdering("notify-before-publish", "pci-legacy");
      expect(rec.summary).toMatchObject({ requestsChecked: 3, requestsLate: 2, requestsGivenUp: 0 });
      expect(tokensFrom(rec, q, "W avail.ring[0]=0", 8)).toEqual([...ENTRIES, "smp_wmb", "FAULT", ...NOTIFY, "W avail.idx=2"]);
      // No interrupt from the device before the driver gives up, and the model popped nothing.
      const faultAt = faultSeq(rec);
      const gaveUp = givenUpSeq(rec);
      const between = rec.events.filter((e) => e.seq > faultAt && e.seq < gaveUp).map((e) => token(e, q));
      expect(between.filter((t) => t.startsWith("irq"))).toEqual([]);
      expect(queueStateAt(rec, gaveUp)).toMatchObject({ availIdx: 2, popped: 0, inFlight: [] });
      // The next batch's notify takes all three.
      expect(queueStateAt(rec, resetSeq(rec))).toMatchObject({ availIdx: 3, popped: 3, completed: 3, inFlight: [] });
    });

    it("missing-notify (mmio-v2): nothing is notified, no interrupt comes, the driver gives up and the next notify takes all", () => {
      const { rec, q } = recordOrdering("missing-notify", "mmio-v2");
      expect(rec.summary).toMatchObject({ requestsChecked: 3, requestsLate: 2, requestsGivenUp: 0 });
      // The notify decision is made (smp_mb, used.flags), then the fault takes the notify's place.
      expect(tokensFrom(rec, q, "W avail.ring[0]=0", 8)).toEqual([
        ...ENTRIES,
        "smp_wmb",
        "W avail.idx=2",
        "smp_mb",
        "R used.flags=0",
        "FAULT",
        "marker",
      ]);
      const gaveUp = givenUpSeq(rec);
      expect(rec.events.find((e) => e.seq === gaveUp)?.marker?.text).toMatch(
        /^virtio-blk: no interrupt within \d+ ms after fault missing-notify; 2 request\(s\) given up/,
      );
      expect(queueStateAt(rec, gaveUp)).toMatchObject({ availIdx: 2, popped: 0, inFlight: [] });
      expect(queueStateAt(rec, resetSeq(rec))).toMatchObject({ popped: 3, completed: 3 });
    });

    it("irq-not-acked (mmio-v2): after the first interrupt nothing writes InterruptACK and the line stays raised until the reset", () => {
      const rec = record("irq-not-acked", BLK("mmio-v2"));
      expect(rec.replay).toMatchObject({ divergences: [], guestErrors: [] });
      expect(rec.summary).toMatchObject({ requestsChecked: 3, requestsGivenUp: 0 });
      const base = Number(rec.events.find((e) => e.attach)?.attach?.mmioBase);
      const at = faultSeq(rec);
      const after = rec.events.filter((e) => e.seq > at);
      const writes = after.filter((e) => e.mmio?.op === "ACCESS_WRITE").map((e) => Number(e.mmio?.addr) - base);
      expect(writes).toEqual([MMIO.QueueNotify, MMIO.Status]);
      expect(after.filter((e) => e.mmio?.op === "ACCESS_READ").every((e) => Number(e.mmio?.addr) - base === MMIO.InterruptStatus)).toBe(
        true,
      );
      // The only interrupt change after the fault is the line falling at the reset.
      const irqs = after.filter((e) => e.interrupt);
      expect(irqs.map((e) => e.interrupt?.action)).toEqual(["IRQ_ACTION_DEASSERT"]);
      expect(irqs[0]?.seq).toBeGreaterThan(after.find((e) => Number(e.mmio?.addr) - base === MMIO.Status)?.seq ?? Infinity);
      // The fault was committed on the first interrupt, which the device had raised.
      expect(rec.events.filter((e) => e.seq < at && e.interrupt).map((e) => e.interrupt?.action)).toEqual(["IRQ_ACTION_ASSERT"]);
    });

    it("irq-not-acked (megasas): the outbound doorbell is never cleared after the first reply interrupt, and the line never falls", () => {
      const rec = record("irq-not-acked", ["megasas"]);
      expect(rec.replay).toMatchObject({ divergences: [], guestErrors: [] });
      const at = faultSeq(rec);
      const st = JSON.parse(devtape(["state", rec.store, "--at", String(at), "--json"]).stdout) as {
        devices: { pci: { bars: { size: number | null; decodedAt: string | null }[] } }[];
      };
      const regs = Number(st.devices[0]?.pci.bars.find((b) => b.size === 0x4000)?.decodedAt);
      const odcr0 = regs + MFI_REG.ODCR0;
      expect(rec.events.some((e) => e.seq < at && Number(e.mmio?.addr) === odcr0)).toBe(true);
      const after = rec.events.filter((e) => e.seq > at);
      expect(after.filter((e) => Number(e.mmio?.addr) === odcr0)).toEqual([]);
      expect(after.filter((e) => e.interrupt?.action === "IRQ_ACTION_DEASSERT")).toEqual([]);
      expect(rec.events.filter((e) => e.marker?.text.startsWith("megasas: request")).length).toBeGreaterThanOrEqual(9);
    });
  });

  describe("faults the model reports as guest errors, at the event that commits them", () => {
    it("driver-ok-without-features-ok (pci-modern)", () => {
      const rec = record("driver-ok-without-features-ok", BLK("pci-modern"));
      expect(rec.replay.divergences).toEqual([]);
      expect(rec.summary).toMatchObject({ requestsChecked: 3, requestsGivenUp: 0 });
      const seq = seqOf(rec, (e) => e.mmio?.op === "ACCESS_WRITE" && e.mmio.value === 0x07, faultSeq(rec));
      expect(rec.replay.guestErrors).toMatchObject([
        { seq, value: 7, why: "DRIVER_OK without FEATURES_OK on a modern (virtio 1.x) device" },
      ]);
      expect(seq).toBeGreaterThan(faultSeq(rec));
    });

    it("features-after-features-ok (mmio-v2): both feature words written again are refused", () => {
      const rec = record("features-after-features-ok", BLK("mmio-v2"));
      expect(rec.replay.divergences).toEqual([]);
      const base = Number(rec.events.find((e) => e.attach)?.attach?.mmioBase);
      const at = faultSeq(rec);
      const again = rec.events.filter((e) => e.seq > at && Number(e.mmio?.addr) - base === MMIO.DriverFeatures).map((e) => e.seq);
      const why = "driver features written after FEATURES_OK; the device ignores them";
      expect(rec.replay.guestErrors).toMatchObject(again.map((seq) => ({ seq, why })));
      expect(again).toHaveLength(2);
      expect(rec.summary).toMatchObject({ requestsChecked: 3, requestsGivenUp: 0 });
    });

    it("queue-size-over-max (pci-modern): twice the device's maximum, which QEMU accepts", () => {
      const rec = record("queue-size-over-max", BLK("pci-modern"));
      expect(rec.replay.divergences).toEqual([]);
      const seq = seqOf(rec, (e) => e.mmio?.op === "ACCESS_WRITE" && e.mmio.value === 512, faultSeq(rec));
      expect(rec.replay.guestErrors).toMatchObject([
        { seq, value: 512, why: "queue 0 size 512 is above the device's maximum 256 (QEMU accepts it)" },
      ]);
      expect(queueOf(rec).size).toBe(512);
      expect(rec.summary).toMatchObject({ requestsChecked: 3, requestsGivenUp: 0 });
    });

    it("descriptor-loop (pci-modern): QEMU breaks the device at the notify, sets NEEDS_RESET and the driver gives up cleanly", () => {
      const rec = record("descriptor-loop", BLK("pci-modern"));
      expect(rec.replay.divergences).toEqual([]);
      const q = queueOf(rec);
      const notify = seqOf(rec, (e) => e.mmio?.op === "ACCESS_WRITE", faultSeq(rec));
      expect(rec.replay.guestErrors).toEqual([
        {
          seq: notify,
          device: "virtio-blk@00:04.0",
          offset: q.desc + 32,
          value: 2,
          why: "descriptor chain from head 0 loops (longer than its table of 8); the device stops (virtio_error) until it is reset",
          source: null, // a recording, not an import: no input line to cite
        },
      ]);
      // The looping descriptor: the chain's last, NEXT set, next = itself.
      const loop = rec.events.find((e) => e.seq > faultSeq(rec) && token(e, q) === "W desc[2]");
      expect([...bytes(loop as Ev).subarray(12, 16)]).toEqual([3, 0, 2, 0]);
      // QEMU's answer: a configuration interrupt (ISR 0x3) and DEVICE_NEEDS_RESET; the driver stops there.
      const reads = rec.events.filter((e) => e.seq > notify && e.mmio?.op === "ACCESS_READ").map((e) => e.mmio?.value);
      expect(reads.slice(0, 2)).toEqual([0x3, 0x4f]);
      expect(rec.summary).toMatchObject({ requestsChecked: 0, requestsGivenUp: 3 });
    });

    it("megasas-consumer-past-producer (megasas-gen2): the consumer stored one past the producer", () => {
      const rec = record("megasas-consumer-past-producer", ["megasas-gen2"]);
      expect(rec.replay.divergences).toEqual([]);
      const at = faultSeq(rec);
      const store = rec.events.find((e) => e.seq > at && e.memory?.op === "ACCESS_WRITE") as Ev;
      expect([...bytes(store)]).toEqual([2, 0, 0, 0]);
      expect(rec.replay.guestErrors).toEqual([
        {
          seq: store.seq,
          device: "megasas-gen2@00:04.0",
          offset: Number(store.memory?.addr),
          value: 2,
          why: "consumer index 2 is past the producer index 1: the driver consumed replies the device has not posted",
          source: null,
        },
      ]);
    });
  });
});
