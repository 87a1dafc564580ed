// devtape record qemu -o FILE [--session NAME] [--trace PATTERN]… -- [QEMU] ARGS…: runs QEMU
// with its trace points on and records the guest's session as it runs (record/live/trace-recorder.ts).
import type { Command } from "commander";
import { UserError } from "../errors.js";
import { machineOfArgs, QemuCmdlineError, qemuOptions } from "../io/qtest/qemu-cmdline.js";
import { describeExit, exitStatus } from "../record/live/qemu-process.js";
import { LIVE_TRACE_PATTERNS, type TraceRecordResult, TraceRecorder } from "../record/live/trace-recorder.js";
import { TRACE_EVENTS_PATHS } from "../io/qemu-trace/trace-events.js";
import { grouped, printJson } from "./common.js";
import type { ImportNote } from "./import-common.js";
import { loadCatalog } from "./import-qemu-trace.js";
import { defaultSessionName, INTERRUPTED_EXIT, qemuCommand, recordLive, withRecordingStore } from "./record-common.js";

interface RecordQemuOptions {
  output: string;
  session?: string;
  qemu?: string;
  trace: string[];
  defaultTrace: boolean;
  traceEvents?: string;
  json?: boolean;
}

/** Options devtape sets itself and QEMU must not get twice. */
function refuseOwnOptions(args: readonly string[]): void {
  for (const o of qemuOptions(args)) {
    if (o.name === "D") throw new UserError("-D: devtape reads QEMU's trace log itself (from a pipe); leave -D out");
    if (o.name === "daemonize") throw new UserError("-daemonize: devtape records QEMU in the foreground; leave -daemonize out");
  }
}

function summary(r: TraceRecordResult, name: string, output: string, interrupted: boolean): void {
  const out = process.stderr;
  const s = r.stats;
  const plural = (n: number, one: string, many = `${one}s`) => `${grouped(n)} ${n === 1 ? one : many}`;
  const how = interrupted ? "stopped by the user" : `QEMU ${describeExit(r.exit)}`;
  if (r.session === undefined) {
    out.write(`${how}; no trace line came, so nothing was recorded\n`);
    return;
  }
  out.write(
    `recorded ${plural(r.events, "event")} from ${plural(s.traceLines, "trace line")} into session '${name}' of ${output} ` +
      `(${how}, ${(r.durationMs / 1000).toFixed(1)} s)\n`,
  );
  if (r.devices.length > 0) out.write(`devices: ${r.devices.map((d) => `${d.id} (${d.kind})`).join(", ")}\n`);
  if (s.otherLines > 0) out.write(`skipped ${plural(s.otherLines, "other line")} (not trace output)\n`);
  if (s.skipped > 0) {
    out.write(`skipped ${plural(s.skipped, "malformed trace line")}:\n`);
    for (const p of s.problems) out.write(`  ${p.message}\n`);
    if (s.skipped > s.problems.length) out.write(`  … and ${grouped(s.skipped - s.problems.length)} more\n`);
  }
  if (s.unreadable > 0) out.write(`${plural(s.unreadable, "line")} of trace points whose format cannot be read back kept whole\n`);
}

export function registerRecordQemu(recordCmd: Command): void {
  recordCmd
    .command("qemu")
    .description(
      "run QEMU with its trace points on and record the guest's session live: register and PCI config accesses, " +
        "interrupts and device trace points, committed as they come (a reader can follow the session)",
    )
    .argument("[qemu...]", "QEMU's arguments after --, optionally starting with the QEMU program")
    .requiredOption("-o, --output <file>", "the .devtape store to write (created if missing)")
    .option("--session <name>", "name of the new session (default: qemu-TIME)")
    .option("--qemu <path>", "the QEMU binary (default: $DEVTAPE_QEMU, else qemu-system-x86_64)")
    .option(
      "--trace <pattern>",
      "trace more points (QEMU's -trace patterns, repeatable) besides the default set",
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option("--no-default-trace", `trace only the --trace patterns, not the default ${LIVE_TRACE_PATTERNS.join(" ")}`)
    .option("--trace-events <path>", `the trace-events-all of that QEMU (default: ${TRACE_EVENTS_PATHS[0]})`)
    .option("--json", "print the summary as JSON on stdout (the guest's console output then goes to stderr)")
    .addHelpText(
      "after",
      `
Example:
  devtape record qemu -o boot.devtape -- -M q35 -m 512M -kernel vmlinuz -append console=ttyS0 \\
      -nographic -no-reboot -drive if=none,id=d0,file=disk.img,format=raw -device virtio-blk-pci,drive=d0

devtape adds -trace for each pattern, -D (a pipe it reads), -msg timestamp=on and a QMP socket.
The machine event comes from -machine and -m (QEMU's defaults: pc, 128M); the devices are inferred
from the trace, as 'devtape import qemu-trace' does. Events are committed at least every 200 ms.
Ctrl-C stops QEMU and keeps what was recorded (exit 130). Otherwise devtape exits with QEMU's exit
status; 2 (and one line saying why) when QEMU does not start.`,
    )
    .action(async (words: string[], opts: RecordQemuOptions) => {
      const { binary, args } = qemuCommand(words, opts.qemu);
      refuseOwnOptions(args);
      let machine;
      try {
        machine = machineOfArgs(args);
      } catch (e) {
        if (e instanceof QemuCmdlineError) throw new UserError(`QEMU's arguments: ${e.message}`);
        throw e;
      }
      const patterns = [...(opts.defaultTrace ? LIVE_TRACE_PATTERNS : []), ...opts.trace];
      if (patterns.length === 0) throw new UserError("--no-default-trace leaves no trace points; add some with --trace PATTERN");
      const catalog = loadCatalog(opts.traceEvents);
      const name = opts.session ?? defaultSessionName("qemu");
      await withRecordingStore(opts.output, name, async (store) => {
        const { value: result, interrupted } = await recordLive(
          (onProgress) =>
            new TraceRecorder({
              store,
              newSession: {
                name,
                source: `devtape record qemu: live trace of ${machine.name} (trace events of ${catalog.path})`,
              },
              qemu: binary,
              args,
              catalog,
              patterns,
              ...(machine.type !== undefined ? { machine: { type: machine.type, ramSize: machine.ramSize } } : {}),
              guestOutput: opts.json ? "stderr" : "stdout",
              onProgress,
            }),
        );
        if (result.session !== undefined) {
          // What the live parser read besides its events, as `import qemu-trace` notes it (`info` shows it).
          const s = result.stats;
          const note: ImportNote = {
            lines: s.lines,
            skipped: s.skipped,
            problems: s.problems.map((p) => p.message),
            otherLines: s.otherLines,
          };
          store.addNote(result.session.id, "import", note);
        }
        if (machine.type === undefined && result.session !== undefined)
          process.stderr.write(`note: machine '${machine.name}' is not one devtape models; the session has no machine event\n`);
        if (opts.json) {
          const s = result.stats;
          printJson({
            session: result.session === undefined ? null : name,
            output: opts.output,
            events: result.events,
            lines: s.lines,
            traceLines: s.traceLines,
            otherLines: s.otherLines,
            malformedLines: s.skipped,
            problems: s.problems.map((p) => p.message),
            devices: result.devices.map((d) => ({ id: d.id, kind: d.kind })),
            qemu: { argv: [binary, ...result.argv], exitCode: result.exit.code, signal: result.exit.signal },
            interrupted,
            durationMs: result.durationMs,
          });
        } else {
          summary(result, name, opts.output, interrupted);
        }
        process.exitCode = interrupted ? INTERRUPTED_EXIT : exitStatus(result.exit);
      });
    });
}
