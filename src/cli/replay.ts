// devtape replay FILE: fold a session through the machine model; print each device's
// state, the state hash, the divergences (reads the model cannot explain) and the guest
// errors (what the driver did wrong). Exit 1 when there are divergences.
import type { Command } from "commander";
import { replay, report } from "../engine/replay.js";
import { Store } from "../store/store.js";
import { parseUint } from "./args.js";
import { grouped, printJson, withStore } from "./common.js";
import { progress } from "./progress.js";

interface ReplayOptions {
  session?: string;
  to?: string;
  json?: boolean;
  checkpoints: boolean;
}

const hexOrNull = (n: number | null) => (n === null ? "?" : `0x${n.toString(16)}`);
/** " (file:line)" for an event that has a source line. */
const at = (source: string | null) => (source === null ? "" : ` (${source})`);

export function registerReplay(program: Command): void {
  program
    .command("replay")
    .description("replay a session through the device models: per-device state, state hash, divergences, guest errors")
    .argument("<file>", "a .devtape store")
    .option("--session <name>", "session name or id (default: the only session)")
    .option("--to <seq>", "stop after this event (inclusive)")
    .option("--json", "print the result as JSON")
    .option("--no-checkpoints", "do not write state snapshots into the store (open it read-only)")
    .action(async (file: string, opts: ReplayOptions) => {
      const to = opts.to !== undefined ? parseUint("--to", opts.to) : undefined;
      const store = Store.open(file, { mode: opts.checkpoints ? "write" : "read" });
      await withStore(store, (s) => {
        const session = s.session(opts.session);
        const bar = progress(`replaying '${session.name}'`);
        const result = s.guard(() =>
          replay(s, session, { to, saveCheckpoints: opts.checkpoints, onProgress: (d, t) => bar.update(d, t, `${grouped(d)} events`) }),
        );
        bar.done();
        const r = report(s, session, result);
        if (r.divergences.length > 0) process.exitCode = 1;
        if (opts.json) {
          printJson(r);
          return;
        }
        const lines = [`session '${r.session}': ${grouped(r.events)} events replayed; state hash ${r.stateHash}`];
        if (r.machine.type) lines.push(`machine ${r.machine.type}, ${r.machine.ramSize / 2 ** 20} MiB RAM`);
        for (const d of r.devices) {
          const hba = d.megasas;
          if (hba !== undefined) {
            const limits = hba.maxCommands === null ? "limits not read" : `${hba.maxCommands} commands, ${hba.maxSge} SGEs`;
            lines.push(
              `device ${d.id} (${d.transport}): firmware ${hba.fwState}${hba.fwStateWord ? ` (${hba.fwStateWord})` : ""}, ${limits}, ` +
                `interrupts ${hba.interruptsEnabled ? `enabled (${hba.interruptMode})` : "masked"}`,
            );
            const rq = hba.replyQueue;
            lines.push(
              rq === null
                ? "  reply queue: none (no INIT)"
                : `  reply queue: ${rq.entries} entries at ${rq.address}, producer ${rq.producer ?? "?"}, consumer ${rq.consumer ?? "?"}`,
            );
            const cmds = Object.entries(hba.commands).map(([k, n]) => `${k} ${n}`);
            lines.push(
              `  frames: ${hba.framesPosted} posted, ${hba.framesCompleted} completed, ${hba.framesOutstanding} outstanding${cmds.length ? `; ${cmds.join(", ")}` : ""}`,
            );
            for (const p of hba.pending) lines.push(`    pending ${p}`);
            lines.push(`  interrupts ${d.interrupts}, guest errors ${d.guestErrors}`);
            continue;
          }
          if (d.status === undefined) {
            lines.push(`device ${d.id} (${d.kind}): not modelled`);
            continue;
          }
          lines.push(
            `device ${d.id} (${d.transport}, type ${d.deviceType ?? "?"}): status ${hexOrNull(d.status ?? null)} ${d.statusNames}`,
          );
          lines.push(`  features: device ${d.deviceFeatures ?? "not read"}, driver ${d.driverFeatures}`);
          if (d.packedRings)
            lines.push("  packed virtqueues (VIRTIO_F_RING_PACKED): not followed by the model; what the device shows is accepted");
          for (const q of d.queues ?? []) {
            lines.push(
              `  queue ${q.index}: size ${q.size}, avail idx ${q.availIdx ?? "?"}, used idx ${q.usedIdx}, completed ${q.completed}, in flight ${q.inFlight}`,
            );
            for (const p of q.pending) lines.push(`    pending ${p}`);
          }
          const reqs = Object.entries(d.requests ?? {});
          if (reqs.length > 0) lines.push(`  requests (queue: kind count): ${reqs.map(([k, n]) => `${k} ${n}`).join(", ")}`);
          const host = d.hostConfigChanges ? `, configuration changes by the host ${d.hostConfigChanges}` : "";
          lines.push(`  interrupts ${d.interrupts}${host}, guest errors ${d.guestErrors}`);
        }
        if (r.unmodelledAccesses > 0) lines.push(`${grouped(r.unmodelledAccesses)} register accesses to devices devtape does not model`);
        lines.push(r.divergences.length === 0 ? "divergences: none" : `divergences: ${r.divergences.length}`);
        for (const d of r.divergences)
          lines.push(`  event ${d.seq}${at(d.source)}: ${d.device} ${d.what} read ${d.observed}; the model allows ${d.allowed}`);
        lines.push(r.guestErrors.length === 0 ? "guest errors: none" : `guest errors: ${r.guestErrors.length}`);
        for (const g of r.guestErrors) {
          const where = g.offset === null ? "" : ` at 0x${g.offset.toString(16)}`;
          lines.push(`  event ${g.seq}${at(g.source)}: ${g.device}${where}: ${g.why}`);
        }
        process.stdout.write(`${lines.join("\n")}\n`);
      });
    });
}
