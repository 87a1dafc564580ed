// devtape import qemu-trace INPUT… -o FILE [--trace-events PATH] [--machine M --ram SIZE]:
// logs of QEMU's `log` trace backend (-trace PATTERN -D FILE) into a new session.
import { statSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import type { Command } from "commander";
import { UserError } from "../errors.js";
import { importQemuTrace } from "../io/qemu-trace/import.js";
import { TRACE_EVENTS_PATHS, TraceCatalog, TraceEventsError } from "../io/qemu-trace/trace-events.js";
import { parseSize } from "../io/qtest/topology.js";
import { isMachineType, type MachineType } from "../model/machine/memory-map.js";
import { grouped } from "./common.js";
import { runImportMany } from "./import-common.js";

interface ImportQemuTraceOptions {
  output: string;
  session?: string;
  traceEvents?: string;
  machine?: string;
  ram?: string;
  strict?: boolean;
  threads?: string;
}

export function loadCatalog(path: string | undefined): TraceCatalog {
  const p = path ?? TraceCatalog.defaultPath();
  if (p === undefined) {
    throw new UserError(
      `QEMU's trace-events-all was not found (looked in ${TRACE_EVENTS_PATHS.join(", ")}); pass --trace-events PATH (it is in QEMU's build directory, or share/qemu of an installed QEMU)`,
    );
  }
  try {
    return TraceCatalog.load(p);
  } catch (e) {
    if (e instanceof TraceEventsError) throw new UserError(`--trace-events: ${e.message}`);
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new UserError(`--trace-events: ${p}: no such file`);
    if ((e as NodeJS.ErrnoException).code === "EISDIR") throw new UserError(`--trace-events: ${p}: is a directory; a file is expected`);
    throw e;
  }
}

/**
 * Whether to parse in a worker thread while this one commits (--threads 2). By default: for
 * input of a megabyte or more (or standard input, whose size is not known), when a core is
 * free for it (the load average leaves one). A second thread costs CPU time of its own (a
 * quarter more, measured), which a machine whose cores are busy takes from the import.
 */
function useWorker(inputs: readonly string[], threads: string | undefined): boolean {
  if (threads === "1") return false;
  if (threads === "2") return true;
  if (threads !== undefined) throw new UserError(`--threads: '${threads}' is not 1 or 2`);
  const cores = availableParallelism();
  if (cores < 2 || (loadavg()[0] as number) > cores - 1) return false;
  if (inputs.includes("-")) return true;
  let bytes = 0;
  for (const i of inputs) {
    try {
      bytes += statSync(i).size;
    } catch {
      return false; // runImportMany says what is wrong with it
    }
  }
  return bytes >= 1 << 20;
}

function machineFrom(opts: ImportQemuTraceOptions): { type: MachineType; ramSize: number } | undefined {
  if (opts.machine === undefined && opts.ram === undefined) return undefined;
  if (opts.machine === undefined || opts.ram === undefined)
    throw new UserError("--machine and --ram go together (a machine event needs both)");
  if (!isMachineType(opts.machine)) throw new UserError(`--machine: '${opts.machine}' is not one of pc, q35, microvm`);
  const ramSize = parseSize(opts.ram);
  if (ramSize === undefined) throw new UserError(`--ram: '${opts.ram}' is not a size (bytes, or a number with K, M or G, e.g. 128M)`);
  return { type: opts.machine, ramSize };
}

export function registerImportQemuTrace(importCmd: Command): void {
  importCmd
    .command("qemu-trace")
    .description(
      "import logs of QEMU's log trace backend (-trace PATTERN -D FILE, with or without -msg timestamp=on) into a new session: " +
        "register accesses, PCI config accesses, interrupts, and every trace point as a typed observation, with the devices inferred",
    )
    .argument("<inputs...>", "trace logs, read in order as one trace (- for standard input)")
    .requiredOption("-o, --output <file>", "the .devtape store to write (created if missing)")
    .option("--session <name>", "name of the new session (default: the first input's file name)")
    .option("--trace-events <path>", `the trace-events-all of the QEMU that wrote the logs (default: ${TRACE_EVENTS_PATHS[0]})`)
    .option("--machine <type>", "the QEMU machine (pc, q35 or microvm), to start the session with a machine event; needs --ram")
    .option("--ram <size>", "its guest RAM (QEMU's -m), e.g. 128M")
    .option("--strict", "stop at the first malformed line instead of skipping it")
    .option(
      "--threads <n>",
      "1: read and commit in one thread; 2: read in a worker thread while this one commits (default: 2 for a megabyte or more when a core is free)",
    )
    .action(async (inputs: string[], opts: ImportQemuTraceOptions) => {
      const machine = machineFrom(opts);
      const worker = useWorker(inputs, opts.threads);
      const catalog = loadCatalog(opts.traceEvents);
      await runImportMany({
        inputs,
        output: opts.output,
        session: opts.session,
        suffix: /(\.trace)?\.(log|txt)$/i,
        source: (names) => `qemu-trace: ${names.join(", ")} (trace events of ${catalog.path})`,
        run: (store, session, streams, onProgress) =>
          importQemuTrace(
            store,
            session,
            streams,
            catalog,
            { strict: opts.strict ?? false, ...(machine ? { machine } : {}), worker },
            onProgress,
          ),
        stats: ({ stats: s }) => ({ lines: s.lines, skipped: s.skipped, problems: s.problems, otherLines: s.otherLines }),
        done: (result, name) => {
          const s = result.stats;
          const out = process.stderr;
          const files = inputs.length === 1 ? "" : ` of ${inputs.length} files`;
          out.write(
            `imported ${grouped(result.events)} events from ${grouped(s.traceLines)} trace lines${files} into session '${name}' of ${opts.output}\n`,
          );
          if (result.devices.length > 0) out.write(`devices: ${result.devices.map((d) => `${d.id} (${d.kind})`).join(", ")}\n`);
          if (s.otherLines > 0)
            out.write(`skipped ${grouped(s.otherLines)} other line${s.otherLines === 1 ? "" : "s"} (not trace output)\n`);
          if (s.skipped > 0) {
            out.write(`skipped ${grouped(s.skipped)} malformed line${s.skipped === 1 ? "" : "s"} (--strict stops at the first):\n`);
            for (const p of s.problems) out.write(`  ${p.message}\n`);
            if (s.skipped > s.problems.length) out.write(`  … and ${grouped(s.skipped - s.problems.length)} more\n`);
          }
          const plural = (n: number, one: string, many: string) => `${grouped(n)} ${n === 1 ? one : many}`;
          if (s.unreadable > 0)
            out.write(
              `${plural(s.unreadable, "line of a trace point whose format cannot be read back was", "lines of trace points whose format cannot be read back were")} kept whole (argument 'text')\n`,
            );
          if (s.configWidthsInferred > 0)
            out.write(
              `${plural(s.configWidthsInferred, "PCI config access had", "PCI config accesses had")} no traced data-port access to give the width; it was taken from the offset (trace memory_region_ops_* too)\n`,
            );
          if (s.unplacedAccesses > 0)
            out.write(
              `${plural(s.unplacedAccesses, "register access", "register accesses")} could not be placed at an address (the log gives only offsets) and ${s.unplacedAccesses === 1 ? "was" : "were"} kept as observations\n`,
            );
        },
      });
    });
}
