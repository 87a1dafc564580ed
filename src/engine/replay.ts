// Replay: fold a session's events through the machine model, from the nearest checkpoint
// at or before the start when there is one, and (optionally) write new checkpoints every
// CHECKPOINT_EVERY events so that any later seek costs at most that many reductions (spaced
// further when the state is large: CHECKPOINT_BYTES_PER_EVENT).
//
// The state hash is SHA-256 of the canonical state encoding; a snapshot restored and
// replayed to the same event gives the same hash as a replay from event 0.
//
// Events come a chunk at a time as columns (store/chunk-decode.ts) and the common kinds are
// applied from their fields: an object per event, and the collector's work on millions of
// them, is what replay would otherwise spend most on after the model itself. Before a chunk
// is applied, the guest memory its stores will land in is looked up (Machine.warm), so the
// cache misses of one chunk overlap instead of waiting one behind the other.
import { createHash } from "node:crypto";
import { IRQ_LINE, IRQ_MSI, IRQ_NONE, Machine, MODEL_VERSION } from "../model/machine/machine.js";
import { type DeviceSummary, summarize } from "../model/machine/summary.js";
import type { Divergence, GuestError } from "../model/machine/report.js";
import {
  type ChunkColumns,
  KIND_BARRIER,
  KIND_INTERRUPT,
  KIND_MEMORY,
  KIND_MMIO,
  KIND_PCI_CONFIG,
  KIND_PIO,
  TARGET_LINE,
  TARGET_MSI,
} from "../store/chunk-decode.js";
import type { SessionRow, Store } from "../store/store.js";

/**
 * Events between checkpoints. Measured (npm run bench): a snapshot of a typical virtio
 * session encodes in tens of microseconds while replay runs at millions of events per
 * second, so 8192 events cost a few milliseconds to reach and the snapshots under 1% of
 * replay time.
 */
export const CHECKPOINT_EVERY = 8192;

/**
 * Checkpoints are spaced by their size too: after a snapshot of S bytes the next comes no
 * sooner than S / CHECKPOINT_BYTES_PER_EVENT events later (on the next multiple of
 * CHECKPOINT_EVERY). Snapshots then add at most this many bytes per event to the store (its
 * events take about 27) and a few percent to replay, however large the state: a session
 * that writes all over a big RAM does not get a 100 MB snapshot every 8,192 events.
 */
export const CHECKPOINT_BYTES_PER_EVENT = 16;

/** Snapshots held before they are written (in one transaction). */
const PENDING_BYTES = 64 << 20;

export interface ReplayOptions {
  /** Last seq to apply (inclusive); default: the whole session. */
  to?: number;
  /** Write checkpoints while replaying (the store must be open for writing). */
  saveCheckpoints?: boolean;
  /** Ignore stored checkpoints and replay from event 0. */
  fromScratch?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Skip the final state hash (SHA-256 of the whole state; the benchmark times it apart). */
  skipHash?: boolean;
}

export interface ReplayResult {
  machine: Machine;
  /** Events applied in total (the state is after event events - 1). */
  events: number;
  stateHash: string;
  /** Where replay started: 0, or the checkpoint it restored. */
  restoredFrom: number | null;
}

export function stateHash(m: Machine): string {
  return createHash("sha256").update(m.encode()).digest("hex");
}

/**
 * Event i of a chunk's columns into the machine: accesses, memory, interrupts and barriers
 * from their fields, without an object each; the rest (and every event of a chunk the
 * generated decoder took) as the event object, through Machine.apply.
 */
function applyAt(machine: Machine, c: ChunkColumns, i: number, seq: number): void {
  switch (c.kind[i]) {
    case KIND_MMIO:
      return machine.applyMmio(
        seq,
        c.agentDevice(i),
        c.op[i] as number,
        c.a[i] as number,
        c.b[i] as number,
        c.c[i] as number,
        c.d[i] as number,
      );
    case KIND_MEMORY:
      return machine.applyMemory(
        seq,
        c.agentDevice(i),
        c.op[i] as number,
        c.a[i] as number,
        c.dataAt(i),
        c.b[i] as number,
        c.c[i] as number,
      );
    case KIND_INTERRUPT: {
      const t = c.target[i];
      const target = t === TARGET_LINE ? IRQ_LINE : t === TARGET_MSI ? IRQ_MSI : IRQ_NONE;
      return machine.applyInterrupt(seq, c.agentDevice(i), c.op[i] as number, target, c.a[i] as number, c.b[i] as number);
    }
    case KIND_PIO:
      return machine.applyPio(seq, c.op[i] as number, c.a[i] as number, c.b[i] as number, c.c[i] as number);
    case KIND_PCI_CONFIG:
      return machine.applyPciConfig(seq, c.op[i] as number, c.a[i] as number, c.b[i] as number, c.c[i] as number, c.d[i] as number);
    case KIND_BARRIER:
      return machine.applyBarrier(seq);
    default:
      return machine.apply(c.eventAt(i));
  }
}

