import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { syntheticEvents } from "../../src/bench/synthetic.js";
import { eventToJson } from "../../src/schema/json.js";
import { devtape } from "./run-cli.js";

const SAMPLE = "traces/samples/virtio-mmio-blk-read.jsonl";
const dir = mkdtempSync(join(tmpdir(), "devtape-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(dir, `s${n++}.devtape`);

/** Compares with test/golden/NAME; UPDATE_GOLDEN=1 rewrites the golden file instead. */
function golden(name: string, actual: string): void {
  const path = join("test/golden", name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, "utf8"));
}

function importSample(): string {
  const store = fresh();
  const r = devtape(["import", "jsonl", SAMPLE, "-o", store, "--session", "sample"]);
  expect(r.stderr).toBe(`imported 52 events into session 'sample' of ${store}\n`);
  expect(r.code).toBe(0);
  return store;
}

function syntheticJsonl(count: number): string {
  return syntheticEvents(count, 7)
    .map((ev, i) => eventToJson({ ...ev, seq: i }))
    .join("\n")
    .concat("\n");
}

describe("devtape import jsonl / export jsonl", () => {
  it("round-trips the bundled sample byte for byte", () => {
    const store = importSample();
    const r = devtape(["export", "jsonl", store]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(SAMPLE, "utf8"));
  });

  it("round-trips 40,000 synthetic events (many chunks and batches) through stdin and a file", () => {
    const text = syntheticJsonl(40_000);
    const store = fresh();
    expect(devtape(["import", "jsonl", "-", "-o", store], text).code).toBe(0);
    const out = join(dir, "out.jsonl");
    expect(devtape(["export", "jsonl", store, "-o", out]).code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(text);
    expect(devtape(["export", "jsonl", store, "--from", "19999", "--to", "20001"]).stdout).toBe(
      text.split("\n").slice(19999, 20002).join("\n").concat("\n"),
    );
  });

  it("reports a malformed line with file:line and reason, exit 2, and creates no session", () => {
    const input = join(dir, "bad.jsonl");
    writeFileSync(
      input,
      `${readFileSync(SAMPLE, "utf8").split("\n").slice(0, 5).join("\n")}\n{"agent":{"cpu":0},"mmio":{"op":"ACCESS_WRITE","size":3}}\n`,
    );
    const store = fresh();
    const r = devtape(["import", "jsonl", input, "-o", store]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`devtape: ${input}:6: mmio.size: 3 is not one of 1, 2, 4, 8; nothing was imported\n`);
    expect(JSON.parse(devtape(["info", store, "--json"]).stdout).sessions).toEqual([]);
  });

  it("keeps the committed batches before a malformed line and none of its own batch", () => {
    const lines = syntheticJsonl(20_000).split("\n");
    lines[17_000] = '{"seq":"17000","agent":{"cpu":0},"teleport":{}}';
    const store = fresh();
    const r = devtape(["import", "jsonl", "-", "-o", store, "--session", "s"], lines.join("\n"));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "devtape: <stdin>:17001: teleport: unknown field (not an event kind devtape knows); session 's' of " +
        `${store} keeps the 16,384 events of the batches before it\n`,
    );
    const info = JSON.parse(devtape(["info", store, "--json"]).stdout);
    expect(info.sessions[0].events).toBe(16_384);
    expect(devtape(["verify", store]).code).toBe(0);
  });

  it("refuses a seq that breaks the sequence", () => {
    const r = devtape(
      ["import", "jsonl", "-", "-o", fresh()],
      '{"seq":"0","agent":{"cpu":0},"marker":{}}\n{"seq":"5","agent":{"cpu":0},"marker":{}}\n',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("devtape: <stdin>:2: seq 5 breaks the sequence: expected 1 (sessions are dense, from 0); nothing was imported\n");
  });

  it("refuses a second session of the same name", () => {
    const store = importSample();
    const r = devtape(["import", "jsonl", SAMPLE, "-o", store, "--session", "sample"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`devtape: ${store} already has a session named 'sample'; choose another name with --session\n`);
  });
});

describe("a directory where a file is expected", () => {
  it.each([
    ["import qemu-trace", ["import", "qemu-trace"], ["--trace-events", "test/fixtures/qemu-trace/trace-events-7.2"]],
    ["import qtest", ["import", "qtest"], ["--machine", "pc", "--ram", "128M"]],
    ["import jsonl", ["import", "jsonl"], []],
  ])("%s of a directory is one line naming it, exit 2, and no store", (_what, verb, more) => {
    const store = fresh();
    const r = devtape([...verb, dir, "-o", store, ...more]);
    expect(r.stderr).toBe(`devtape: ${dir}: is a directory; a file is expected (or - for standard input)\n`);
    expect(r.code).toBe(2);
    expect(existsSync(store)).toBe(false);
  });

  it("a directory as the store is one line naming it, exit 2", () => {
    const r = devtape(["import", "jsonl", SAMPLE, "-o", dir]);
    expect(r.stderr).toBe(`devtape: ${dir}: is a directory, not a devtape store\n`);
    expect(r.code).toBe(2);
    expect(devtape(["info", dir]).stderr).toBe(`devtape: ${dir}: is a directory, not a devtape store\n`);
  });

  it("a directory as --trace-events is one line naming it, exit 2", () => {
    const r = devtape(["import", "qemu-trace", "traces/qemu/virtio-blk-mmio-v2.trace.log", "-o", fresh(), "--trace-events", dir]);
    expect(r.stderr).toBe(`devtape: --trace-events: ${dir}: is a directory; a file is expected\n`);
    expect(r.code).toBe(2);
  });
});

describe("devtape events", () => {
  it("prints the sample as the golden listing", () => {
    golden("sample-events.txt", devtape(["events", importSample()]).stdout);
  });

  const seqs = (out: string) =>
    out
      .trim()
      .split("\n")
      .map((l) => Number(l.trim().split(/\s+/)[0]));
  const store = importSample();
  it.each([
    [
      ["--kind", "barrier"],
      [28, 30, 42, 49],
    ],
    [
      ["--kind", "interrupt,topology"],
      [0, 1, 44, 47],
    ],
    [["--kind", "mmio-read", "--from", "40"], [45]],
    [
      ["--addr", "0x7ffd000-0x7ffd00f"],
      [31, 41, 43, 48, 50],
    ],
    [
      ["--addr", "0xfeb00060+8"],
      [45, 46],
    ],
    [
      ["--agent", "host"],
      [0, 1, 2, 22],
    ],
    [
      ["--device", "virtio-mmio@0xfeb00000", "--from", "38", "--to", "47"],
      [38, 39, 40, 41, 42, 43, 44, 45, 46, 47],
    ],
    [
      ["--from", "10", "--limit", "3"],
      [10, 11, 12],
    ],
  ])("filters with %j", (args, want) => {
    const r = devtape(["events", store, ...args]);
    expect(r.code).toBe(0);
    expect(seqs(r.stdout)).toEqual(want);
  });

  it("prints canonical JSON lines with --json", () => {
    const r = devtape(["events", store, "--json", "--kind", "barrier"]);
    const want = readFileSync(SAMPLE, "utf8")
      .split("\n")
      .filter((l) => l.includes('"barrier"'));
    expect(r.stdout).toBe(`${want.join("\n")}\n`);
  });

  it.each([
    [["--kind", "teleport"], "devtape: --kind: 'teleport' is not an event kind;"],
    [["--from", "ten"], "devtape: --from: 'ten' is not a non-negative integer (decimal or 0x-hex)"],
    [["--device", "nope"], "devtape: --device: session 'sample' attaches no device 'nope' (devtape info lists its devices)"],
    [["--session", "other"], `devtape: ${store} has no session 'other' (it has 'sample')`],
  ])("explains a bad flag %j in one line with exit 2", (args, message) => {
    const r = devtape(["events", store, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.startsWith(message)).toBe(true);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("devtape info", () => {
  it("describes the sample (golden, with the temp path and creation time masked)", () => {
    const store = importSample();
    const mask = (s: string) => s.replaceAll(store, "<store>").replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "<created>");
    golden("sample-info.txt", mask(devtape(["info", store]).stdout));
    golden("sample-info.json", mask(devtape(["info", store, "--json"]).stdout));
  });
});

describe("damaged and foreign files", () => {
  it("verify names the damaged range after one flipped byte and exits 1", () => {
    const store = fresh();
    expect(devtape(["import", "jsonl", "-", "-o", store, "--session", "s"], syntheticJsonl(10_000)).code).toBe(0);
    const bytes = readFileSync(store);
    // The data of a memory write is stored verbatim: flip its first byte in the file.
    const events = syntheticEvents(10_000, 7);
    const victim = events.findIndex((e, i) => i >= 6000 && (e.memory?.data?.length ?? 0) >= 16);
    const pos = bytes.indexOf(Buffer.from(events[victim]?.memory?.data as Uint8Array));
    expect(pos).toBeGreaterThan(0);
    const fd = openSync(store, "r+");
    writeSync(fd, Buffer.from([(bytes[pos] as number) ^ 0xff]), 0, 1, pos);
    closeSync(fd);
    const r = devtape(["verify", store]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/session 's': events (\d+)–(\d+) damaged: chunk hash does not match/);
    const [, lo, hi] = /events (\d+)–(\d+)/.exec(r.stdout) as RegExpExecArray;
    expect(Number(lo)).toBeLessThanOrEqual(victim);
    expect(Number(hi)).toBeGreaterThanOrEqual(victim);
    const json = JSON.parse(devtape(["verify", store, "--json"]).stdout);
    expect(json.ok).toBe(false);
    expect(json.sessions[0].damage).toHaveLength(1);
  });

  it.each([
    ["a missing file", (p: string) => p, (p: string) => `devtape: ${p}: no such file\n`],
    [
      "a text file",
      (p: string) => {
        writeFileSync(p, "hello\n".repeat(100));
        return p;
      },
      (p: string) => `devtape: ${p} is not a devtape store (it is not an SQLite database)\n`,
    ],
    [
      "a truncated store",
      (p: string) => {
        expect(devtape(["import", "jsonl", "-", "-o", p], syntheticJsonl(20_000)).code).toBe(0);
        truncateSync(p, Math.floor(statSync(p).size / 2));
        return p;
      },
      (p: string) =>
        expect.stringMatching(
          new RegExp(`^devtape: ${p} is truncated: its header promises \\d+ bytes but the file has \\d+; run 'devtape verify`),
        ),
    ],
  ])("info on %s is one line on stderr and exit 2", (_what, make, message) => {
    const p = make(join(dir, `foreign${n++}`));
    const r = devtape(["info", p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(message(p));
    expect(r.stdout).toBe("");
  });

  it("verify on a truncated store reports the damage and exits 1, not a crash", () => {
    const p = fresh();
    expect(devtape(["import", "jsonl", "-", "-o", p], syntheticJsonl(20_000)).code).toBe(0);
    truncateSync(p, Math.floor(statSync(p).size / 2));
    const r = devtape(["verify", p]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(
      /structure: .* is truncated: its header promises \d+ bytes but the file has \d+; the missing tail was read as zeros/,
    );
    expect(r.stdout).toMatch(/session 'stdin': [\d,]+ events in \d+ chunks were read/);
    expect(r.stdout).toContain("DAMAGED");
  });
});

describe("--help", () => {
  it.each([
    [[]],
    [["info"]],
    [["events"]],
    [["verify"]],
    [["migrate"]],
    [["import"]],
    [["import", "jsonl"]],
    [["export"]],
    [["export", "jsonl"]],
  ])("devtape %j --help prints usage and exits 0", (words) => {
    const r = devtape([...words, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: devtape/);
  });
  it("a missing store file is never created by a read command", () => {
    const p = join(dir, "never.devtape");
    devtape(["events", p]);
    expect(existsSync(p)).toBe(false);
  });
});

describe("devtape replay and state", () => {
  it.each(["virtio-blk-mmio-v1", "virtio-blk-mmio-v2"])("replays the %s capture (golden, whole JSON report)", (name) => {
    const store = fresh();
    expect(devtape(["import", "jsonl", `traces/qemu/${name}.jsonl`, "-o", store, "--session", name]).code).toBe(0);
    const r = devtape(["replay", store, "--json", "--no-checkpoints"]);
    expect(r.code).toBe(0);
    golden(`replay-${name}.json`, r.stdout);
    const human = devtape(["replay", store, "--to", "100", "--no-checkpoints"]);
    expect(human.stdout).toContain("divergences: none");
    expect(human.stdout).toMatch(/queue 0: size 8, avail idx \d+, used idx \d+, completed \d+, in flight 0/);
  });

  it.each(["virtio-scsi-mmio-v1", "virtio-scsi-mmio-v2", "virtio-scsi-pci-legacy", "virtio-scsi-pci-modern"])(
    "replays the %s capture (golden, whole JSON report)",
    (name) => {
      const store = fresh();
      expect(devtape(["import", "jsonl", `traces/qemu/${name}.jsonl`, "-o", store, "--session", name]).code).toBe(0);
      const r = devtape(["replay", store, "--json", "--no-checkpoints"]);
      expect(r.code).toBe(0);
      golden(`replay-${name}.json`, r.stdout);
    },
  );

  it("shows a virtio-scsi capture just before the driver's reset: queues, event buffers in flight, requests by kind (golden, whole text)", () => {
    const name = "virtio-scsi-mmio-v2";
    const lines = readFileSync(`traces/qemu/${name}.jsonl`, "utf8").trimEnd().split("\n");
    const reset = lines.findIndex((l) => l.includes('"text":"virtio-scsi: reset on remove"'));
    expect(reset).toBeGreaterThan(0);
    const store = fresh();
    expect(devtape(["import", "jsonl", `traces/qemu/${name}.jsonl`, "-o", store, "--session", name]).code).toBe(0);
    const r = devtape(["replay", store, "--to", String(reset), "--no-checkpoints"]);
    expect(r.code).toBe(0);
    golden(`replay-${name}-before-reset.txt`, r.stdout);
  });

  it("exits 1 and lists the divergence when a read is impossible", () => {
    const lines = readFileSync("traces/qemu/virtio-blk-mmio-v1.jsonl", "utf8").split("\n");
    lines[3] = lines[3]?.replace('"value":1953655158', '"value":1') ?? ""; // MagicValue read as 1
    const store = fresh();
    expect(devtape(["import", "jsonl", "-", "-o", store], lines.join("\n")).code).toBe(0);
    const r = devtape(["replay", store]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("event 3: virtio-mmio@0xfeb00e00 MagicValue read 0x1; the model allows 0x74726976");
  });

  it("shows the state after any event, the same as replay's hash there", () => {
    const store = fresh();
    devtape(["import", "jsonl", "traces/qemu/virtio-blk-mmio-v2.jsonl", "-o", store]);
    const state = JSON.parse(devtape(["state", store, "--at", "60", "--json"]).stdout);
    const rep = JSON.parse(devtape(["replay", store, "--to", "60", "--json", "--no-checkpoints"]).stdout);
    expect(state.stateHash).toBe(rep.stateHash);
    expect(state.devices[0].queues[0]).toMatchObject({ index: 0, size: 8, ready: true });
    const bad = devtape(["state", store, "--at", "100000"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^devtape: --at 100000: session '.*' has events 0–\d+\n$/);
  });
});
