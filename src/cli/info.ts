// devtape info FILE: what a store holds: sessions, event counts per kind, devices, time span.
import { statSync } from "node:fs";
import type { Command } from "commander";
import { KINDS, kindBit } from "../schema/kinds.js";
import { SCHEMA_VERSION } from "../store/migrations.js";
import type { SessionRow, Store } from "../store/store.js";
import type { ImportNote } from "./import-common.js";
import { grouped, openForRead, printJson, withStore } from "./common.js";
import { formatBdf } from "./format-event.js";

interface DeviceInfo {
  id: string;
  kind: string;
  location: string;
  irq: number | null;
  attachedAt: number;
  detachedAt: number | null;
}

function kindCounts(store: Store, sessionId: number): Record<string, number> {
  const hist = new Array<number>(128).fill(0);
  const rows = store.db.prepare("SELECT kinds FROM chunks WHERE session_id = ?").raw().iterate(sessionId) as Iterable<[string]>;
  for (const [kinds] of rows) for (let i = 0; i < kinds.length; i++) hist[kinds.charCodeAt(i)] = (hist[kinds.charCodeAt(i)] ?? 0) + 1;
  const out: Record<string, number> = {};
  for (const k of KINDS) {
    const n = hist[k.letter.charCodeAt(0)] ?? 0;
    if (n > 0) out[k.name] = n;
  }
  return out;
}

function topology(store: Store, s: SessionRow): { devices: DeviceInfo[]; machine: { type: string; ramSize: number } | null } {
  const mask = kindBit("A") | kindBit("D") | kindBit("T");
  const devices: DeviceInfo[] = [];
  let machine: { type: string; ramSize: number } | null = null;
  for (const ev of store.events(s.id, { kindMask: mask })) {
    if (ev.attach != null) {
      const a = ev.attach;
      const location = a.pciBdf != null ? `pci ${formatBdf(a.pciBdf)}` : a.mmioBase != null ? `mmio 0x${a.mmioBase.toString(16)}` : "";
      devices.push({ id: a.id ?? "", kind: a.kind ?? "", location, irq: a.irq ?? null, attachedAt: ev.seq, detachedAt: null });
    } else if (ev.detach != null) {
      const d = devices.findLast((x) => x.id === ev.detach?.id && x.detachedAt === null);
      if (d) d.detachedAt = ev.seq;
    } else if (ev.machine != null) {
      machine = { type: ev.machine.type ?? "", ramSize: ev.machine.ramSize ?? 0 };
    }
  }
  return { devices, machine };
}

function span(first: number | null, last: number | null): string {
  if (first === null || last === null) return "no times";
  return `${(first / 1e9).toFixed(6)}s – ${(last / 1e9).toFixed(6)}s (${((last - first) / 1e9).toFixed(6)}s)`;
}

export function registerInfo(program: Command): void {
  program
    .command("info")
    .description("show what a .devtape file holds: sessions, events per kind, devices, time span")
    .argument("<file>", "a .devtape store")
    .option("--json", "print the same as JSON")
    .action(async (file: string, opts: { json?: boolean }) => {
      await withStore(openForRead(file), (store) => {
        const sessions = store.guard(() =>
          store.sessions().map((s) => {
            const { devices, machine } = topology(store, s);
            return {
              id: s.id,
              name: s.name,
              created: s.created,
              source: s.source,
              commandLine: s.command_line,
              inputs: JSON.parse(s.inputs) as string[],
              events: s.events,
              chunks: s.chunks,
              timeFirstNs: s.timeFirstNs,
              timeLastNs: s.timeLastNs,
              kinds: kindCounts(store, s.id),
              machine,
              devices,
              notes: store.notes(s.id),
            };
          }),
        );
        const bytes = statSync(file).size;
        if (opts.json) {
          printJson({ file, schemaVersion: SCHEMA_VERSION, bytes, sessions });
          return;
        }
        const lines = [`${file}: devtape store, schema ${SCHEMA_VERSION}, ${grouped(bytes)} bytes, ${sessions.length} session(s)`];
        for (const s of sessions) {
          lines.push("", `session ${s.id} '${s.name}'  created ${s.created}`);
          if (s.source) lines.push(`  source:   ${s.source}`);
          if (s.commandLine) lines.push(`  captured: ${s.commandLine}`);
          if (s.inputs.length) lines.push(`  inputs:   ${s.inputs.join(", ")}`);
          lines.push(`  events:   ${grouped(s.events)} in ${grouped(s.chunks)} chunks; time ${span(s.timeFirstNs, s.timeLastNs)}`);
          const imp = s.notes.import as ImportNote | undefined;
          if (imp !== undefined) {
            const other = imp.otherLines ? `, ${grouped(imp.otherLines)} other (not the format's)` : "";
            lines.push(`  import:   ${grouped(imp.lines)} lines read, ${grouped(imp.skipped)} malformed skipped${other}`);
            for (const p of imp.problems) lines.push(`    ${p}`);
            if (imp.skipped > imp.problems.length) lines.push(`    … and ${grouped(imp.skipped - imp.problems.length)} more`);
          }
          if (s.machine) lines.push(`  machine:  ${s.machine.type}${s.machine.ramSize ? `, ${s.machine.ramSize / 2 ** 20} MiB RAM` : ""}`);
          for (const [k, n] of Object.entries(s.kinds)) lines.push(`  ${k.padEnd(14)} ${grouped(n).padStart(12)}`);
          for (const d of s.devices) {
            const life = `attached at ${d.attachedAt}${d.detachedAt !== null ? `, detached at ${d.detachedAt}` : ""}`;
            lines.push(`  device ${d.id} (${d.kind}) ${d.location}${d.irq !== null ? ` irq ${d.irq}` : ""}, ${life}`);
          }
        }
        process.stdout.write(`${lines.join("\n")}\n`);
      });
    });
}
