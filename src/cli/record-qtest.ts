// devtape record qtest -o FILE [--qemu "QEMU ARGS"] [--device SPEC]… -- CLIENT ARGS…: a recording
// proxy between a qtest client and QEMU (record/live/qtest-proxy.ts).
import type { Command } from "commander";
import { UserError } from "../errors.js";
import { QemuCmdlineError, splitCommandLine, topologyOfArgs } from "../io/qtest/qemu-cmdline.js";
import { type DeviceSpec, formatBdf, parseDeviceSpec, type QtestTopology } from "../io/qtest/topology.js";
import { describeExit, exitStatus, pciProbe } from "../record/live/qemu-process.js";
import { type QtestProxyResult, QtestProxy, refuseProxyOptions, SOCKET_ENV, SOCKET_PLACEHOLDER } from "../record/live/qtest-proxy.js";
import { grouped, printJson } from "./common.js";
import { defaultSessionName, INTERRUPTED_EXIT, qemuCommand, recordLive, withRecordingStore } from "./record-common.js";

interface RecordQtestOptions {
  output: string;
  session?: string;
  qemu?: string;
  device: string[];
  json?: boolean;
}

function topologyFor(
  binary: string,
  args: readonly string[],
  deviceSpecs: readonly string[],
): { topology: QtestTopology; notes: string[] } {
  let t;
  try {
    t = topologyOfArgs(args, { isPci: pciProbe(binary), nodefaults: true });
  } catch (e) {
    if (e instanceof QemuCmdlineError) throw new UserError(`--qemu: ${e.message}`);
    throw e;
  }
  if (deviceSpecs.length === 0) return { topology: t.topology, notes: t.notes };
  const devices: DeviceSpec[] = [];
  for (const text of deviceSpecs) {
    const d = parseDeviceSpec(text);
    if (typeof d === "string") throw new UserError(`--device: ${d}`);
    if (devices.some((o) => o.id === d.id)) throw new UserError(`--device: two devices are named '${d.id}'; give one an id=…`);
    devices.push(d);
  }
  return { topology: { machine: t.topology.machine, devices }, notes: [] };
}

function where(d: DeviceSpec): string {
  const loc = d.pciBdf !== undefined ? formatBdf(d.pciBdf) : `0x${(d.mmioBase ?? 0).toString(16)}`;
  return `${d.id} (${d.kind} at ${loc}${d.irq !== undefined ? `, IRQ ${d.irq}` : ""})`;
}

function summary(r: QtestProxyResult, name: string, output: string, interrupted: boolean): void {
  const out = process.stderr;
  const s = r.stats;
  const plural = (n: number, one: string, many = `${one}s`) => `${grouped(n)} ${n === 1 ? one : many}`;
  out.write(
    `recorded ${plural(r.events, "event")} from ${plural(s.commands, "command")} and ${plural(r.irqs, "IRQ line")} into session '${name}' of ${output} ` +
      `(${(r.durationMs / 1000).toFixed(1)} s)\n`,
  );
  const client = interrupted ? "stopped by the user" : describeExit(r.clientExit);
  out.write(`the client ${client}; QEMU ${describeExit(r.qemuExit)}\n`);
  if (!r.connected)
    out.write(`the client never connected (it is given the socket in ${SOCKET_ENV.join(" and ")} and for ${SOCKET_PLACEHOLDER})\n`);
  if (r.refusedConnections > 0) out.write(`${plural(r.refusedConnections, "further connection")} refused (the proxy relays one)\n`);
  if (s.skipped > 0) {
    out.write(`${plural(s.skipped, "line")} of the conversation did not follow the protocol:\n`);
    for (const p of s.problems) out.write(`  ${p.message}\n`);
    if (s.skipped > s.problems.length) out.write(`  … and ${grouped(s.skipped - s.problems.length)} more\n`);
  }
  if (s.refused > 0) out.write(`${plural(s.refused, "command")} refused by QEMU (FAIL or ERR) gave no event\n`);
  if (s.registerReadsWithoutReply > 0)
    out.write(`${plural(s.registerReadsWithoutReply, "register read")} had no reply; kept with value 0\n`);
  if (s.memoryReadsWithoutReply > 0) out.write(`${plural(s.memoryReadsWithoutReply, "memory read")} had no reply; left out\n`);
}

