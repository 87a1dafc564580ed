#!/usr/bin/env node
// Measures the QEMU trace importer on a long log: the parser alone (file → lines → events,
// nothing stored) and the whole `devtape import qemu-trace` command (file → store, committed),
// run as a user runs it, in one thread (--threads 1) and with the worker thread (--threads 2;
// by default the command takes 2 only when a core is free). The log is made from real captures
// (src/bench/qemu-trace-log.ts: the committed traces/qemu logs repeated in turn, timestamps
// kept increasing) to --lines lines (default 3,000,000), written to a temp file on local disk
// first. Each figure is the median of --runs runs (default 3): lines per second of wall-clock
// time, and the user CPU time the run took (process.cpuUsage of the whole process, worker and
// V8's helper threads included), which moves less than wall-clock time on a shared machine.
//
// Usage: npm run build && node tools/bench-qemu-trace.mjs [--lines N] [--runs N] [--input FILE]…
//          [--trace-events PATH] [--json]
//   --input FILE        logs to repeat instead of the committed captures (may be given again)
//   --trace-events PATH the declarations to read the log with (default: the installed
//                       trace-events-all, else the QEMU 7.2 fixture)
//   --json              one JSON object of metric → {value, unit}, as `npm run bench -- --json`
import { spawnSync } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, rmSync, statSync, closeSync, writeSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = (p) => import(join(root, "dist/src", p));
const { values } = parseArgs({
  options: {
    input: { type: "string", multiple: true },
    lines: { type: "string", default: "3000000" },
    runs: { type: "string", default: "3" },
    "trace-events": { type: "string" },
    json: { type: "boolean", default: false },
  },
});
const { BENCH_TRACE_LOGS, repeatTraceLog } = await dist("bench/qemu-trace-log.js");
const { TraceCatalog } = await dist("io/qemu-trace/trace-events.js");

