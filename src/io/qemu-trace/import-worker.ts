// The worker thread of a QEMU trace import (import.ts, `worker: true`): it runs the pipeline
// (lines → events → sealed chunks) on the input pieces the importing thread posts, in order
// (whole lines with their heads, and maybe their values, read; or raw pieces), and posts back
// each batch of chunks as it is sealed (their bodies moved, not copied), an acknowledgement per
// piece with its buffer given back (the importer keeps a bounded amount in flight, and fills
// the buffer again), and at the end the parser's stats and devices. A malformed line under
// --strict, or any other error, ends it with a message saying so, after the batches before it.
import { parentPort, workerData } from "node:worker_threads";
import type { ChunkData } from "../../store/chunk-codec.js";
import { InputLineError } from "../batch-import.js";
import { QemuTraceImportPipeline, type WorkerMessage, type WorkerSetup } from "./import.js";
import type { LinePlan } from "./line-plan.js";
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

/** Sends a batch of sealed chunks (their bodies, each a buffer of its own, move to the importing thread). */
function batch(chunks: ChunkData[], chars: number): void {
  post(
    { t: "chunks", chunks, chars },
    chunks.map((c) => c.body.buffer as ArrayBuffer),
  );
}

let pipeline: QemuTraceImportPipeline | undefined;
try {
  const catalog = TraceCatalog.parsedLater(setup.catalogPath, setup.catalogText);
  pipeline = new QemuTraceImportPipeline(setup.files, catalog, setup.opts, batch);
} catch (e) {
  failed(e);
}

/** Says a piece was read, giving its buffer back (nothing here keeps a view of it). */
function acknowledge(d: Uint8Array | string): void {
  if (typeof d === "string") post({ t: "ack", bytes: d.length, buffer: undefined });
  else post({ t: "ack", bytes: d.length, buffer: d.buffer as ArrayBuffer }, [d.buffer as ArrayBuffer]);
}

function failed(e: unknown): void {
  // (the batches sealed before it have gone already: the importer commits them, as it would in one thread)
  if (e instanceof InputLineError) {
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
        acknowledge(d);
        break;
      }
      case "lines": {
        const d = m.data;
        p.pushPlanned(Buffer.from(d.buffer, d.byteOffset, d.byteLength), m.plan);
        acknowledge(d);
        break;
      }
      case "end-file":
        p.endFile();
        break;
      case "end": {
        const { stats, devices } = p.end();
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
