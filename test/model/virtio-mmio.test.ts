import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { syntheticEvents } from "../../src/bench/synthetic.js";
import { virtioBlkWorkload } from "../../src/bench/virtio-workload.js";
import { stateHash } from "../../src/engine/replay.js";
import { Machine } from "../../src/model/machine/machine.js";
import { summarize } from "../../src/model/machine/summary.js";
import { eventFromJson } from "../../src/schema/json.js";
import { Access, type EventProps, IrqAction } from "../../src/schema/proto.js";
import { ID, le, MmioSession, R } from "./mmio-session.js";

function run(events: EventProps[]): Machine {
  const m = new Machine();
  for (const ev of events) m.apply(ev);
  return m;
}

function capture(name: string): EventProps[] {
  return readFileSync(`traces/qemu/${name}.jsonl`, "utf8").trim().split("\n").map(eventFromJson);
}

const RING = 0x200000;
const USED = RING + 0x1000;

describe("virtio-mmio captured from QEMU 7.2", () => {
  it.each(["virtio-blk-mmio-v1", "virtio-blk-mmio-v2"])("%s replays with no divergence and no guest error", (name) => {
    const events = capture(name);
    const m = run(events);
    expect(m.divergences).toEqual([]);
    expect(m.guestErrors).toEqual([]);
    // Before the driver's final reset: one queue of 8, every request completed.
    const beforeReset = run(events.slice(0, events.length - 1));
    const [dev] = summarize(beforeReset);
    expect(dev?.statusNames).toContain("DRIVER_OK");
    const q = dev?.queues?.[0];
    expect(q?.size).toBe(8);
    expect(q?.availIdx).toBe(q?.usedIdx);
    expect(q?.completed).toBe(q?.usedIdx);
    expect(q?.inFlight).toBe(0);
    expect(dev?.interrupts).toBeGreaterThan(0);
  });
});

describe("long virtio-blk sessions", () => {
  it.each([
    [1, false, false],
    [2, false, false],
    [1, true, false],
    [2, true, true],
  ] as const)(
    "version %i, device DMA %s, reversed completions %s: every request completes, nothing diverges",
    (version, deviceDma, reverse) => {
      const events = virtioBlkWorkload({ version, requests: 600, batch: 7, deviceDma, reverse });
      const m = run(events);
      expect(m.divergences).toEqual([]);
      expect(m.guestErrors).toEqual([]);
      const q = summarize(m)[0]?.queues?.[0];
      expect(q).toMatchObject({ size: 128, availIdx: 600, usedIdx: 600, completed: 600, inFlight: 0 });
    },
  );

  it("gives the same state hash whether it runs straight through or restarts from snapshots", () => {
    const events = virtioBlkWorkload({ version: 2, requests: 300, batch: 5, deviceDma: true });
    const straight = run(events);
    let m = new Machine();
    events.forEach((ev, i) => {
      m.apply(ev);
      if (i % 997 === 0) {
        const bytes = m.encode();
        m = Machine.decode(bytes);
        expect(m.encode()).toEqual(bytes);
      }
    });
    expect(stateHash(m)).toBe(stateHash(straight));
  });

  it("is deterministic: two replays give byte-identical states", () => {
    const events = virtioBlkWorkload({ version: 1, requests: 100, batch: 3 });
    expect(run(events).encode()).toEqual(run(events).encode());
  });
});

describe("the reducer contract", () => {
  it("never throws, whatever the events say", () => {
    const s = new MmioSession(2);
    const m = run([...s.events, ...syntheticEvents(20_000, 9)]);
    expect(m.events).toBe(20_002);
  });

  it("ignores an event without payload other than counting it", () => {
    const m = new Machine();
    m.apply({ seq: 0, agent: { cpu: 0 } });
    expect(m.events).toBe(1);
    expect(m.guestErrors).toEqual([]);
  });
});

const legacy = () => new MmioSession(1).legacyUp(RING);
const modern = () => new MmioSession(2);
/** A version 2 device with VIRTIO_F_VERSION_1 accepted: ACKNOWLEDGE, DRIVER, driver features word 1 = 1, FEATURES_OK. */
const featuresOk = () =>
  modern().write(R.Status, 1).write(R.Status, 3).write(R.DriverFeaturesSel, 1).write(R.DriverFeatures, 1).write(R.Status, 11);

