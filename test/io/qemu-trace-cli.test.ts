// `devtape import qemu-trace` as a user runs it: what it prints, what the store then holds,
// several inputs and standard input, --strict, --machine/--ram, --threads, and one clear line
// with exit 2 for every unusable input.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { devtape } from "../cli/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "devtape-qemu-trace-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EVENTS = "test/fixtures/qemu-trace/trace-events-7.2";
const TOUR = "test/fixtures/qemu-trace/tour.trace.log";
const BAD = "test/fixtures/qemu-trace/malformed.trace.log";
const re = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const importTrace = (inputs: string[], store: string, ...flags: string[]) =>
  devtape(["import", "qemu-trace", ...inputs, "-o", store, "--trace-events", EVENTS, ...flags]);

describe("devtape import qemu-trace", () => {
  it("imports a log, says what it found and skipped, and exports back the golden events", () => {
    const store = join(dir, "tour.devtape");
    const r = importTrace([TOUR], store);
    expect(r.code).toBe(0);
    expect(r.stderr.split("\n")).toEqual([
      `imported 62 events from 61 trace lines into session 'tour' of ${store}`,
      "devices: virtio-blk@00:04.0 (virtio-blk-pci), virtio-mmio@0xfeb00e00 (virtio-mmio), megasas-gen2@00:05.0 (megasas-gen2)",
      "skipped 2 other lines (not trace output)",
      "1 line of a trace point whose format cannot be read back was kept whole (argument 'text')",
      "1 PCI config access had no traced data-port access to give the width; it was taken from the offset (trace memory_region_ops_* too)",
      "1 register access could not be placed at an address (the log gives only offsets) and was kept as observations",
      "",
    ]);
    expect(devtape(["export", "jsonl", store]).stdout).toBe(readFileSync("test/golden/qemu-trace-tour.jsonl", "utf8"));
    const info = JSON.parse(devtape(["info", store, "--json"]).stdout);
    expect(info.sessions[0]).toMatchObject({ name: "tour", inputs: [TOUR], source: `qemu-trace: ${TOUR} (trace events of ${EVENTS})` });
    expect(devtape(["verify", store]).code).toBe(0);
  });

  it("makes replay cite the log line of each divergence", () => {
    // The committed virtio-blk trace with its first virtqueue_flush claiming two completions.
    const lines = readFileSync("traces/qemu/virtio-blk-pci-modern.trace.log", "utf8").split("\n");
    const at = lines.findIndex((l) => /:virtqueue_flush .*count 1/.test(l));
    lines[at] = (lines[at] as string).replace("count 1", "count 2");
    const log = join(dir, "flush.trace.log");
    writeFileSync(log, lines.join("\n"));
    const store = join(dir, "flush.devtape");
    expect(importTrace([log], store).code).toBe(0);
    const r = devtape(["replay", store, "--json", "--no-checkpoints"]);
    expect(r.code).toBe(1);
    const divergences = JSON.parse(r.stdout).divergences;
    expect(divergences.map((d: { source: string; what: string }) => [d.source, d.what])).toEqual([
      [`${log}:${at + 1}`, "queue 0 virtqueue_flush (trace) count"],
    ]);
    expect(devtape(["replay", store, "--no-checkpoints"]).stdout).toContain(
      `(${log}:${at + 1}): virtio-blk@00:04.0 queue 0 virtqueue_flush`,
    );
  });

  it("reads several inputs as one trace and standard input", () => {
    const lines = readFileSync("traces/qemu/virtio-blk-mmio-v2.trace.log", "utf8").split("\n");
    const a = join(dir, "a.trace.log");
    const b = join(dir, "b.trace.log");
    writeFileSync(a, `${lines.slice(0, 60).join("\n")}\n`);
    writeFileSync(b, lines.slice(60).join("\n"));
    const store = join(dir, "parts.devtape");
    const r = importTrace([a, b], store, "--session", "parts");
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^imported 166 events from 165 trace lines of 2 files into session 'parts' of ${re(store)}\\n`));
    const events = devtape(["export", "jsonl", store])
      .stdout.trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events.filter((ev) => ev.source?.file === 1).length).toBeGreaterThan(50);
    expect(JSON.parse(devtape(["info", store, "--json"]).stdout).sessions[0].inputs).toEqual([a, b]);

    const piped = devtape(
      ["import", "qemu-trace", "-", "-o", join(dir, "stdin.devtape"), "--trace-events", EVENTS],
      readFileSync("traces/qemu/virtio-blk-mmio-v2.trace.log", "utf8"),
    );
    expect(piped.code).toBe(0);
    expect(piped.stderr).toMatch(/^imported 166 events from 165 trace lines into session 'stdin' of /);
  });

  it("starts the session with the machine given by --machine and --ram", () => {
    const store = join(dir, "machine.devtape");
    expect(importTrace(["traces/qemu/virtio-blk-mmio-v2.trace.log"], store, "--machine", "microvm", "--ram", "128M").code).toBe(0);
    const first = JSON.parse(devtape(["export", "jsonl", store]).stdout.split("\n")[0] as string);
    expect(first).toEqual({ seq: "0", agent: { host: true }, machine: { type: "microvm", ramSize: String(128 * 2 ** 20) } });
  });

  it("skips and lists malformed lines, or stops at the first with --strict (exit 2)", () => {
    const lenient = importTrace([BAD], join(dir, "bad.devtape"));
    expect(lenient.code).toBe(0);
    const out = lenient.stderr.split("\n");
    expect(out[0]).toBe(`imported 3 events from 6 trace lines into session 'malformed' of ${join(dir, "bad.devtape")}`);
    expect(out).toContain("skipped 4 malformed lines (--strict stops at the first):");
    expect(out).toContain(`  ${BAD}:4: '4101@17000' is cut off or malformed: expected TID@SECONDS.MICROSECONDS:EVENT ARGS`);
    expect(out.some((l) => l.startsWith(`  ${BAD}:3: 'no_such_event' is not a trace event of ${EVENTS}`))).toBe(true);
    // The session keeps the count and the reasons: info shows them.
    const info = JSON.parse(devtape(["info", join(dir, "bad.devtape"), "--json"]).stdout);
    expect(info.sessions[0].notes.import).toMatchObject({ lines: 7, skipped: 4, otherLines: 1 });
    expect(info.sessions[0].notes.import.problems).toHaveLength(4);
    expect(info.sessions[0].notes.import.problems[2]).toBe(
      `${BAD}:4: '4101@17000' is cut off or malformed: expected TID@SECONDS.MICROSECONDS:EVENT ARGS`,
    );
    expect(devtape(["info", join(dir, "bad.devtape")]).stdout).toContain(
      "  import:   7 lines read, 4 malformed skipped, 1 other (not the format's)\n",
    );

    const strict = importTrace([BAD], join(dir, "strict.devtape"), "--strict");
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(
      new RegExp(
        `^devtape: ${re(BAD)}:2: memory_region_ops_read: '.*' does not match its format ".*" \\(${re(EVENTS)}:\\d+\\); nothing was imported\\n$`,
      ),
    );
  });

  it("stores the same with --threads 1 and 2, and says the same; stops at the same line with --strict", () => {
    const runs = ["1", "2"].map((threads) => {
      const store = join(dir, `threads-${threads}.devtape`);
      const r = importTrace([TOUR, BAD, "traces/qemu/linux-boot-megasas.trace.log"], store, "--session", "t", "--threads", threads);
      return { ...r, stderr: r.stderr.replaceAll(store, "STORE"), export: devtape(["export", "jsonl", store]).stdout };
    });
    expect(runs[0]?.code).toBe(0);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[0]?.export.split("\n").length).toBeGreaterThan(3000);
    const strict = ["1", "2"].map((threads) => {
      const r = importTrace([TOUR, BAD], join(dir, `strict-${threads}.devtape`), "--strict", "--threads", threads);
      return [r.code, r.stderr.replace(/strict-\d/, "strict-N")];
    });
    expect(strict[0]?.[0]).toBe(2);
    expect(strict[1]).toEqual(strict[0]);
    const bad = importTrace([TOUR], join(dir, "threads-3.devtape"), "--threads", "3");
    expect([bad.code, bad.stderr]).toEqual([2, "devtape: --threads: '3' is not 1 or 2\n"]);
  });

  it("refuses unusable input with one line and exit 2", () => {
    const store = join(dir, "x.devtape");
    const run = (...args: string[]) => devtape(["import", "qemu-trace", ...args]);
    const missing = run(join(dir, "nope.log"), "-o", store, "--trace-events", EVENTS);
    expect([missing.code, missing.stderr]).toEqual([2, `devtape: ${join(dir, "nope.log")}: no such file\n`]);
    const noEvents = run(TOUR, "-o", store, "--trace-events", join(dir, "none"));
    expect([noEvents.code, noEvents.stderr]).toEqual([2, `devtape: --trace-events: ${join(dir, "none")}: no such file\n`]);
    const notEvents = run(TOUR, "-o", store, "--trace-events", TOUR);
    expect(notEvents.code).toBe(2);
    expect(notEvents.stderr).toBe(`devtape: --trace-events: ${TOUR}:1: not a declaration 'name(type arg, …) "format"'\n`);
    expect(run(TOUR, "-o", store, "--trace-events", EVENTS, "--machine", "q35").stderr).toBe(
      "devtape: --machine and --ram go together (a machine event needs both)\n",
    );
    expect(run(TOUR, "-o", store, "--trace-events", EVENTS, "--machine", "virt", "--ram", "1G").stderr).toBe(
      "devtape: --machine: 'virt' is not one of pc, q35, microvm\n",
    );
    expect(run("-", "-", "-o", store, "--trace-events", EVENTS).stderr).toBe("devtape: standard input (-) can be read only once\n");
    const none = run("-o", store);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/missing required argument 'inputs'/);
    expect(importTrace([TOUR], store).code).toBe(0);
    expect(importTrace([TOUR], store).stderr).toBe(
      `devtape: ${store} already has a session named 'tour'; choose another name with --session\n`,
    );
  });
});
