// The QEMU trace import, made fast, must store exactly what the straightforward importer
// stored: for every committed trace log, several of them as one session, a long log of the
// captures repeated (many batches and chunks, the bounded backlog at work) and the malformed
// fixture, the canonical JSON of every event, the stats, the devices and the stored chunk
// rows themselves (bodies, summaries and hash chain, with a fixed session creation time) are
// compared with test/golden/qemu-trace-imports.json, captured from the importer before it
// was optimised. UPDATE_GOLDEN=1 rewrites the fixture (only ever from a known-good importer).
// On a mismatch the actual export is written to a temp file to diff against a known-good one.
// The import in a worker thread (the compiled build's, as the CLI runs it) must store the same,
// and under --strict stop at the same line with the same batches kept.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { Readable, Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { BENCH_TRACE_LOGS, repeatTraceLog } from "../../src/bench/qemu-trace-log.js";
import { pathToFileURL } from "node:url";
import { exportJsonl, InputLineError } from "../../src/io/jsonl.js";
import * as sourceImport from "../../src/io/qemu-trace/import.js";
import * as sourceCatalog from "../../src/io/qemu-trace/trace-events.js";
import * as sourceStore from "../../src/store/store.js";
import { TempDirs } from "../helpers/tmp.js";

const FIXTURE = "test/golden/qemu-trace-imports.json";
const TRACE_EVENTS = "test/fixtures/qemu-trace/trace-events-7.2";

/** The importer, its catalog and store: from the sources, or the compiled build (global setup builds dist/). */
interface Importer {
  importQemuTrace: typeof sourceImport.importQemuTrace;
  TraceCatalog: typeof sourceCatalog.TraceCatalog;
  Store: typeof sourceStore.Store;
}
const SOURCES: Importer = { ...sourceImport, ...sourceCatalog, ...sourceStore };
const dist = async (p: string) => import(pathToFileURL(resolve("dist/src", p)).href);
const BUILT: Importer = {
  ...(await dist("io/qemu-trace/import.js")),
  ...(await dist("io/qemu-trace/trace-events.js")),
  ...(await dist("store/store.js")),
};
const dirs = new TempDirs();
afterAll(() => dirs.cleanup());

interface Outcome {
  events: number;
  jsonlSha256: string;
  /** Every chunk row: its columns, body and hash (the session's creation time is fixed). */
  chunksSha256: string;
  stats: Record<string, unknown>;
  devices: string[];
}

const sha256 = (s: string | Uint8Array) => createHash("sha256").update(s).digest("hex");

/** The input as a stream of `piece`-byte buffers (line ends fall anywhere in them). */
function streamOf(text: string, piece: number): Readable {
  const bytes = Buffer.from(text, "utf8");
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += piece) parts.push(bytes.subarray(i, i + piece));
  return Readable.from(parts);
}

async function importOf(
  name: string,
  texts: string[],
  opts: { machine?: { type: "q35"; ramSize: number }; piece?: number; worker?: boolean; readValues?: "always" | "never" } = {},
): Promise<{ outcome: Outcome; jsonl: string }> {
  const { importQemuTrace, TraceCatalog, Store } = opts.worker ? BUILT : SOURCES;
  const store = Store.open(join(dirs.make(), "t.devtape"), { mode: "write", create: true });
  try {
    const r = await importQemuTrace(
      store,
      { name, source: "test", commandLine: "", inputs: texts.map((_, i) => `input${i}`), created: "2026-01-01T00:00:00.000Z" },
      texts.map((t, i) => ({ name: `input${i}`, stream: streamOf(t, opts.piece ?? 65536) })),
      TraceCatalog.load(TRACE_EVENTS),
      {
        ...(opts.machine ? { machine: opts.machine } : {}),
        worker: opts.worker ?? false,
        ...(opts.readValues ? { readValues: opts.readValues } : {}),
      },
    );
    let jsonl = "";
    const sink = new Writable({
      write(chunk, _enc, done) {
        jsonl += chunk.toString();
        done();
      },
    });
    const session = store.session(name);
    await exportJsonl(store, session, sink);
    const h = createHash("sha256");
    for (const c of store.chunks(session.id)) {
      h.update(`${c.firstSeq}|${c.count}|${c.kinds}|${c.kindMask}|${c.addrMin}|${c.addrMax}|${c.timeMin}|${c.timeMax}|`);
      h.update(c.body);
      h.update(c.hash);
    }
    const { problems, byEvent, ...counts } = r.stats;
    return {
      jsonl,
      outcome: {
        events: r.events,
        jsonlSha256: sha256(jsonl),
        chunksSha256: h.digest("hex"),
        stats: { ...counts, problems: problems.map((p) => p.message), byEvent: [...byEvent].map(([n, c]) => `${n} ${c}`) },
        devices: r.devices.map((d) => `${d.id} ${d.kind}`),
      },
    };
  } finally {
    store.close();
  }
}

const read = (p: string) => readFileSync(p, "utf8");
const captures = BENCH_TRACE_LOGS.map(read);
let longLog = "";
repeatTraceLog(captures, 120_000, (s) => {
  longLog += s;
});

