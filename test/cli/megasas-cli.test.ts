// The megasas captures through the CLI a user runs: `devtape replay` prints the HBA's
// firmware state, reply queue and frames (and --json the same as data), `devtape state`
// shows a frame in flight as a decoded request, and a QEMU log imports and replays clean.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { devtape } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "devtape-megasas-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CAPTURES = [
  {
    name: "megasas-gen1",
    id: "megasas@00:04.0",
    label: "megasas, SAS1078",
    word: "0xb45003e8",
    cmds: 1000,
    flags: ["--machine", "pc", "--ram", "128M", "--device", "megasas@00:04.0,irq=11"],
  },
  {
    name: "megasas-gen2",
    id: "megasas-gen2@00:04.0",
    label: "megasas-gen2, SAS2108",
    word: "0xb45003f0",
    cmds: 1008,
    flags: ["--machine", "q35", "--ram", "128M", "--device", "megasas-gen2@00:04.0,irq=20"],
  },
] as const;

describe.each(CAPTURES)("devtape on the $name capture", ({ name, id, label, word, cmds, flags }) => {
  const store = join(dir, `${name}.devtape`);

  it("replay prints the firmware, the reply queue and the frames, with no divergence", () => {
    expect(devtape(["import", "jsonl", `traces/qemu/${name}.jsonl`, "-o", store]).code).toBe(0);
    const r = devtape(["replay", store, "--no-checkpoints"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines).toContain(`device ${id} (${label}): firmware READY (${word}), ${cmds} commands, 80 SGEs, interrupts enabled (intx)`);
    expect(lines).toContain(`  reply queue: ${cmds} entries at 0x201000, producer 9, consumer 9`);
    expect(lines).toContain(
      "  frames: 10 posted, 10 completed, 0 outstanding; DCMD CTRL_CACHE_FLUSH 1, DCMD CTRL_GET_INFO 1, DCMD CTRL_SHUTDOWN 1, DCMD LD_GET_LIST 1, INIT 1, LD READ 2, LD SCSI 1, LD WRITE 1, PD SCSI 1",
    );
    expect(r.stdout).toContain("divergences: none\nguest errors: none\n");
    const json = JSON.parse(devtape(["replay", store, "--json", "--no-checkpoints"]).stdout);
    expect(json.devices[0].megasas).toMatchObject({
      fwState: "READY",
      replyQueue: { entries: cmds, producer: 9, consumer: 9 },
      framesOutstanding: 0,
    });
  });

  it("state shows the LD WRITE in flight right after it is posted, decoded", () => {
    const events = devtape(["events", store, "--kind", "marker,mmio-write", "--json"])
      .stdout.trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { seq: string; marker?: { text: string }; mmio?: { addr: string } });
    const marker = events.findIndex((e) => e.marker?.text.startsWith("megasas: request LD WRITE"));
    const post = events.slice(marker).find((e) => e.mmio?.addr === String(0xfe00_0040));
    const s = JSON.parse(devtape(["state", store, "--at", String(post?.seq), "--device", id, "--json"]).stdout);
    const frames = s.devices[0].frames.filter((f: { phase: string }) => f.phase === "in-flight");
    expect(frames).toEqual([
      expect.objectContaining({
        command: "LD WRITE",
        target: 0,
        lun: 0,
        request: expect.stringMatching(/^LD WRITE target 0 lba 8\+1 \(512 bytes\) from 512 bytes at 0x/),
        reply: "maybe",
      }),
    ]);
    expect(s.devices[0].firmware.state).toBe("OPERATIONAL");
  });

  it("imports QEMU's own qtest log of the run, which replays clean", () => {
    const logStore = join(dir, `${name}-log.devtape`);
    expect(devtape(["import", "qtest", `traces/qemu/${name}.qtest.log`, "-o", logStore, ...flags]).code).toBe(0);
    const r = devtape(["replay", logStore, "--no-checkpoints"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("divergences: none\nguest errors: none\n");
  });
});