/** Queue 0 of 8 set up on a version 2 device with its features negotiated (rings at RING, RING + 128 and USED), then DRIVER_OK. */
const queueZeroReady = (s: MmioSession) =>
  s
    .write(R.QueueSel, 0)
    .read(R.QueueNumMax, 1024)
    .memWrite(RING, new Array(0x2000).fill(0))
    .write(R.QueueNum, 8)
    .write(R.QueueDescLow, RING)
    .write(R.QueueDriverLow, RING + 128)
    .write(R.QueueDeviceLow, USED)
    .write(R.QueueReady, 1)
    .write(R.Status, 15);

describe("guest errors are data", () => {
  const cases: [string, () => MmioSession, string][] = [
    ["a write to a read-only register", () => legacy().write(R.MagicValue, 1), "write of read-only register MagicValue"],
    ["a read of a write-only register", () => legacy().read(R.QueueSel, 0), "read of write-only register QueueSel"],
    ["a 2-byte register access", () => legacy().write(R.Status, 1, 2), "2-byte write of register Status"],
    [
      "a version 2 register on a version 1 device",
      () => legacy().write(R.QueueReady, 1),
      "write of QueueReady, a version 2 register, on a version 1 device",
    ],
    [
      "a version 1 register on a version 2 device",
      () => modern().write(R.QueuePFN, 5),
      "write of QueuePFN, a version 1 register, on a version 2 device",
    ],
    ["QueuePFN 0", () => legacy().write(R.QueuePFN, 0), "QueuePFN 0: QEMU resets the whole device"],
    ["a queue size above the maximum", () => legacy().write(R.QueueNum, 2048), "queue 0 size 2048 is above the maximum 1024"],
    ["a queue size that is not a power of 2", () => legacy().write(R.QueueNum, 12), "queue 0 size 12 is not a power of 2"],
    ["features after FEATURES_OK", () => featuresOk().write(R.DriverFeatures, 1), "driver features written after FEATURES_OK"],
    [
      "DRIVER_OK without FEATURES_OK on a modern device",
      () => modern().write(R.Status, 1).write(R.Status, 3).write(R.Status, 7),
      "DRIVER_OK without FEATURES_OK",
    ],
    ["status bits cleared without a reset", () => legacy().write(R.Status, 3), "status bits DRIVER_OK cleared without a reset"],
    ["DRIVER before ACKNOWLEDGE", () => modern().write(R.Status, 2), "DRIVER set without ACKNOWLEDGE"],
    ["a notify of a queue that is not set up", () => modern().write(R.QueueNotify, 3), "notify of queue 3, which is not set up"],
    [
      "a notify before DRIVER_OK",
      () =>
        new MmioSession(1)
          .legacyUp(RING)
          .write(R.Status, 0)
          .write(R.Status, 1)
          .write(R.Status, 3)
          .write(R.QueueNum, 8)
          .write(R.QueuePFN, RING / 4096)
          .write(R.QueueNotify, 0),
      "notify of queue 0 before DRIVER_OK (virtio 1.x §3.1.1: the driver must not notify the device before setting DRIVER_OK; QEMU serves it anyway)",
    ],
    [
      "a descriptor loop",
      () =>
        legacy()
          .memWrite(RING, [...le(0x300000, 8), ...le(16, 4), ...le(1, 2), ...le(1, 2)])
          .memWrite(RING + 16, [...le(0x300100, 8), ...le(16, 4), ...le(1, 2), ...le(0, 2)])
          .memWrite(RING + 128 + 4, le(0, 2))
          .memWrite(RING + 128 + 2, le(1, 2))
          .write(R.QueueNotify, 0),
      "descriptor chain from head 0 loops",
    ],
    [
      "an avail entry beyond the queue",
      () =>
        legacy()
          .memWrite(RING + 128 + 4, le(9, 2))
          .memWrite(RING + 128 + 2, le(1, 2))
          .write(R.QueueNotify, 0),
      "avail ring names descriptor 9, beyond the queue size 8",
    ],
    [
      "an avail idx further ahead than the queue is long",
      () =>
        legacy()
          .memWrite(RING + 128 + 2, le(20, 2))
          .write(R.QueueNotify, 0),
      "avail.idx 20 is 20 ahead",
    ],
    ["a driver store into the used ring", () => legacy().memWrite(USED + 2, le(1, 2)), "the driver wrote into queue 0's used ring"],
  ];
  it.each(cases)("%s is recorded with a sentence, and replay goes on", (_what, build, why) => {
    const s = build();
    const m = run([...s.events, ...new MmioSession(1).events.slice(2).map((e) => e)]);
    expect(m.guestErrors.map((g) => g.why).join("\n")).toContain(why);
    expect(m.guestErrors.every((g) => g.device === ID && g.seq >= 2)).toBe(true);
    expect(m.divergences).toEqual([]);
  });

  it("QueuePFN 0 leaves the device reset: status reads 0 again", () => {
    const m = run(legacy().write(R.QueuePFN, 0).read(R.Status, 0).events);
    expect(m.divergences).toEqual([]);
    expect(summarize(m)[0]?.status).toBe(0);
  });
});

