// Live recording on real QEMU, through the CLI as a user runs it:
// - `devtape record qtest`: a qtest client (test/fixtures/qtest/live-client.mjs) drives QEMU
//   through devtape's proxy; the session must hold exactly the events `devtape import qtest`
//   makes of QEMU's own -qtest-log of the same run, and replay without divergences.
// - `devtape record qemu`: a guest firmware (test/helpers/scan-firmware.ts) scans the PCI bus
//   for a few seconds and resets; a reader polling the store while it runs must see a growing
//   prefix of the final session, which replays without divergences. Ctrl-C ends a recording
//   cleanly.
// - what goes wrong: a missing QEMU, arguments QEMU refuses, a missing client: one line, exit 2.
// Skipped (with the reason in the test names) when qemu-system-x86_64 is missing, unless CI=true.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writePatternImage } from "../../src/record/drivers/disk-image.js";
import { UserError } from "../../src/errors.js";
import { Store } from "../../src/store/store.js";
import { CLI, devtape } from "../cli/run-cli.js";
import { type ScanFirmwareOptions, scanFirmware } from "../helpers/scan-firmware.js";
import { TempDirs } from "../helpers/tmp.js";
import { QEMU, skipNote, skipQemu } from "./qemu-availability.js";

const tmp = new TempDirs();
afterAll(() => tmp.cleanup());

const CLIENT = join(process.cwd(), "test/fixtures/qtest/live-client.mjs");

/** An event as `devtape events --json` prints it, without what differs between a live run and its log (time, source line). */
function essence(line: string): string {
  const o = JSON.parse(line) as Record<string, unknown>;
  delete o.timeNs;
  delete o.source;
  return JSON.stringify(o);
}

function eventLines(store: string, session: string): string[] {
  const r = devtape(["events", store, "--session", session, "--json"]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.trim().split("\n");
}

function replayJson(store: string, session: string): { divergences: unknown[]; guestErrors: unknown[]; events: number } {
  const r = devtape(["replay", store, "--session", session, "--json"]);
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as { divergences: unknown[]; guestErrors: unknown[]; events: number };
}

/** Expects the one-line error of a refused start: exit 2, one line on stderr, no stack trace. */
function expectOneLineError(r: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  expect(r.stderr.trim()).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

function run(args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  return { child, done: new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr }))) };
}

/** Makes sure a recording started by a test ends (Ctrl-C, so that it stops its QEMU) even when the test failed first. */
async function stopped(child: ChildProcess, done: Promise<unknown>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGINT");
  await done;
}

/**
 * What a reader sees of session `name` right now: its events, decoded (undefined before the
 * session exists; with `early`, also while the writer is still creating the file).
 */
function readNow(file: string, name: string, early = false): string[] | undefined {
  if (!existsSync(file)) return undefined;
  let store: Store;
  try {
    store = Store.open(file, { mode: "read" });
  } catch (e) {
    if (early && e instanceof UserError && /is empty|empty SQLite database/.test(e.message)) return undefined;
    throw e;
  }
  try {
    const s = store.sessions().find((x) => x.name === name);
    if (s === undefined) return undefined;
    return [...store.events(s.id)].map((ev) => JSON.stringify(ev));
  } finally {
    store.close();
  }
}

const qemuBinary = ["--qemu", QEMU];

describe("devtape record: help and input refused before QEMU starts", () => {
  it("explains both verbs", () => {
    const qemu = devtape(["record", "qemu", "--help"]);
    expect(qemu.code).toBe(0);
    expect(qemu.stdout).toContain("Usage: devtape record qemu [options] [qemu...]");
    expect(qemu.stdout).toContain("Ctrl-C stops QEMU and keeps what was recorded (exit 130)");
    const qtest = devtape(["record", "qtest", "--help"]);
    expect(qtest.code).toBe(0);
    expect(qtest.stdout).toContain("Usage: devtape record qtest [options] <client...>");
    expect(qtest.stdout).toContain("DEVTAPE_QTEST_SOCKET and QTEST_SOCKET");
  });

  it("refuses what it cannot use with one line and exit 2", () => {
    const store = tmp.file();
    expect(devtape(["record", "qtest", "-o", store]).code).toBe(2);
    expectOneLineError(
      devtape(["record", "qtest", "-o", store, "--qemu", "-M pc -name 'open", "--", "true"]),
      /^devtape: --qemu: unterminated '/,
    );
    expectOneLineError(
      devtape(["record", "qtest", "-o", store, "--qemu", "-M pc -device megasas,addr=40", "--", "true"]),
      /addr '40' is not a PCI slot/,
    );
    expectOneLineError(
      devtape(["record", "qemu", "-o", store, "--qemu", "/usr/bin/qemu-system-x86_64", "--", "qemu-system-x86_64", "-M", "pc"]),
      /starts with a program \('qemu-system-x86_64'\) and --qemu names one too/,
    );
    expectOneLineError(
      devtape(["record", "qemu", "-o", store, "--", "-M", "pc", "-daemonize"]),
      /-daemonize: devtape records QEMU in the foreground/,
    );
    expectOneLineError(
      devtape(["record", "qemu", "-o", store, "--no-default-trace", "--", "-M", "pc"]),
      /--no-default-trace leaves no trace points/,
    );
    expect(existsSync(store)).toBe(false);
  });
});

