// devtape export jsonl FILE: a session as JSON lines (canonical protobuf JSON), to a file or stdout.
import { createWriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import type { Command } from "commander";
import { UserError } from "../errors.js";
import { exportJsonl } from "../io/jsonl.js";
import type { ChunkFilter } from "../store/store.js";
import { parseSeqRange } from "./args.js";
import { openForRead, withStore } from "./common.js";

interface ExportOptions {
  output: string;
  session?: string;
  from?: string;
  to?: string;
}

export function registerExportJsonl(exportCmd: Command): void {
  exportCmd
    .command("jsonl")
    .description("write a session as JSON lines, one event per line in protobuf's canonical JSON")
    .argument("<file>", "a .devtape store")
    .option("-o, --output <out>", "output file, or - for standard output", "-")
    .option("--session <name>", "session name or id (default: the only session)")
    .option("--from <seq>", "first seq (inclusive)")
    .option("--to <seq>", "last seq (inclusive)")
    .action(async (file: string, opts: ExportOptions) => {
      const range: ChunkFilter = parseSeqRange(opts);
      if (opts.output !== "-" && opts.output === file) throw new UserError("-o: the output would overwrite the store itself");
      await withStore(openForRead(file), async (store) => {
        const session = store.session(opts.session);
        if (opts.output === "-") {
          await exportJsonl(store, session, process.stdout, range);
          return;
        }
        const out = createWriteStream(opts.output);
        await exportJsonl(store, session, out, range);
        out.end();
        await finished(out);
      });
    });
}