describe("chain errors QEMU answers with virtio_error stop the device until it is reset", () => {
  /** Descriptors [len, flags, next] from index 0 at 0x300000 + 0x1000 × i, head 0 published and notified. */
  const chain = (s: MmioSession, descs: [number, number, number][]) => {
    descs.forEach(([len, flags, next], i) =>
      s.memWrite(RING + 16 * i, [...le(0x300000 + 0x1000 * i, 8), ...le(len, 4), ...le(flags, 2), ...le(next, 2)]),
    );
    return s
      .memWrite(RING + 128 + 4, le(0, 2))
      .barrier()
      .memWrite(RING + 128 + 2, le(1, 2))
      .write(R.QueueNotify, 0);
  };
  const cases: [string, [number, number, number][], string][] = [
    [
      "a descriptor loop",
      [
        [16, 1, 1],
        [512, 3, 2],
        [1, 3, 2],
      ],
      "descriptor chain from head 0 loops (longer than its table of 8)",
    ],
    ["a next index beyond the table", [[16, 1, 9]], "descriptor 0 chains to 9, beyond its table of 8"],
    [
      "a device-readable descriptor after a device-writable one",
      [
        [16, 1, 1],
        [1, 3, 2],
        [512, 0, 0],
      ],
      "device-readable descriptor 2 follows a device-writable one in the chain from head 0",
    ],
    [
      "a zero-length buffer",
      [
        [16, 1, 1],
        [0, 2, 0],
      ],
      "descriptor 1 of the chain from head 0 has length 0",
    ],
  ];
  it.each(cases)("%s: one guest error, and a correct request after it is not taken", (_what, descs, why) => {
    const s = chain(legacy(), descs).blkRead(RING, 8, 3, 1, 2).write(R.QueueNotify, 0).read(R.Status, 7);
    const m = run(s.events);
    expect(m.guestErrors.map((g) => g.why)).toEqual([`${why}; the device stops (virtio_error) until it is reset`]);
    expect(m.divergences).toEqual([]);
    expect(summarize(m)[0]?.queues?.[0]).toMatchObject({ availIdx: 2, inFlight: 0 });
  });

  it("a reset brings the device back", () => {
    const broken = chain(legacy(), [
      [16, 1, 1],
      [512, 3, 1],
    ]);
    const s = broken.write(R.Status, 0).legacyUp(RING).blkRead(RING, 8, 3, 0, 1).write(R.QueueNotify, 0);
    expect(summarize(run(s.events))[0]?.queues?.[0]).toMatchObject({ availIdx: 1, inFlight: 1 });
  });

  /** A version 2 device with VIRTIO_F_VERSION_1 negotiated and queue 0 of 8 at RING. */
  const v1Device = () => queueZeroReady(featuresOk());

  it("with VIRTIO_F_VERSION_1 the device sets DEVICE_NEEDS_RESET and sends a configuration interrupt", () => {
    const s = chain(v1Device(), [
      [16, 1, 1],
      [512, 3, 1],
    ])
      .irq()
      .read(R.InterruptStatus, 3)
      .write(R.InterruptACK, 3);
    const m = run(s.read(R.Status, 0x4f).events);
    expect(m.divergences).toEqual([]);
    expect(m.guestErrors.map((g) => g.why)).toEqual([
      "descriptor chain from head 0 loops (longer than its table of 8); the device stops (virtio_error) until it is reset",
    ]);
    const healthy = run(
      chain(v1Device(), [
        [16, 1, 1],
        [512, 3, 1],
      ]).read(R.Status, 0xf).events,
    );
    expect(healthy.divergences.map((d) => d.what)).toEqual(["status"]);
  });
});

