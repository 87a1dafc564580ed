// devtape import qtest INPUT -o FILE --machine M --ram SIZE [--device KIND@LOC,…]…: a QEMU
// -qtest-log, a qtest script or a fuzzer reproducer into a new session.
import type { Command } from "commander";
import { UserError } from "../errors.js";
import { importQtest } from "../io/qtest/import.js";
import { QemuCmdlineError, splitCommandLine, topologyOfArgs } from "../io/qtest/qemu-cmdline.js";
import { type DeviceSpec, parseDeviceSpec, parseSize, type QtestTopology } from "../io/qtest/topology.js";
import { isMachineType } from "../model/machine/memory-map.js";
import { grouped } from "./common.js";
import { runImport } from "./import-common.js";

interface ImportQtestOptions {
  output: string;
  session?: string;
  machine?: string;
  ram?: string;
  qemuCmdline?: string;
  device: string[];
  strict?: boolean;
}

/** The topology QEMU's command line gives (the program first, if there, is skipped); notes go to stderr. */
function topologyOfCmdline(text: string): QtestTopology {
  try {
    const words = splitCommandLine(text);
    const t = topologyOfArgs(words[0] !== undefined && !words[0].startsWith("-") ? words.slice(1) : words);
    for (const n of t.notes) process.stderr.write(`note: --qemu-cmdline: ${n}\n`);
    return t.topology;
  } catch (e) {
    if (e instanceof QemuCmdlineError) throw new UserError(`--qemu-cmdline: ${e.message}`);
    throw e;
  }
}

function topologyFrom(opts: ImportQtestOptions): QtestTopology {
  if (opts.qemuCmdline !== undefined) {
    if (opts.machine !== undefined || opts.ram !== undefined)
      throw new UserError("--qemu-cmdline gives the machine and its RAM; leave --machine and --ram out");
    const t = topologyOfCmdline(opts.qemuCmdline);
    return opts.device.length === 0 ? t : { machine: t.machine, devices: devicesFrom(opts.device) };
  }
  if (opts.machine === undefined || opts.ram === undefined)
    throw new UserError("give the machine: --machine and --ram, or QEMU's command line with --qemu-cmdline");
  const type = opts.machine;
  if (!isMachineType(type)) throw new UserError(`--machine: '${type}' is not one of pc, q35, microvm`);
  const ramSize = parseSize(opts.ram);
  if (ramSize === undefined) throw new UserError(`--ram: '${opts.ram}' is not a size (bytes, or a number with K, M or G, e.g. 128M)`);
  return { machine: { type, ramSize }, devices: devicesFrom(opts.device) };
}

function devicesFrom(specs: readonly string[]): DeviceSpec[] {
  const devices: DeviceSpec[] = [];
  for (const text of specs) {
    const d = parseDeviceSpec(text);
    if (typeof d === "string") throw new UserError(`--device: ${d}`);
    if (devices.some((o) => o.id === d.id)) throw new UserError(`--device: two devices are named '${d.id}'; give one an id=…`);
    devices.push(d);
  }
  return devices;
}

export function registerImportQtest(importCmd: Command): void {
  importCmd
    .command("qtest")
    .description(
      "import a QEMU -qtest-log, a qtest command script or a fuzzer reproducer into a new session " +
        "(reads take their values from QEMU's replies; accesses to guest RAM become memory events)",
    )
    .argument("<input>", "a qtest log or script, or - for standard input")
    .requiredOption("-o, --output <file>", "the .devtape store to write (created if missing)")
    .option("--machine <type>", "the QEMU machine the log ran on: pc, q35 or microvm")
    .option("--ram <size>", "its guest RAM (QEMU's -m), e.g. 128M")
    .option(
      "--qemu-cmdline <cmdline>",
      "instead of --machine, --ram and --device: QEMU's command line (as one string), whose machine, -m and -device options give them",
    )
    .option(
      "--device <spec>",
      "a device as KIND@LOCATION[,irq=N][,size=N][,id=NAME][,prop=value…]; LOCATION is bb:dd.f or a 0x MMIO base (repeatable; with --qemu-cmdline, instead of its devices)",
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option("--session <name>", "name of the new session (default: the input's file name)")
    .option("--strict", "stop at the first malformed line instead of skipping it")
    .action(async (input: string, opts: ImportQtestOptions) => {
      const topology = topologyFrom(opts);
      await runImport({
        input,
        output: opts.output,
        session: opts.session,
        suffix: /(\.qtest)?(\.(log|txt))?$/i,
        source: (inputName) => `qtest: ${inputName} (${topology.machine.type}, ${grouped(topology.machine.ramSize)} bytes of RAM)`,
        run: (store, session, inputStream, onProgress) =>
          importQtest(store, session, inputStream, topology, { strict: opts.strict ?? false }, onProgress),
        stats: ({ stats: s }) => ({ lines: s.lines, skipped: s.skipped, problems: s.problems }),
        done: (result, name) => {
          const s = result.stats;
          const out = process.stderr;
          out.write(
            `imported ${grouped(result.events)} events from ${grouped(s.commands)} commands into session '${name}' of ${opts.output}\n`,
          );
          if (s.skipped > 0) {
            out.write(`skipped ${grouped(s.skipped)} malformed line${s.skipped === 1 ? "" : "s"} (--strict stops at the first):\n`);
            for (const p of s.problems) out.write(`  ${p.message}\n`);
            if (s.skipped > s.problems.length) out.write(`  … and ${grouped(s.skipped - s.problems.length)} more\n`);
          }
          if (s.registerReadsWithoutReply > 0) {
            out.write(
              `${grouped(s.registerReadsWithoutReply)} register reads had no reply to take a value from; they were kept with value 0\n`,
            );
          }
          if (s.memoryReadsWithoutReply > 0) {
            out.write(`${grouped(s.memoryReadsWithoutReply)} memory reads had no reply holding their data; they were left out\n`);
          }
          if (s.refused > 0) out.write(`${grouped(s.refused)} commands were refused by QEMU (FAIL or ERR) and gave no event\n`);
        },
      });
    });
}