export function replay(store: Store, session: SessionRow, opts: ReplayOptions = {}): ReplayResult {
  const total = store.eventCount(session.id);
  const last = Math.min(opts.to ?? total - 1, total - 1);
  let machine = new Machine();
  let from = 0;
  let restoredFrom: number | null = null;
  if (!opts.fromScratch && last >= 0) {
    const cp = store.checkpointAtOrBefore(session.id, MODEL_VERSION, last);
    if (cp !== undefined) {
      try {
        machine = Machine.decode(cp.state);
        from = cp.seq + 1;
        restoredFrom = cp.seq;
      } catch {
        machine = new Machine(); // an unreadable snapshot is only a lost shortcut
      }
    }
  }
  const pending: { seq: number; state: Uint8Array; hash: Buffer }[] = [];
  let pendingBytes = 0;
  const flush = () => {
    if (pending.length === 0) return;
    store.transaction(() => {
      for (const p of pending) store.putCheckpoint(session.id, MODEL_VERSION, p.seq, p.state, p.hash);
    });
    pending.length = 0;
    pendingBytes = 0;
  };
  let done = 0;
  if (from <= last) {
    let nextCheckpoint = 0;
    for (const cols of store.columnBatches(session.id, { from, to: last })) {
      const { lo, hi, kind } = cols;
      for (let i = lo; i < hi; i++) if (kind[i] === KIND_MEMORY) machine.warm(cols.a[i] as number);
      for (let i = lo; i < hi; i++) {
        const seq = cols.firstSeq + i;
        applyAt(machine, cols, i, seq);
        if (opts.saveCheckpoints && (seq + 1) % CHECKPOINT_EVERY === 0 && seq >= nextCheckpoint) {
          const state = machine.encode();
          pending.push({ seq, state, hash: createHash("sha256").update(state).digest() });
          pendingBytes += state.length;
          nextCheckpoint = seq + Math.max(CHECKPOINT_EVERY, Math.ceil(state.length / CHECKPOINT_BYTES_PER_EVENT));
          if (pendingBytes >= PENDING_BYTES) flush();
        }
      }
      done += hi - lo;
      if (opts.onProgress) opts.onProgress(from + done, last + 1);
    }
  }
  flush();
  return { machine, events: last + 1, stateHash: opts.skipHash ? "" : stateHash(machine), restoredFrom };
}

/** Where a reported event came from: the imported input's file and line, when it has one. */
export interface Cited {
  source: string | null;
}

export interface ReplayReport {
  session: string;
  events: number;
  stateHash: string;
  divergences: (Divergence & Cited)[];
  guestErrors: (GuestError & Cited)[];
  devices: DeviceSummary[];
  machine: { type: string | null; ramSize: number };
  unmodelledAccesses: number;
}

/**
 * The report of a replay. Each divergence and guest error cites the source line of its
 * event (`file:line` of the imported input) when the store holds one, so a user can go back
 * to the original log.
 */
export function report(store: Store, session: SessionRow, r: ReplayResult): ReplayReport {
  const m = r.machine;
  const inputs = JSON.parse(session.inputs) as string[];
  const events = store.eventsAt(session.id, [...m.divergences.map((d) => d.seq), ...m.guestErrors.map((g) => g.seq)]);
  const cite = (seq: number): string | null => {
    const src = events.get(seq)?.source;
    if (src == null) return null;
    return `${inputs[src.file ?? 0] ?? `input ${src.file ?? 0}`}:${src.line ?? 0}`;
  };
  return {
    session: session.name,
    events: r.events,
    stateHash: r.stateHash,
    divergences: m.divergences.map((d) => ({ ...d, source: cite(d.seq) })),
    guestErrors: m.guestErrors.map((g) => ({ ...g, source: cite(g.seq) })),
    devices: summarize(m),
    machine: { type: m.type ?? null, ramSize: m.ramSize },
    unmodelledAccesses: m.unmodelled,
  };
}
