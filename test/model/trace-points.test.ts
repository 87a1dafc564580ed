// QEMU's own virtio trace points (virtio_queue_notify, virtqueue_pop/fill/flush,
// virtio_set_status) checked against the model: consistent points pass, and each kind of
// point the model rules out is a divergence that names it. Real trace logs replay clean,
// and the same logs with one line changed do not.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseQemuTraceText } from "../../src/io/qemu-trace/parse-log.js";
import { TraceCatalog } from "../../src/io/qemu-trace/trace-events.js";
import { Machine } from "../../src/model/machine/machine.js";
import type { EventProps } from "../../src/schema/proto.js";
import { ID, MmioSession, R } from "./mmio-session.js";

const RING = 0x100000;

function obs(s: MmioSession, name: string, args: Record<string, number>): MmioSession {
  return s.push({ agent: { device: ID }, observation: { name, args: Object.entries(args).map(([n, v]) => ({ name: n, uint: v })) } });
}

/** A legacy virtio-mmio block device with one read of one sector published (head 0). */
function published(): MmioSession {
  return new MmioSession(1).legacyUp(RING, 8).blkRead(RING, 8, 0, 0, 1);
}

function replay(events: EventProps[]): Machine {
  const m = new Machine();
  for (const ev of events) m.apply(ev);
  return m;
}

/** QEMU's account of completing the one read: 512 bytes of data and the status byte. */
function completes(s: MmioSession, o: { len?: number; inNum?: number; count?: number } = {}): MmioSession {
  obs(s, "virtqueue_pop", { vq: 2, elem: 3, in_num: o.inNum ?? 2, out_num: 1 });
  obs(s, "virtqueue_fill", { vq: 2, elem: 3, len: o.len ?? 513, idx: 0 });
  return obs(s, "virtqueue_flush", { vq: 2, count: o.count ?? 1 });
}

describe("virtio trace points against the model", () => {
  it("accepts QEMU's account of a request the model predicted", () => {
    const s = published().write(R.QueueNotify, 0);
    obs(s, "virtio_queue_notify", { vdev: 1, n: 0, vq: 2 });
    const m = replay(completes(s).events);
    expect(m.divergences).toEqual([]);
    expect(m.guestErrors).toEqual([]);
    const core = m.devices.get(ID)?.core;
    expect(core?.trace.seen).toBe(4);
    expect(core?.queue(0).popped).toBe(1); // the notify write and its trace point: one notify
  });

  it("handles a notify only the trace shows (an ioeventfd notify) as a notify", () => {
    const s = published();
    obs(s, "virtio_queue_notify", { vdev: 1, n: 0, vq: 2 });
    const m = replay(completes(s).events);
    expect(m.divergences).toEqual([]);
    expect(m.devices.get(ID)?.core?.queue(0).popped).toBe(1);
  });

  const wrong: [string, (s: MmioSession) => MmioSession, string, string][] = [
    ["a used length other than the request's", (s) => completes(s, { len: 512 }), "queue 0 virtqueue_fill (trace) len of head 0", "513"],
    [
      "fewer device-writable buffers than the chain",
      (s) => completes(s, { inNum: 1 }),
      "queue 0 virtqueue_pop (trace) of head 0",
      "at least 2 in and 1 out: the chain's buffers",
    ],
    ["a flush of more than was filled", (s) => completes(s, { count: 2 }), "queue 0 virtqueue_flush (trace) count", "at most 1 filled"],
    [
      "a pop of a head the driver never published",
      (s) => obs(completes(s), "virtqueue_pop", { vq: 2, elem: 4, in_num: 2, out_num: 1 }),
      "queue 0 virtqueue_pop (trace)",
      "at most 1: the heads the driver published",
    ],
    [
      "a fill of an element never popped",
      (s) => obs(completes(s), "virtqueue_fill", { vq: 2, elem: 9, len: 1, idx: 0 }),
      "queue 0 virtqueue_fill (trace)",
      "an element popped and not yet filled",
    ],
  ];
  for (const [what, tail, divergence, allowed] of wrong) {
    it(`reports ${what}`, () => {
      const s = published().write(R.QueueNotify, 0);
      obs(s, "virtio_queue_notify", { vdev: 1, n: 0, vq: 2 });
      const events = tail(s).events;
      const m = replay(events);
      expect(m.divergences.map((d) => [d.what, d.allowed])).toEqual([[divergence, allowed]]);
      // Cited at the trace point it names.
      const point = divergence.match(/virtqueue_\w+/)?.[0];
      expect(events[m.divergences[0]?.seq ?? -1]?.observation?.name).toBe(point);
    });
  }

  it("checks virtio_set_status against the status write before it, and learns it without one", () => {
    const ok = new MmioSession(1).write(R.Status, 1);
    obs(ok, "virtio_set_status", { vdev: 1, val: 1 });
    expect(replay(ok.events).divergences).toEqual([]);

    const bad = new MmioSession(1).write(R.Status, 1);
    obs(bad, "virtio_set_status", { vdev: 1, val: 3 });
    expect(replay(bad.events).divergences.map((d) => [d.what, d.observed])).toEqual([["status (virtio_set_status trace)", "0x3"]]);

    // Firmware brought the device up where the capture did not look: the model takes QEMU's word.
    const learned = new MmioSession(1);
    obs(learned, "virtio_set_status", { vdev: 1, val: 7 });
    learned.read(R.Status, 7);
    const m = replay(learned.events);
    expect(m.divergences).toEqual([]);
    expect(m.devices.get(ID)?.core?.status).toBe(7);
  });
});

