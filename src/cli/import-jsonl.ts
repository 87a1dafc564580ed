// devtape import jsonl INPUT -o FILE: JSON lines (canonical protobuf JSON) into a new session.
import { createReadStream, existsSync, statSync } from "node:fs";
import { basename } from "node:path";
import type { Command } from "commander";
import { UserError } from "../errors.js";
import { InputLineError, importJsonl } from "../io/jsonl.js";
import { Store } from "../store/store.js";
import { grouped, withStore } from "./common.js";
import { progress } from "./progress.js";

interface ImportOptions {
  output: string;
  session?: string;
}

export function registerImportJsonl(importCmd: Command): void {
  importCmd
    .command("jsonl")
    .description("import JSON lines (one event per line, protobuf's canonical JSON) into a new session")
    .argument("<input>", "a .jsonl file, or - for standard input")
    .requiredOption("-o, --output <file>", "the .devtape store to write (created if missing)")
    .option("--session <name>", "name of the new session (default: the input's file name)")
    .action(async (input: string, opts: ImportOptions) => {
      const fromStdin = input === "-";
      if (!fromStdin && !existsSync(input)) throw new UserError(`${input}: no such file`);
      const name = opts.session ?? (fromStdin ? "stdin" : basename(input).replace(/\.jsonl?$/i, ""));
      const total = fromStdin ? undefined : statSync(input).size;
      const bar = progress(`importing ${input}`);
      await withStore(Store.open(opts.output, { mode: "write", create: true }), async (store) => {
        if (store.sessions().some((s) => s.name === name)) {
          throw new UserError(`${opts.output} already has a session named '${name}'; choose another name with --session`);
        }
        const newSession = {
          name,
          source: `jsonl: ${fromStdin ? "standard input" : input}`,
          commandLine: process.argv.slice(2).join(" "),
          inputs: [fromStdin ? "-" : input],
        };
        const stream = fromStdin ? process.stdin : createReadStream(input);
        let imported: number;
        try {
          ({ events: imported } = await importJsonl(store, newSession, { name: fromStdin ? "<stdin>" : input, stream }, (p) =>
            bar.update(p.chars, total, `${grouped(p.events)} events`),
          ));
        } catch (e) {
          bar.done();
          if (e instanceof InputLineError) {
            const kept = store.sessions().find((s) => s.name === name)?.events ?? 0;
            const keptText =
              kept > 0
                ? `; session '${name}' of ${opts.output} keeps the ${grouped(kept)} events of the batches before it`
                : "; nothing was imported";
            throw new UserError(`${e.message}${keptText}`);
          }
          throw e;
        }
        bar.done();
        process.stderr.write(`imported ${grouped(imported)} events into session '${name}' of ${opts.output}\n`);
      });
    });
}
