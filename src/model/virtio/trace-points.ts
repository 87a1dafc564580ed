// Cross-checking QEMU's own virtio trace points against the model.
//
// A QEMU trace log (`devtape import qemu-trace`, `devtape record qemu`) carries the
// device's own account of what it did, as observations of the device:
//   virtio_queue_notify (vdev, n, vq)      queue n of the device is vq pointer p
//   virtqueue_pop (vq, elem, in_num, out_num)   an element taken from the avail ring
//   virtqueue_fill (vq, elem, len, idx)    the element completed with used length len
//   virtqueue_flush (vq, count)            count completions published in used.idx
//   virtio_set_status (vdev, val)          the status QEMU was asked to set
// The model predicts the same from the registers and guest memory, so each point is checked
// against the prediction; a point the model rules out is a divergence:
// - a pop beyond the heads the driver has published (when the avail ring is known), or with
//   fewer buffers than the chain the model walked (QEMU may split a buffer, never merge);
// - a fill of an element that was never popped, or with a used length other than the one
//   the device model computes (virtio-blk) or beyond the chain's writable bytes;
// - a flush of more completions than were filled;
// - a status other than the one the driver's status write (the event just before) set.
// A status point with no status write before it is QEMU acting on its own (a system reset,
// or firmware's accesses that the capture did not trace): the model takes the value (0
// resets the device), as it learns any other value a capture shows first.
// Element pointers are stable ids (the importer normalises host pointers) that QEMU reuses
// once it frees an element: an element is pending from its pop to its fill. The k-th pop
// since reset is the model's k-th popped head (both take heads in avail-ring order).
import type { StateReader, StateWriter } from "../codec/state-codec.js";
import type { Reporter } from "../machine/report.js";
import type { SplitVirtqueue } from "./split-virtqueue.js";

/** An observation's arguments, as events carry them. */
export type ObservationArgs = readonly { name?: string | null; uint?: number | null; int?: number | null }[] | null | undefined;

/** A numeric argument by name. */
export function argNumber(args: ObservationArgs, name: string): number | undefined {
  if (args == null) return undefined;
  for (const a of args) if (a.name === name) return a.uint ?? a.int ?? undefined;
  return undefined;
}

/** What the trace showed of one queue since the last reset. */
class TracedQueue {
  pops = 0;
  /** Filled, not yet flushed. */
  filled = 0;
  /** Element id → its pop number (1, 2, … since reset), from pop to fill. */
  pending = new Map<number, number>();
}

export class TracePoints {
  /** vq pointer id → queue index, from virtio_queue_notify. */
  private vqs = new Map<number, number>();
  private queues = new Map<number, TracedQueue>();
  /** Trace points seen, checked or not. */
  seen = 0;

  /** QEMU's virtio_reset: its queues forget their elements; vq pointers stay. */
  reset(): void {
    this.queues.clear();
  }

  private traced(index: number): TracedQueue {
    let t = this.queues.get(index);
    if (t === undefined) {
      t = new TracedQueue();
      this.queues.set(index, t);
    }
    return t;
  }

  /**
   * One trace point of the device. `queue` finds the model's queue by index (undefined when
   * the device has no such queue in the model). Returns true when it named a point this
   * module knows.
   */
  observe(r: Reporter, device: string, name: string, args: ObservationArgs, queue: (n: number) => SplitVirtqueue | undefined): boolean {
    const vq = argNumber(args, "vq");
    switch (name) {
      case "virtio_queue_notify": {
        const n = argNumber(args, "n");
        if (vq !== undefined && vq !== 0 && n !== undefined && n >= 0) this.vqs.set(vq, n);
        break;
      }
      case "virtqueue_pop":
      case "virtqueue_fill":
      case "virtqueue_flush": {
        const index = vq === undefined ? undefined : this.vqs.get(vq);
        // A queue never notified in the trace: nothing says which queue it is.
        if (index === undefined) break;
        const q = queue(index);
        const t = this.traced(index);
        if (name === "virtqueue_pop") this.pop(r, device, index, q, t, args);
        else if (name === "virtqueue_fill") this.fill(r, device, index, q, t, args);
        else this.flush(r, device, index, t, argNumber(args, "count") ?? 0);
        break;
      }
      default:
        return false;
    }
    this.seen++;
    return true;
  }

