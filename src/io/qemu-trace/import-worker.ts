// The worker thread of a QEMU trace import (import.ts, `worker: true`): it runs the pipeline
// (lines → events → encoded records) on the input pieces the importing thread posts, in order
// (whole lines with their heads, and maybe their values, read; or raw pieces), and posts back
// the records of each piece (their arrays moved, not copied), an acknowledgement per piece
// (the importer keeps a bounded amount in flight), and at the end the parser's stats and
// devices. A malformed line under --strict, or any other error, ends it with a message saying
// so, after the records before it.
import { parentPort, workerData } from "node:worker_threads";
import { EventRecords } from "../../store/chunk-codec.js";
import { InputLineError } from "../jsonl.js";
import { type LinePlan, QemuTraceImportPipeline, type WorkerMessage, type WorkerSetup } from "./import.js";
import { TraceCatalog } from "./trace-events.js";

type Input =
  | { t: "file"; file: number }
  | { t: "data"; data: Uint8Array | string }
  | { t: "lines"; data: Uint8Array; plan: LinePlan }
  | { t: "end-file" }
  | { t: "end" };

const port = parentPort;
if (port === null) throw new Error("import-worker.js runs as a worker thread of a QEMU trace import");
const setup = workerData as WorkerSetup;
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

let pipeline: QemuTraceImportPipeline | undefined;
const records = new EventRecords();
try {
  const catalog = new TraceCatalog(setup.catalogPath, setup.catalogText);
  pipeline = new QemuTraceImportPipeline(setup.files, catalog, setup.opts, { records });
} catch (e) {
  failed(e);
}

/** Sends the events encoded since the last time (their arrays move to the importing thread). */
function flush(): void {
  if (records.count === 0 || pipeline === undefined) return;
  const batch = records.take();
  const moved = [batch.records, batch.ends, batch.letters, batch.hasTime, batch.times, batch.agents, batch.lo, batch.hi];
  post(
    { t: "events", batch, chars: pipeline.chars },
    moved.map((a) => a.buffer as ArrayBuffer),
  );
}

function failed(e: unknown): void {
  if (e instanceof InputLineError) {
    flush(); // the events of the lines before it first: they may complete a batch the importer commits
    post({ t: "line-error", file: e.file, line: e.line, reason: e.reason });
  } else post({ t: "error", message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined });
  pipeline = undefined; // the importer ends the thread; anything it still sends is ignored
}

port.on("message", (m: Input) => {
  const p = pipeline;
  if (p === undefined) return;
  try {
    switch (m.t) {
      case "file":
        p.beginFile(m.file);
        break;
      case "data": {
        const d = m.data;
        p.push(typeof d === "string" ? d : Buffer.from(d.buffer, d.byteOffset, d.byteLength));
        flush();
        post({ t: "ack", bytes: d.length });
        break;
      }
      case "lines": {
        const d = m.data;
        p.pushPlanned(Buffer.from(d.buffer, d.byteOffset, d.byteLength), m.plan);
        flush();
        post({ t: "ack", bytes: d.length });
        break;
      }
      case "end-file":
        p.endFile();
        flush();
        break;
      case "end": {
        const { stats, devices } = p.end();
        flush();
        post({
          t: "done",
          stats: {
            ...stats,
            problems: stats.problems.map((e) => ({ file: e.file, line: e.line, reason: e.reason })),
            byEvent: [...stats.byEvent],
          },
          devices: [...devices],
        });
        break;
      }
    }
  } catch (e) {
    failed(e);
  }
});