describe("divergences: values no device could have produced", () => {
  const inFlight = () => legacy().blkRead(RING, 8, 0, 0, 1).write(R.QueueNotify, 0);
  const cases: [string, () => MmioSession, string, string][] = [
    ["a wrong magic value", () => legacy().read(R.MagicValue, 0x12345678), "MagicValue", "0x74726976"],
    ["a device id that changes", () => legacy().read(R.DeviceID, 2).read(R.DeviceID, 3), "DeviceID", "0x2"],
    ["a status the driver did not write", () => legacy().read(R.Status, 0xf), "status", "0x7 (ACKNOWLEDGE|DRIVER|DRIVER_OK)"],
    ["an interrupt status with nothing in flight", () => legacy().read(R.InterruptStatus, 1), "InterruptStatus", "0x0"],
    ["used.idx beyond what is in flight", () => inFlight().memRead(USED + 2, le(2, 2)), "queue 0 used.idx", "0…1 (1 in flight)"],
    [
      "a used element naming a head not in flight",
      () =>
        inFlight()
          .memRead(USED + 2, le(1, 2))
          .memRead(USED + 4, [...le(5, 4), ...le(513, 4)]),
      "queue 0 used.ring[0].id",
      "a head in flight (0)",
    ],
    [
      "a used length other than QEMU's",
      () =>
        inFlight()
          .memRead(USED + 2, le(1, 2))
          .memRead(USED + 4, [...le(0, 4), ...le(512, 4)]),
      "queue 0 used.ring[0].len for head 0",
      "513",
    ],
    [
      "memory that changed with nobody writing it",
      () => legacy().memWrite(0x500000, [1, 2, 3]).memRead(0x500000, [1, 2, 4]),
      "memory read at 0x500000",
      "01 02 03 (last written, and no device writes there)",
    ],
  ];
  it.each(cases)("%s", (_what, build, what, allowed) => {
    const m = run(build().events);
    expect(m.divergences).toHaveLength(1);
    expect(m.divergences[0]).toMatchObject({ what, allowed });
  });

  it("accepts an old used.idx between a notify and its completion (the device is asynchronous)", () => {
    const s = legacy()
      .blkRead(RING, 8, 0, 0, 1)
      .write(R.QueueNotify, 0)
      .memRead(USED + 2, le(0, 2))
      .read(R.InterruptStatus, 0)
      .memRead(USED + 2, le(1, 2))
      .read(R.InterruptStatus, 1)
      .write(R.InterruptACK, 1)
      .memRead(USED + 4, [...le(0, 4), ...le(513, 4)]);
    const m = run(s.events);
    expect(m.divergences).toEqual([]);
    expect(summarize(m)[0]?.queues?.[0]).toMatchObject({ availIdx: 1, usedIdx: 1, completed: 1, inFlight: 0 });
  });

  it("does not read memory it never saw as zeros: an unknown ring is followed, not judged", () => {
    const s = new MmioSession(1);
    s.write(R.Status, 1)
      .write(R.Status, 3)
      .write(R.GuestPageSize, 4096)
      .write(R.QueueNum, 8)
      .write(R.QueuePFN, RING / 4096)
      .write(R.Status, 7);
    s.write(R.QueueNotify, 0)
      .memRead(USED + 2, le(3, 2))
      .read(R.InterruptStatus, 1);
    const m = run(s.events);
    expect(m.divergences).toEqual([]);
    expect(summarize(m)[0]?.queues?.[0]).toMatchObject({ availIdx: null, usedIdx: 3 });
  });
});

