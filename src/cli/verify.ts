// devtape verify FILE: check the file's structure and every session's hash chain; name
// each damaged event range. Exit 0 when intact, 1 when damage was found.
import type { Command } from "commander";
import { Store } from "../store/store.js";
import { verifyStore } from "../store/verify.js";
import { grouped, printJson, withStore } from "./common.js";

export function registerVerify(program: Command): void {
  program
    .command("verify")
    .description("check a store's structure and hash chain; name every damaged event range (exit 1 if any)")
    .argument("<file>", "a .devtape store")
    .option("--json", "print the report as JSON")
    .action(async (file: string, opts: { json?: boolean }) => {
      const report = await withStore(Store.open(file, { mode: "read", allowTruncated: true }), verifyStore);
      if (opts.json) {
        printJson({ file, ...report });
      } else {
        const lines: string[] = [];
        for (const p of report.structure) lines.push(`${file}: structure: ${p}`);
        for (const s of report.sessions) {
          for (const d of s.damage) {
            const range = d.lastSeq < 0 ? `events from ${d.firstSeq} on` : `events ${d.firstSeq}–${d.lastSeq}`;
            lines.push(`${file}: session '${s.session}': ${range} damaged: ${d.reason}`);
          }
          if (s.damage.length > 0) {
            lines.push(`${file}: session '${s.session}': ${grouped(s.events)} events in ${grouped(s.chunks)} chunks were read`);
          }
        }
        const events = report.sessions.reduce((n, s) => n + s.events, 0);
        const chunks = report.sessions.reduce((n, s) => n + s.chunks, 0);
        lines.push(
          report.ok
            ? `${file}: ok: ${report.sessions.length} session(s), ${grouped(events)} events in ${grouped(chunks)} chunks, hash chains intact`
            : `${file}: DAMAGED; events outside the ranges named above verified intact`,
        );
        process.stdout.write(`${lines.join("\n")}\n`);
      }
      if (!report.ok) process.exitCode = 1;
    });
}