export function registerRecordQtest(recordCmd: Command): void {
  recordCmd
    .command("qtest")
    .description(
      "run QEMU for a qtest client and record what goes between them live: every command, reply and IRQ line " +
        "becomes events, as 'devtape import qtest' makes them of QEMU's own -qtest-log",
    )
    .argument("<client...>", "the client's command and arguments, after --")
    .requiredOption("-o, --output <file>", "the .devtape store to write (created if missing)")
    .option("--qemu <cmdline>", "QEMU's arguments as one string, optionally starting with the QEMU program (default: none: pc, 128M)")
    .option(
      "--device <spec>",
      "the devices, instead of those read from the QEMU arguments: KIND@LOCATION[,irq=N][,prop=value…] as for 'import qtest' (repeatable)",
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option("--session <name>", "name of the new session (default: qtest-TIME)")
    .option("--json", "print the summary as JSON on stdout (the client's stdout then goes to stderr)")
    .addHelpText(
      "after",
      `
Example:
  devtape record qtest -o t.devtape --qemu "-M q35 -device virtio-blk-pci,drive=d0,addr=04.0 \\
      -drive if=none,id=d0,file=disk.img,format=raw" -- ./my-qtest-client {socket}

The client connects to the unix socket named in ${SOCKET_ENV.join(" and ")} (also put for
${SOCKET_PLACEHOLDER} in its arguments) and speaks QEMU's qtest protocol; devtape relays the bytes
unchanged. QEMU gets -qtest, -nodefaults, -accel tcg (unless an accelerator is given), a firmware of
hlt instructions (unless -bios, -kernel or -pflash is given), -display none and -qtest-log none
(unless given). Machine, RAM and devices are read from the QEMU arguments by QEMU's placement rules
(PCI slots in order, microvm's virtio-mmio transports from the last); --device replaces the devices.
devtape exits with the client's exit status (130 after Ctrl-C; 2 and one line when QEMU or the client
does not start).`,
    )
    .action(async (clientWords: string[], opts: RecordQtestOptions) => {
      if (clientWords.length === 0) throw new UserError("give the client's command after --");
      let words: string[];
      try {
        words = splitCommandLine(opts.qemu ?? "");
      } catch (e) {
        if (e instanceof QemuCmdlineError) throw new UserError(`--qemu: ${e.message}`);
        throw e;
      }
      const { binary, args } = qemuCommand(words, undefined);
      refuseProxyOptions(args);
      const { topology, notes } = topologyFor(binary, args, opts.device);
      for (const n of notes) process.stderr.write(`note: ${n}\n`);
      const name = opts.session ?? defaultSessionName("qtest");
      await withRecordingStore(opts.output, name, async (store) => {
        const { value: result, interrupted } = await recordLive(
          (onProgress) =>
            new QtestProxy({
              store,
              newSession: {
                name,
                source: `devtape record qtest: ${clientWords.join(" ")} (${topology.machine.type}, ${grouped(topology.machine.ramSize)} bytes of RAM)`,
              },
              qemu: binary,
              args,
              topology,
              client: clientWords,
              output: opts.json ? "stderr" : "stdout",
              onProgress,
            }),
        );
        if (opts.json) {
          const s = result.stats;
          printJson({
            session: name,
            output: opts.output,
            events: result.events,
            commands: s.commands,
            irqLines: result.irqs,
            malformedLines: s.skipped,
            problems: s.problems.map((p) => p.message),
            refusedCommands: s.refused,
            connected: result.connected,
            devices: topology.devices.map((d) => ({ id: d.id, kind: d.kind, ...(d.irq !== undefined ? { irq: d.irq } : {}) })),
            client: { argv: clientWords, exitCode: result.clientExit.code, signal: result.clientExit.signal },
            qemu: { argv: [binary, ...result.argv], exitCode: result.qemuExit.code, signal: result.qemuExit.signal },
            interrupted,
            durationMs: result.durationMs,
          });
        } else {
          if (topology.devices.length > 0) process.stderr.write(`devices: ${topology.devices.map(where).join(", ")}\n`);
          summary(result, name, opts.output, interrupted);
        }
        process.exitCode = interrupted ? INTERRUPTED_EXIT : exitStatus(result.clientExit);
      });
    });
}