  private pop(r: Reporter, device: string, index: number, q: SplitVirtqueue | undefined, t: TracedQueue, args: ObservationArgs): void {
    const elem = argNumber(args, "elem") ?? 0;
    const k = ++t.pops;
    t.pending.set(elem, k);
    if (q === undefined || q.lost || !q.configured) return;
    if (k > q.popped) {
      r.diverge(
        device,
        `queue ${index} virtqueue_pop (trace)`,
        `pop ${k} since reset`,
        `at most ${q.popped}: the heads the driver published`,
      );
      return;
    }
    const f = q.inflight.find((x) => x.ordinal === k);
    if (f === undefined) return;
    const inNum = argNumber(args, "in_num");
    const outNum = argNumber(args, "out_num");
    const wantIn = f.buffers.filter((b) => b.write).length;
    const wantOut = f.buffers.length - wantIn;
    if ((inNum !== undefined && inNum < wantIn) || (outNum !== undefined && outNum < wantOut)) {
      r.diverge(
        device,
        `queue ${index} virtqueue_pop (trace) of head ${f.head}`,
        `in_num ${inNum} out_num ${outNum}`,
        `at least ${wantIn} in and ${wantOut} out: the chain's buffers`,
      );
    }
  }

  private fill(r: Reporter, device: string, index: number, q: SplitVirtqueue | undefined, t: TracedQueue, args: ObservationArgs): void {
    const elem = argNumber(args, "elem") ?? 0;
    const len = argNumber(args, "len") ?? 0;
    const k = t.pending.get(elem);
    if (k === undefined) {
      if (t.pops > 0) {
        r.diverge(device, `queue ${index} virtqueue_fill (trace)`, `element ${elem}`, "an element popped and not yet filled");
      }
      return;
    }
    t.pending.delete(elem);
    t.filled++;
    if (q === undefined || q.lost) return;
    const f = q.inflight.find((x) => x.ordinal === k);
    if (f === undefined) return;
    const ok = f.expectedLen !== undefined ? len === f.expectedLen : len <= f.writable;
    if (!ok) {
      r.diverge(
        device,
        `queue ${index} virtqueue_fill (trace) len of head ${f.head}`,
        String(len),
        f.expectedLen !== undefined ? String(f.expectedLen) : `at most ${f.writable}`,
      );
    }
  }

  private flush(r: Reporter, device: string, index: number, t: TracedQueue, count: number): void {
    if (count > t.filled) {
      r.diverge(device, `queue ${index} virtqueue_flush (trace) count`, String(count), `at most ${t.filled} filled`);
    }
    t.filled -= Math.min(count, t.filled);
  }

  encode(w: StateWriter): void {
    w.num(this.seen);
    const vqs = [...this.vqs.entries()].sort((a, b) => a[0] - b[0]);
    w.u32(vqs.length);
    for (const [vq, n] of vqs) w.num(vq).num(n);
    const qs = [...this.queues.entries()].sort((a, b) => a[0] - b[0]);
    w.u32(qs.length);
    for (const [n, t] of qs) {
      w.num(n).num(t.pops).num(t.filled);
      const pending = [...t.pending.entries()].sort((a, b) => a[0] - b[0]);
      w.u32(pending.length);
      for (const [elem, k] of pending) w.num(elem).num(k);
    }
  }

  static decode(r: StateReader): TracePoints {
    const p = new TracePoints();
    p.seen = r.num();
    const nv = r.u32();
    for (let i = 0; i < nv; i++) p.vqs.set(r.num(), r.num());
    const nq = r.u32();
    for (let i = 0; i < nq; i++) {
      const t = p.traced(r.num());
      t.pops = r.num();
      t.filled = r.num();
      const np = r.u32();
      for (let j = 0; j < np; j++) t.pending.set(r.num(), r.num());
    }
    return p;
  }
}
