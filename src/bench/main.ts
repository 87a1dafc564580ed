// npm run bench [-- --json] [-- --sizes 1000000,10000000] [-- --runs 3]
// Records the synthetic mix into a fresh store (encode + chunk + hash + commit + close),
// scans and decodes it back, and reports events/s and bytes/event on disk: for each size
// the median of --runs runs, because a 2-core machine's figures move by ±10% run to run.
import "../cli/heap-tuning.js";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { replay, stateHash } from "../engine/replay.js";
import { Machine } from "../model/machine/machine.js";
import type { EventProps } from "../schema/proto.js";
import { type SessionRow, Store } from "../store/store.js";
import { megasasWorkload } from "./megasas-workload.js";
import { benchMixTopology, syntheticEvents } from "./synthetic.js";
import { virtioBlkWorkload } from "./virtio-workload.js";

interface Metric {
  value: number;
  unit: string;
}

const POOL = 1 << 16;

function label(n: number): string {
  return n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n);
}

function benchSize(n: number, pool: ReturnType<typeof syntheticEvents>, dir: string): Record<string, Metric> {
  const path = join(dir, `bench-${n}.devtape`);
  let store = Store.open(path, { mode: "write", create: true });
  const session = store.createSession({ name: "bench", source: "synthetic mix" });
  const app = store.appender(session);
  let t = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const ev = pool[i & (POOL - 1)] as (typeof pool)[number];
    t += 700;
    ev.timeNs = t;
    app.append(ev);
  }
  app.flush();
  store.close();
  const t1 = process.hrtime.bigint();
  const bytes = statSync(path).size;

  store = Store.open(path, { mode: "read" });
  let check = 0;
  let count = 0;
  const t2 = process.hrtime.bigint();
  for (const ev of store.events(session.id)) {
    count++;
    check += ev.seq & 1;
  }
  const t3 = process.hrtime.bigint();
  store.close();
  if (count !== n || check !== Math.floor(n / 2)) throw new Error(`bench: read back ${count} events, expected ${n}`);
  rmSync(path, { force: true });
  const secs = (a: bigint, b: bigint) => Number(b - a) / 1e9;
  const l = label(n);
  return {
    [`record_${l}`]: { value: Math.round(n / secs(t0, t1)), unit: "events/s" },
    [`scan_decode_${l}`]: { value: Math.round(n / secs(t2, t3)), unit: "events/s" },
    [`bytes_per_event_${l}`]: { value: Math.round((bytes / n) * 100) / 100, unit: "bytes/event" },
  };
}

/** The bench mix behind a microvm with the four virtio-mmio devices its registers belong to. */
function benchMixSession(n: number): EventProps[] {
  const topology = benchMixTopology();
  return [...topology, ...syntheticEvents(n - topology.length, 5)];
}

/** Writes a session for the replay benchmark; the events are garbage once this returns. */
function writeSession(store: Store, name: string, events: EventProps[]): { session: SessionRow; count: number } {
  const session = store.createSession({ name });
  const app = store.appender(session);
  for (const ev of events) app.append({ ...ev, seq: 0 });
  app.flush();
  return { session, count: events.length };
}

/**
 * Full-machine replay from the store: read, decode and reduce every event. The session is
 * written before and its event objects dropped, so the heap holds what `devtape replay`
 * holds, not a million generated events the collector would walk at every major GC.
 */
function benchReplay(name: string, store: Store, session: SessionRow, count: number): Record<string, Metric> {
  const t0 = process.hrtime.bigint();
  const r = replay(store, session, { fromScratch: true, skipHash: true });
  const t1 = process.hrtime.bigint();
  const tHash = process.hrtime.bigint();
  stateHash(r.machine);
  const hashNs = Number(process.hrtime.bigint() - tHash);
  const m = r.machine;
  const snapshot = m.encode();
  // Encode + restore, repeated for at least half a second (a huge state: at least once).
  let rounds = 0;
  const t2 = process.hrtime.bigint();
  let t3 = t2;
  while (rounds === 0 || t3 - t2 < 500_000_000n) {
    Machine.decode(m.encode());
    rounds++;
    t3 = process.hrtime.bigint();
  }
  return {
    [`replay_${name}`]: { value: Math.round(count / (Number(t1 - t0) / 1e9)), unit: "events/s" },
    [`snapshot_encode_restore_${name}`]: { value: Math.round(Number(t3 - t2) / rounds / 1e3), unit: "µs" },
    [`snapshot_bytes_${name}`]: { value: snapshot.length, unit: "bytes" },
    [`state_hash_${name}`]: { value: Math.round(hashNs / 1e3), unit: "µs" },
    [`divergences_${name}`]: { value: m.divergences.length + m.droppedDivergences, unit: "count" },
  };
}

/** Each metric's median over runs. */
function medians(results: Record<string, Metric>[]): Record<string, Metric> {
  const out: Record<string, Metric> = {};
  for (const key of Object.keys(results[0] ?? {})) {
    const values = results.map((m) => (m[key] as Metric).value).sort((a, b) => a - b);
    out[key] = { value: values[Math.floor(values.length / 2)] as number, unit: (results[0]?.[key] as Metric).unit };
  }
  return out;
}

function main(): void {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const sizesArg = args[args.indexOf("--sizes") + 1];
  const sizes = args.includes("--sizes") && sizesArg ? sizesArg.split(",").map(Number) : [1_000_000, 10_000_000];
  const runsArg = args[args.indexOf("--runs") + 1];
  const runs = args.includes("--runs") && runsArg ? Math.max(1, Number(runsArg)) : 3;
  const pool = syntheticEvents(POOL);
  const dir = mkdtempSync(join(tmpdir(), "devtape-bench-"));
  const metrics: Record<string, Metric> = {};
  try {
    for (const n of sizes) {
      const results: Record<string, Metric>[] = [];
      for (let r = 0; r < runs; r++) {
        if (!json) process.stderr.write(`bench: ${label(n)} events, run ${r + 1} of ${runs}…\n`);
        results.push(benchSize(n, pool, dir));
      }
      Object.assign(metrics, medians(results));
    }
    const sessions: [string, () => EventProps[]][] = [
      ["virtio_blk_1M", () => virtioBlkWorkload({ version: 2, requests: Math.floor(1_000_000 / 19), batch: 16, deviceDma: true })],
      ["bench_mix_1M", () => benchMixSession(1_000_000)],
      // About 17.4 events per frame with the device's DMA: 57,300 frames are about 1 M events.
      ["megasas_gen2_1M", () => megasasWorkload({ generation: 2, requests: 57_300, batch: 8, deviceDma: true })],
    ];
    for (const [name, make] of sessions) {
      const path = join(dir, `replay-${name}.devtape`);
      const store = Store.open(path, { mode: "write", create: true });
      try {
        const { session, count } = writeSession(store, name, make());
        const results: Record<string, Metric>[] = [];
        for (let r = 0; r < runs; r++) {
          if (!json) process.stderr.write(`bench: replay ${name} (${count} events), run ${r + 1} of ${runs}…\n`);
          results.push(benchReplay(name, store, session, count));
        }
        Object.assign(metrics, medians(results));
      } finally {
        store.close();
        rmSync(path, { force: true });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (json) {
    process.stdout.write(`${JSON.stringify(metrics)}\n`);
    return;
  }
  const width = Math.max(...Object.keys(metrics).map((k) => k.length));
  for (const [k, m] of Object.entries(metrics)) {
    process.stdout.write(`${k.padEnd(width)}  ${m.value.toLocaleString("en-US").padStart(12)} ${m.unit}\n`);
  }
}

main();