describe("packed virtqueues (VIRTIO_F_RING_PACKED), which the model does not follow", () => {
  /** A version 2 device with VERSION_1 and RING_PACKED negotiated, queue 0 of 8: descriptor ring at RING, event areas after it. */
  const packed = (negotiate: number) =>
    queueZeroReady(
      modern()
        .write(R.Status, 1)
        .write(R.Status, 3)
        .write(R.DeviceFeaturesSel, 1)
        .read(R.DeviceFeatures, 0x5)
        .write(R.DriverFeaturesSel, 1)
        .write(R.DriverFeatures, negotiate)
        .write(R.Status, 11),
    );
  /** A one-sector read as a packed driver and device write it: descriptors with AVAIL (bit 7), the device's used descriptor in place (AVAIL|USED). */
  const request = (s: MmioSession) => {
    const desc = (addr: number, len: number, id: number, flags: number) => [...le(addr, 8), ...le(len, 4), ...le(id, 2), ...le(flags, 2)];
    return (
      s
        .memWrite(0x300000, [...le(0, 4), ...le(0, 4), ...le(0, 8)])
        .memWrite(RING, [...desc(0x300000, 16, 0, 0x81), ...desc(0x301000, 512, 0, 0x83), ...desc(0x302000, 1, 0, 0x82)])
        // The driver's event suppression area: off_wrap 1, flags 1 (a split ring would read avail.flags 1, avail.idx 1).
        .memWrite(RING + 0x80, [...le(1, 2), ...le(1, 2)])
        .barrier()
        .write(R.QueueNotify, 0)
        .push({ agent: { device: ID }, memory: { op: Access.ACCESS_WRITE, addr: 0x301000, data: new Uint8Array(512).fill(7) } })
        .push({ agent: { device: ID }, memory: { op: Access.ACCESS_WRITE, addr: 0x302000, data: Uint8Array.of(0) } })
        .push({ agent: { device: ID }, memory: { op: Access.ACCESS_WRITE, addr: RING, data: Uint8Array.from(desc(0, 513, 0, 0x8080)) } })
        .push({ agent: { device: ID }, memory: { op: Access.ACCESS_WRITE, addr: USED, data: Uint8Array.of(0, 0, 0, 0) } })
        .irq()
        .read(R.InterruptStatus, 1)
        .write(R.InterruptACK, 1)
        .irq(IrqAction.IRQ_ACTION_DEASSERT)
        .memRead(RING + 14, le(0x8080, 2))
    );
  };

  it("reads no split ring in a packed queue's areas: a packed driver's request gives no divergence, no guest error, no request", () => {
    const m = run(request(packed(0x5)).events);
    expect(m.divergences).toEqual([]);
    expect(m.guestErrors).toEqual([]);
    const [dev] = summarize(m);
    expect(dev).toMatchObject({ packedRings: true, interrupts: 1, requests: {} });
    expect(dev?.queues?.[0]).toMatchObject({ inFlight: 0, completed: 0 });
    // Restored from a snapshot, the device still knows its queues are packed.
    expect(summarize(Machine.decode(m.encode()))[0]).toMatchObject({ packedRings: true });
  });

  it("reads the same bytes as a split ring when RING_PACKED is not negotiated: a request that is not there", () => {
    const [dev] = summarize(run(request(packed(0x1)).events));
    expect(dev?.packedRings).toBeUndefined();
    expect(dev).toMatchObject({ requests: { "0: IN": 1 } });
    expect(dev?.queues?.[0]).toMatchObject({ inFlight: 1 });
  });
});

describe("a configuration change the host made (a resize over QMP), on the interrupt line", () => {
  // The capacity (device configuration at 0x100) reads 2048, then the host resizes the disk.
  const known = () => legacy().read(0x100, 2048);

  it("takes the interrupt back when InterruptStatus shows bit 1, and learns the configuration again", () => {
    // QEMU's virtio_notify_config sets both bits: 0x3.
    const m = run(
      known().irq().read(R.InterruptStatus, 3).write(R.InterruptACK, 3).irq(IrqAction.IRQ_ACTION_DEASSERT).read(0x100, 4096).events,
    );
    expect(m.divergences).toEqual([]);
    expect(m.guestErrors).toEqual([]);
    expect(summarize(m)[0]).toMatchObject({ interrupts: 1, hostConfigChanges: 1 });
    // Bit 1 without bit 0 is no status QEMU's notification leaves.
    expect(run(known().irq().read(R.InterruptStatus, 2).events).divergences.map((d) => d.what)).toEqual(["InterruptStatus"]);
  });

  it("keeps it a divergence when InterruptStatus shows no configuration change", () => {
    const m = run(known().irq().read(R.InterruptStatus, 0).events);
    expect(m.divergences.map((d) => d.what)).toEqual([expect.stringContaining("interrupt"), "InterruptStatus"]);
    expect(summarize(m)[0]).toMatchObject({ hostConfigChanges: 0 });
  });
});
