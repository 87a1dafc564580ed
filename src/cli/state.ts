// devtape state FILE --at SEQ: the full model state after one event (from the nearest
// checkpoint, so any event is quick to reach).
import type { Command } from "commander";
import { UserError } from "../errors.js";
import { replay } from "../engine/replay.js";
import { inspect } from "../model/machine/inspect.js";
import { parseUint } from "./args.js";
import { openForRead, printJson, withStore } from "./common.js";

interface StateOptions {
  session?: string;
  at: string;
  device?: string;
  json?: boolean;
}

export function registerState(program: Command): void {
  program
    .command("state")
    .description("show the full model state after one event")
    .argument("<file>", "a .devtape store")
    .requiredOption("--at <seq>", "the event after which to show the state")
    .option("--session <name>", "session name or id (default: the only session)")
    .option("--device <id>", "only this device")
    .option("--json", "print as JSON (the human form is the same data, indented)")
    .action(async (file: string, opts: StateOptions) => {
      const at = parseUint("--at", opts.at);
      await withStore(openForRead(file), (s) => {
        const session = s.session(opts.session);
        const total = s.eventCount(session.id);
        if (at >= total) throw new UserError(`--at ${at}: session '${session.name}' has events 0–${total - 1}`);
        const result = s.guard(() => replay(s, session, { to: at }));
        if (opts.device !== undefined && !result.machine.devices.has(opts.device)) {
          throw new UserError(
            `--device: no device '${opts.device}' at event ${at} (devices: ${[...result.machine.devices.keys()].join(", ") || "none"})`,
          );
        }
        const state = { session: session.name, at, stateHash: result.stateHash, ...inspect(result.machine, opts.device) };
        if (opts.json) printJson(state);
        else process.stdout.write(`${formatTree(state, "")}\n`);
      });
    });
}

/** Indented key: value lines, lists numbered: readable without a JSON viewer. */
function formatTree(v: unknown, indent: string): string {
  if (v === null || typeof v !== "object") return String(v);
  const entries = Array.isArray(v) ? v.map((x, i) => [`[${i}]`, x] as const) : Object.entries(v);
  if (entries.length === 0) return Array.isArray(v) ? "(none)" : "{}";
  return entries
    .map(([k, x]) => {
      if (x === null || typeof x !== "object") return `\n${indent}${k}: ${String(x)}`;
      if (Object.keys(x).length === 0) return `\n${indent}${k}: ${Array.isArray(x) ? "(none)" : "{}"}`;
      return `\n${indent}${k}:${formatTree(x, `${indent}  `)}`;
    })
    .join("");
}
