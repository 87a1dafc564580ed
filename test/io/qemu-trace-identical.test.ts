// The QEMU trace import, made fast, must store exactly what the straightforward importer
// stored: for every committed trace log, several of them as one session, a long log of the
// captures repeated (many batches and chunks, the bounded backlog at work) and the malformed
// fixture, the canonical JSON of every event, the stats, the devices and the stored chunk
// rows themselves (bodies, summaries and hash chain, with a fixed session creation time) are
// compared with test/golden/qemu-trace-imports.json, captured from the importer before it
// was optimised. UPDATE_GOLDEN=1 rewrites the fixture (only ever from a known-good importer).
// On a mismatch the actual export is written to a temp file to diff against a known-good one.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { Readable, Writable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { BENCH_TRACE_LOGS, repeatTraceLog } from "../../src/bench/qemu-trace-log.js";
import { exportJsonl } from "../../src/io/jsonl.js";
import { importQemuTrace } from "../../src/io/qemu-trace/import.js";
import { TraceCatalog } from "../../src/io/qemu-trace/trace-events.js";
import { Store } from "../../src/store/store.js";
import { TempDirs } from "../helpers/tmp.js";

const FIXTURE = "test/golden/qemu-trace-imports.json";
const catalog = TraceCatalog.load("test/fixtures/qemu-trace/trace-events-7.2");
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
  opts: { machine?: { type: "q35"; ramSize: number }; piece?: number } = {},
): Promise<{ outcome: Outcome; jsonl: string }> {
  const store = Store.open(join(dirs.make(), "t.devtape"), { mode: "write", create: true });
  try {
    const r = await importQemuTrace(
      store,
      { name, source: "test", commandLine: "", inputs: texts.map((_, i) => `input${i}`), created: "2026-01-01T00:00:00.000Z" },
      texts.map((t, i) => ({ name: `input${i}`, stream: streamOf(t, opts.piece ?? 65536) })),
      catalog,
      opts.machine ? { machine: opts.machine } : {},
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
});