const inputs = values.input ?? BENCH_TRACE_LOGS.map((p) => join(root, p));
const traceEvents = values["trace-events"] ?? TraceCatalog.defaultPath() ?? join(root, "test/fixtures/qemu-trace/trace-events-7.2");
const want = Number(values.lines);
const runs = Math.max(1, Number(values.runs));
const say = (s) => {
  if (!values.json) process.stderr.write(`${s}\n`);
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const grouped = (n) => Math.round(n).toLocaleString("en-US");

/**
 * Parser only, in a child process of its own (as the import runs, away from this process's
 * heap): the file read and split as the import reads it, every line parsed, the events
 * counted and dropped. The child prints what it measured.
 */
const PARSE = `
import { createReadStream } from "node:fs";
const [dist, file, traceEvents] = process.argv.slice(2);
const { TraceCatalog } = await import(dist + "/io/qemu-trace/trace-events.js");
const { QemuTraceParser } = await import(dist + "/io/qemu-trace/parse-log.js");
const { LineSplitter } = await import(dist + "/io/batch-import.js");
const catalog = TraceCatalog.load(traceEvents);
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const parser = new QemuTraceParser({ catalog, files: [file] });
const lines = new LineSplitter();
let lineNo = 0;
let events = parser.start().length;
const onLine = (line) => { events += parser.feed(line, ++lineNo, 0).length; };
const onBytes = (buf, start, end) => { events += parser.feedBytes(buf, start, end, ++lineNo, 0).length; };
for await (const piece of createReadStream(file, { highWaterMark: 1 << 20 })) lines.pushBytes(piece, onBytes, onLine);
lines.end(onLine);
events += parser.end().length;
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
process.stdout.write(JSON.stringify({ secs, userSecs: process.cpuUsage(cpu0).user / 1e6, lines: lineNo, events }));
`;

function parseOnce(file, script) {
  const r = spawnSync(process.execPath, [script, join(root, "dist/src"), file, traceEvents], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`the parse run failed (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** The CLI as a user runs it, in a child process that reports its own CPU time when it exits. */
function importOnce(file, store, report, threads) {
  rmSync(store, { force: true });
  const t0 = process.hrtime.bigint();
  const cli = join(root, "dist/src/cli/main.js");
  const r = spawnSync(
    process.execPath,
    ["--import", report.hook, cli, "import", "qemu-trace", file, "-o", store, "--trace-events", traceEvents, "--threads", threads],
    { encoding: "utf8", env: { ...process.env, DEVTAPE_BENCH_REPORT: report.file } },
  );
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`devtape import qemu-trace failed (exit ${r.status}): ${r.stderr}`);
  const used = JSON.parse(readFileSync(report.file, "utf8"));
  return { secs, userSecs: used.user / 1e6, maxRssMB: used.maxRSS / 1024, stderr: r.stderr, storeBytes: statSync(store).size };
}

const dir = mkdtempSync(join(tmpdir(), "devtape-bench-trace-"));
try {
  const file = join(dir, "bench.trace.log");
  const fd = openSync(file, "w");
  repeatTraceLog(
    inputs.map((p) => readFileSync(p, "utf8")),
    want,
    (s) => writeSync(fd, s),
  );
  closeSync(fd);
  const mb = statSync(file).size / 2 ** 20;
  say(`${grouped(want)} lines (${mb.toFixed(0)} MiB): ${inputs.map((p) => p.replace(`${root}/`, "")).join(", ")} repeated`);
  say(`trace events: ${traceEvents}`);

  const parseScript = join(dir, "parse.mjs");
  writeFileSync(parseScript, PARSE);
  const parse = [];
  for (let run = 0; run < runs; run++) {
    parse.push(parseOnce(file, parseScript));
    say(`parse run ${run + 1}: ${parse[run].secs.toFixed(2)} s, ${parse[run].userSecs.toFixed(2)} s user CPU`);
  }

  const hook = join(dir, "report-cpu.mjs");
  writeFileSync(
    hook,
    'import { writeFileSync } from "node:fs";\n' +
      'process.on("exit", () => writeFileSync(process.env.DEVTAPE_BENCH_REPORT, JSON.stringify({ ...process.cpuUsage(), maxRSS: process.resourceUsage().maxRSS })));\n',
  );
  const report = { hook, file: join(dir, "cpu.json") };
  // the two ways in turn, so that both see the same machine
  const imports = { 1: [], 2: [] };
  for (let run = 0; run < runs; run++) {
    for (const threads of ["1", "2"]) {
      const r = importOnce(file, join(dir, "bench.devtape"), report, threads);
      imports[threads].push(r);
      say(
        `import --threads ${threads} run ${run + 1}: ${r.secs.toFixed(2)} s, ${r.userSecs.toFixed(2)} s user CPU, ${r.maxRssMB.toFixed(0)} MiB peak RSS`,
      );
    }
  }
  say(imports[1][0].stderr.trimEnd());

  const lines = parse[0].lines;
  const label = lines % 1e6 === 0 ? `${lines / 1e6}M` : lines % 1e3 === 0 ? `${lines / 1e3}k` : String(lines);
  const metrics = {
    [`qemu_trace_parse_${label}`]: { value: Math.round(lines / median(parse.map((r) => r.secs))), unit: "lines/s" },
    [`qemu_trace_parse_user_cpu_${label}`]: { value: +median(parse.map((r) => r.userSecs)).toFixed(2), unit: "s" },
    [`qemu_trace_events_${label}`]: { value: parse[0].events, unit: "events" },
  };
  for (const threads of ["1", "2"]) {
    const rs = imports[threads];
    metrics[`qemu_trace_import_threads${threads}_${label}`] = { value: Math.round(lines / median(rs.map((r) => r.secs))), unit: "lines/s" };
    metrics[`qemu_trace_import_threads${threads}_user_cpu_${label}`] = { value: +median(rs.map((r) => r.userSecs)).toFixed(2), unit: "s" };
    metrics[`qemu_trace_import_threads${threads}_peak_rss_${label}`] = {
      value: Math.round(median(rs.map((r) => r.maxRssMB))),
      unit: "MiB",
    };
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(metrics)}\n`);
  } else {
    const row = (what, rs) =>
      `| ${what} | ${grouped(lines / median(rs.map((r) => r.secs)))} | ${median(rs.map((r) => r.userSecs)).toFixed(2)} s | ${rs.map((r) => r.secs.toFixed(2)).join(" / ")} s |`;
    process.stdout.write(
      `QEMU trace import, ${grouped(lines)} lines → ${grouped(parse[0].events)} events, median of ${runs}:\n\n` +
        "| step | lines/s (wall clock) | user CPU | runs (wall clock) |\n" +
        "| ---- | -------------------- | -------- | ----------------- |\n" +
        `${row("parse (file → events)", parse)}\n` +
        `${row("`devtape import qemu-trace --threads 1` (file → store)", imports[1])}\n` +
        `${row("`devtape import qemu-trace --threads 2` (file → store)", imports[2])}\n`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