describe("real trace logs", () => {
  const catalog = TraceCatalog.load("test/fixtures/qemu-trace/trace-events-7.2");
  const original = readFileSync(new URL("../../traces/qemu/virtio-blk-pci-modern.trace.log", import.meta.url), "utf8");

  const replayLog = (text: string): Machine => replay(parseQemuTraceText(text, { catalog, strict: true }).events);

  /** The log with the first line matching `re` changed by `edit`. */
  function edited(re: RegExp, edit: (line: string) => string): string {
    const lines = original.split("\n");
    const i = lines.findIndex((l) => re.test(l));
    expect(i).toBeGreaterThan(0);
    lines[i] = edit(lines[i] as string);
    return lines.join("\n");
  }

  it("replays the committed virtio-blk trace with every trace point of the device checked and none refused", async () => {
    const events = parseQemuTraceText(original, { catalog, strict: true }).events;
    const m = replay(events);
    expect(m.divergences).toEqual([]);
    const core = m.devices.get("virtio-blk@00:04.0")?.core;
    const points = events.filter(
      (e) =>
        e.agent?.device === "virtio-blk@00:04.0" &&
        /^(virtqueue_(pop|fill|flush)|virtio_queue_notify|virtio_set_status)$/.test(e.observation?.name ?? ""),
    );
    // Two requests in flight together, completed out of order, then two more and a flush.
    expect(points.filter((e) => e.observation?.name === "virtqueue_fill").length).toBe(5);
    expect(core?.trace.seen).toBe(points.length);
  });

  it("finds a flush QEMU could not have done, and a status it was not asked for", () => {
    const flush = replayLog(edited(/:virtqueue_flush /, (l) => l.replace(/count \d+/, "count 2")));
    expect(flush.divergences.map((d) => d.what)).toEqual(["queue 0 virtqueue_flush (trace) count"]);
    const status = replayLog(edited(/:virtio_set_status .*val 15/, (l) => l.replace("val 15", "val 7")));
    expect(status.divergences.map((d) => [d.what, d.observed])).toEqual([["status (virtio_set_status trace)", "0x7"]]);
  });

  it("finds a completion of an element QEMU never popped", () => {
    const lines = original.split("\n");
    const pop = lines.findIndex((l) => /:virtqueue_pop /.test(l));
    lines.splice(pop, 1);
    const m = replayLog(lines.join("\n"));
    // The first pop is gone: its fill names an element nothing popped, and the flush then counts one too many.
    expect(m.divergences.map((d) => d.what)).toEqual(["queue 0 virtqueue_fill (trace)", "queue 0 virtqueue_flush (trace) count"]);
  });
});
