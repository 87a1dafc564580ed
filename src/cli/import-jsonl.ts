// devtape import jsonl INPUT -o FILE: JSON lines (canonical protobuf JSON) into a new session.
import type { Command } from "commander";
import { importJsonl } from "../io/jsonl.js";
import { grouped } from "./common.js";
import { runImport } from "./import-common.js";

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
      await runImport({
        input,
        output: opts.output,
        session: opts.session,
        suffix: /\.jsonl?$/i,
        source: (inputName) => `jsonl: ${inputName}`,
        run: (store, session, inputStream, onProgress) => importJsonl(store, session, inputStream, onProgress),
        done: (result, name) =>
          process.stderr.write(`imported ${grouped(result.events)} events into session '${name}' of ${opts.output}\n`),
      });
    });
}