describe.skipIf(skipQemu)(`devtape record qtest on real QEMU${skipNote}`, () => {
  it("virtio-blk on microvm through the proxy: the session is the import of QEMU's own log, and replays clean", () => {
    const dir = tmp.make();
    const disk = join(dir, "disk.img");
    writePatternImage(disk, 2048);
    const log = join(dir, "qemu.qtest.log");
    const store = join(dir, "t.devtape");
    const qemuArgs =
      `${QEMU} -M microvm,acpi=off,x-option-roms=off,rtc=off,pit=off,pic=off,isa-serial=off -m 128M ` +
      `-drive if=none,id=d0,file=${disk},format=raw -device virtio-blk-device,drive=d0 -qtest-log ${log}`;
    const r = devtape([
      "record",
      "qtest",
      "-o",
      store,
      "--session",
      "live",
      "--json",
      "--qemu",
      qemuArgs,
      "--",
      process.execPath,
      CLIENT,
      "{socket}",
      "virtio-blk-mmio",
    ]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({
      session: "live",
      connected: true,
      malformedLines: 0,
      refusedCommands: 0,
      devices: [{ id: "virtio-mmio@0xfeb00e00", kind: "virtio-mmio", irq: 12 }],
      client: { exitCode: 0, signal: null },
      qemu: { exitCode: 0, signal: null },
      interrupted: false,
    });
    // The client checked its reads; with --json its output went to stderr.
    expect(r.stderr).toContain("live-client: virtio-mmio version 1, device 2, vendor 0x554d4551; 3 requests checked");
    expect(summary.irqLines as number).toBeGreaterThanOrEqual(4);

    // QEMU's own log of the same run, imported with the recorded session's command line.
    const info = JSON.parse(devtape(["info", store, "--json"]).stdout) as { sessions: { commandLine: string }[] };
    const cmdline = info.sessions[0]?.commandLine as string;
    expect(cmdline).toContain(`-qtest-log ${log}`);
    const imp = devtape(["import", "qtest", log, "-o", store, "--session", "imported", "--qemu-cmdline", cmdline, "--strict"]);
    expect(imp.code, imp.stderr).toBe(0);
    const live = eventLines(store, "live");
    expect(live.length).toBe(summary.events);
    expect(live.map(essence)).toEqual(eventLines(store, "imported").map(essence));
    // The whole driver's life is there: the transport's registers, the rings in RAM, the device's interrupts.
    const kinds = live.map((l) =>
      Object.keys(JSON.parse(l) as object).find((k) => ["mmio", "memory", "interrupt", "attach", "machine"].includes(k)),
    );
    expect(kinds.filter((k) => k === "mmio").length).toBeGreaterThan(20);
    expect(kinds.filter((k) => k === "memory").length).toBeGreaterThan(10);
    const irqs = live.map((l) => JSON.parse(l) as { agent: unknown; interrupt?: unknown }).filter((e) => e.interrupt);
    expect(irqs.length).toBeGreaterThanOrEqual(4);
    for (const e of irqs) expect(e.agent).toEqual({ device: "virtio-mmio@0xfeb00e00" });

    const rep = replayJson(store, "live");
    expect(rep.events).toBe(live.length);
    expect(rep.divergences).toEqual([]);
    expect(rep.guestErrors).toEqual([]);
  });

  it("pc: devtape exits with the client's status; PCI ids read through 0xcf8/0xcfc are recorded, the devices placed", () => {
    const dir = tmp.make();
    const store = join(dir, "t.devtape");
    const r = devtape([
      "record",
      "qtest",
      "-o",
      store,
      "--qemu",
      "-M pc -device virtio-rng-pci -device megasas,addr=05.0",
      "--",
      process.execPath,
      CLIENT,
      "{socket}",
      "pci-id",
      "5",
    ]);
    expect(r.code, r.stderr).toBe(5);
    expect(r.stdout).toContain("live-client: 00:02.0 10051af4");
    expect(r.stderr).toContain(
      "devices: virtio-rng@00:02.0 (virtio-rng-pci at 00:02.0, IRQ 10), megasas@00:05.0 (megasas at 00:05.0, IRQ 10)",
    );
    expect(r.stderr).toMatch(/recorded 15 events from 12 commands and 0 IRQ lines into session 'qtest-\d{8}T\d{6}Z'/);
    expect(r.stderr).toContain("the client exited with code 5; QEMU exited with code 0");
    const [session] = (JSON.parse(devtape(["info", store, "--json"]).stdout) as { sessions: { name: string }[] }).sessions;
    const reads = eventLines(store, session?.name as string)
      .map((l) => JSON.parse(l) as { pio?: { op: string; port: number; value: number } })
      .filter((e) => e.pio?.port === 0xcfc)
      .map((e) => (e.pio?.value as number) >>> 0);
    expect(reads).toEqual([0x12378086, 0x70008086, 0x10051af4, 0xffffffff, 0xffffffff, 0x00601000]);
    expect(replayJson(store, session?.name as string).divergences).toEqual([]);
  });

  it("a missing QEMU, arguments QEMU refuses, a missing client: one line, exit 2, no session", () => {
    const store = tmp.file();
    const client = ["--", process.execPath, CLIENT, "{socket}"];
    expectOneLineError(
      devtape(["record", "qtest", "-o", store, "--qemu", "/nonexistent/qemu-system-x86_64 -M pc", ...client]),
      /\/nonexistent\/qemu-system-x86_64 was not found/,
    );
    expectOneLineError(
      devtape(["record", "qtest", "-o", store, "--qemu", `${QEMU} -M pc -device no-such-device`, ...client]),
      /^devtape: QEMU did not start \(.* exited with code 1\): .*'no-such-device' is not a valid device model name$/,
    );
    expectOneLineError(
      devtape(["record", "qtest", "-o", store, "--qemu", `${QEMU} -M pc`, "--", "/nonexistent/client"]),
      /the client '\/nonexistent\/client' was not found/,
    );
    expectOneLineError(
      devtape(["record", "qtest", "-o", store, "--qemu", "-M pc -qtest stdio", ...client]),
      /-qtest: devtape connects QEMU's qtest socket to itself/,
    );
    expectOneLineError(
      devtape(["record", "qtest", "-o", store, "--qemu", "-M isapc", ...client]),
      /--qemu: machine 'isapc' is not one devtape models/,
    );
    expect((JSON.parse(devtape(["info", store, "--json"]).stdout) as { sessions: unknown[] }).sessions).toEqual([]);
  });
});

describe.skipIf(skipQemu)(`devtape record qemu on real QEMU${skipNote}`, () => {
  /**
   * Starts `devtape record qemu --session live --json` on pc with the scanning firmware (`scan`)
   * and a virtio-blk-pci disk of `sectors` at 00:04.0, into a new store.
   */
  function recordScan(scan: ScanFirmwareOptions, sectors: number): ReturnType<typeof run> & { store: string } {
    const dir = tmp.make();
    const fw = join(dir, "scan.bin");
    writeFileSync(fw, scanFirmware(scan));
    const disk = join(dir, "disk.img");
    writePatternImage(disk, sectors);
    const store = join(dir, "t.devtape");
    const machine = [
      ...["-M", "pc", "-accel", "tcg", "-m", "64M", "-bios", fw, "-nodefaults", "-display", "none", "-no-reboot"],
      ...["-drive", `if=none,id=d0,file=${disk},format=raw`, "-device", "virtio-blk-pci,drive=d0,addr=04.0"],
    ];
    return { store, ...run(["record", "qemu", "-o", store, "--session", "live", "--json", ...qemuBinary, "--", ...machine]) };
  }

  it("a guest scanning the PCI bus: a reader sees a growing prefix while it runs; the session replays clean", async () => {
    const { store, child, done } = recordScan({ iterations: 100, delay: 0x300_0000 }, 2048);
    const seen: string[][] = [];
    let finished = false;
    void done.then(() => (finished = true));
    try {
      while (!finished) {
        const now = readNow(store, "live", seen.length === 0);
        if (now !== undefined) seen.push(now);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await stopped(child, done);
    }
    const r = await done;
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({
      session: "live",
      otherLines: 0,
      malformedLines: 0,
      interrupted: false,
      qemu: { exitCode: 0, signal: null },
      devices: [
        { id: "i440FX@00:00.0", kind: "i440FX" },
        { id: "PIIX3@00:01.0", kind: "PIIX3" },
        { id: "virtio-blk@00:04.0", kind: "virtio-blk-pci" },
      ],
    });
    const final = readNow(store, "live") as string[];
    expect(final.length).toBe(summary.events);
    // 100 scans of 32 slots: every 0xcf8 write, and each read as a config read (3 functions) or a port read.
    const parsed = eventLines(store, "live").map(
      (l) => JSON.parse(l) as Record<string, { port?: number; bdf?: number; offset?: number; value?: number }>,
    );
    expect(parsed.length).toBe(final.length);
    expect(parsed.filter((e) => e.pio?.port === 0xcf8).length).toBe(3200);
    expect(parsed.filter((e) => e.pciConfig !== undefined && (e.pciConfig.offset ?? 0) === 0).length).toBe(300);
    expect(parsed.filter((e) => e.pio?.port === 0xcfc).length).toBe(2900);
    expect(parsed.find((e) => e.pciConfig?.bdf === 0x20)?.pciConfig?.value).toBe(0x10011af4);

    // Readers saw the session grow: prefixes of the final session, some of them partial.
    const partial = seen.filter((s) => s.length > 0 && s.length < final.length);
    expect(partial.length, `reads saw ${seen.map((s) => s.length).join(", ")} of ${final.length} events`).toBeGreaterThanOrEqual(2);
    for (const s of seen) expect(s).toEqual(final.slice(0, s.length));
    for (let i = 1; i < seen.length; i++) expect((seen[i] as string[]).length).toBeGreaterThanOrEqual((seen[i - 1] as string[]).length);

    const rep = replayJson(store, "live");
    expect(rep.events).toBe(final.length);
    expect(rep.divergences).toEqual([]);
    // What the live parser read is noted as an import's is, for `info`.
    const info = JSON.parse(devtape(["info", store, "--json"]).stdout) as { sessions: { notes: Record<string, unknown> }[] };
    expect(info.sessions[0]?.notes.import).toMatchObject({ skipped: 0, problems: [], otherLines: 0 });
    expect((info.sessions[0]?.notes.import as { lines: number }).lines).toBe(summary.lines);
  });

  it("Ctrl-C stops QEMU, commits what came and leaves a store that verifies (exit 130)", async () => {
    const { store, child, done } = recordScan({ iterations: 0, delay: 0x100_0000 }, 16);
    // Wait until the guest's accesses are being committed, then interrupt.
    try {
      for (let i = 0; i < 200 && (readNow(store, "live", true)?.length ?? 0) < 500; i++) await new Promise((r) => setTimeout(r, 100));
    } finally {
      child.kill("SIGINT");
    }
    const r = await done;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain("devtape: SIGINT: stopping, committing what was recorded");
    const summary = JSON.parse(r.stdout) as { events: number; interrupted: boolean; qemu: { exitCode: number | null } };
    expect(summary.interrupted).toBe(true);
    // QEMU was asked to quit (QMP), and did so cleanly.
    expect(summary.qemu.exitCode).toBe(0);
    expect(summary.events).toBeGreaterThanOrEqual(500);
    expect(readNow(store, "live")?.length).toBe(summary.events);
    const v = devtape(["verify", store]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
  });

  it("a missing QEMU binary, arguments QEMU refuses: one line, exit 2, no session", () => {
    const store = tmp.file();
    expectOneLineError(
      devtape(["record", "qemu", "-o", store, "--qemu", "/nonexistent/qemu", "--", "-M", "pc"]),
      /^devtape: \/nonexistent\/qemu was not found/,
    );
    expectOneLineError(
      devtape(["record", "qemu", "-o", store, ...qemuBinary, "--", "-M", "pc", "-display", "none", "-device", "no-such-device"]),
      /^devtape: QEMU did not start \(.* exited with code 1\): .*-device no-such-device: 'no-such-device' is not a valid device model name$/,
    );
    expectOneLineError(
      devtape(["record", "qemu", "-o", store, ...qemuBinary, "--", "-M", "pc", "-no-such-option"]),
      /QEMU did not start .*-no-such-option: invalid option/,
    );
    expectOneLineError(devtape(["record", "qemu", "-o", store, "--", "-D", "/tmp/x.log"]), /-D: devtape reads QEMU's trace log itself/);
    expect((JSON.parse(devtape(["info", store, "--json"]).stdout) as { sessions: unknown[] }).sessions).toEqual([]);
  });
});