const CASES: [string, () => Promise<{ outcome: Outcome; jsonl: string }>][] = [
  ...BENCH_TRACE_LOGS.map((p, i): [string, () => Promise<{ outcome: Outcome; jsonl: string }>] => [
    basename(p),
    () => importOf(basename(p), [captures[i] as string]),
  ]),
  [
    "all captures as inputs of one session, with a machine",
    () => importOf("all", captures, { machine: { type: "q35", ramSize: 2 ** 27 } }),
  ],
  ["the captures repeated to 120,000 lines, in odd pieces", () => importOf("long", [longLog], { piece: 7919 })],
  ["the malformed fixture", () => importOf("malformed", [read("test/fixtures/qemu-trace/malformed.trace.log")])],
];
const machine = { type: "q35", ramSize: 2 ** 27 } as const;
const WORKER_CASES: [string, string, () => Promise<{ outcome: Outcome; jsonl: string }>][] = [
  ["all captures as inputs of one session, with a machine", "as it chooses", () => importOf("all", captures, { machine, worker: true })],
  [
    "the captures repeated to 120,000 lines, in odd pieces",
    "as it chooses",
    () => importOf("long", [longLog], { piece: 7919, worker: true }),
  ],
  [
    "the captures repeated to 120,000 lines, in odd pieces",
    "values read in the importing thread",
    () => importOf("long", [longLog], { piece: 7919, worker: true, readValues: "always" }),
  ],
  [
    "the captures repeated to 120,000 lines, in odd pieces",
    "values read in the worker",
    () => importOf("long", [longLog], { piece: 7919, worker: true, readValues: "never" }),
  ],
  [
    "the malformed fixture",
    "malformed",
    () => importOf("malformed", [read("test/fixtures/qemu-trace/malformed.trace.log")], { worker: true }),
  ],
];

const expected: Record<string, Outcome> = process.env.UPDATE_GOLDEN ? {} : JSON.parse(read(FIXTURE));
const actual: Record<string, Outcome> = {};
afterAll(() => {
  if (process.env.UPDATE_GOLDEN) writeFileSync(FIXTURE, `${JSON.stringify(actual, null, 2)}\n`);
});

describe("qemu-trace import gives the events the reference importer gave", () => {
  it.each(CASES)("%s", async (name, run) => {
    const { outcome, jsonl } = await run();
    actual[name] = outcome;
    if (process.env.UPDATE_GOLDEN) return;
    const want = expected[name];
    if (want === undefined) throw new Error(`${FIXTURE} has no case '${name}' (UPDATE_GOLDEN=1 from a known-good importer)`);
    if (outcome.jsonlSha256 !== want.jsonlSha256) {
      const out = join(tmpdir(), `devtape-qemu-trace-${name.replace(/\W+/g, "-")}.jsonl`);
      writeFileSync(out, jsonl);
      expect.fail(`${name}: the events differ from the reference import (this import's export: ${out})`);
    }
    expect(outcome).toEqual(want);
    expect(outcome.events).toBeGreaterThan(0);
  });

  it.each(WORKER_CASES)("%s, in a worker thread (%s)", async (name, _how, run) => {
    if (process.env.UPDATE_GOLDEN) return;
    expect((await run()).outcome).toEqual(expected[name]);
  });

  it("reads in a worker thread what it reads in the importing thread, whatever the bytes", async () => {
    // CRLF line ends, a lone CR, text that is not ASCII, a line longer than a worker message, no final newline
    // (values beyond 2^53 too: a 64-bit register value and a 64-bit sector number)
    const wide =
      "9@2.000000:memory_region_ops_write cpu 0 mr 0x7 addr 0xfe000000 value 0xfffffffffffffff0 size 8 name 'x'\n" +
      "9@2.000001:virtio_blk_handle_read vdev 0x8 req 0x9 sector 18446744073709551615 nsectors 1\n";
    const head = `${wide}${longLog.slice(0, 2_000_000)}`;
    const crlf = longLog.slice(2_000_000, 2_400_000).replaceAll("\n", "\r\n");
    const odd = "1@1.000000:virtio_set_status vdev 0x1 val 7\rné à la ligne\n" + `${"x".repeat(1_500_000)}\n`;
    const text = `${head}${crlf}${odd}${longLog.slice(2_400_000, 3_000_000).trimEnd()}`;
    const inThread = await importOf("odd", [text], { piece: 65536 });
    for (const readValues of ["always", "never"] as const) {
      const inWorker = await importOf("odd", [text], { piece: 65536, worker: true, readValues });
      expect(inWorker.outcome, readValues).toEqual(inThread.outcome);
    }
    expect(inThread.outcome.stats.otherLines).toBeGreaterThan(1);
  });

  it("stops at the same malformed line under --strict in a worker thread, keeping the same batches", async () => {
    const lines = longLog.split("\n");
    lines.splice(70_000, 0, "77@1.000000:memory_region_ops_write cpu 0 mr 0x1 addr 0xzz value 0x1 size 4 name 'x'");
    const bad = lines.join("\n");
    const outcomes: string[] = [];
    for (const impl of [SOURCES, BUILT]) {
      const path = join(dirs.make(), "s.devtape");
      const store = impl.Store.open(path, { mode: "write", create: true });
      let err: unknown;
      try {
        await impl.importQemuTrace(
          store,
          { name: "s", created: "2026-01-01T00:00:00.000Z" },
          [{ name: "bad.log", stream: streamOf(bad, 65536) }],
          impl.TraceCatalog.load(TRACE_EVENTS),
          {
            strict: true,
            worker: impl === BUILT,
          },
        );
      } catch (e) {
        err = e;
      }
      expect((err as InputLineError).name).toBe(InputLineError.name);
      expect((err as InputLineError).message).toMatch(/^bad\.log:70001: memory_region_ops_write: /);
      const sessions = store.sessions();
      outcomes.push(JSON.stringify(sessions.map((x) => ({ events: x.events, chunks: x.chunks }))));
      expect(sessions[0]?.events).toBeGreaterThan(60_000);
      store.close();
    }
    expect(outcomes[1]).toBe(outcomes[0]);
  });
});
