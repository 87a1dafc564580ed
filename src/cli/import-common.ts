// What every `devtape import FORMAT` verb shares: the input (a file or - for stdin), the
// session name (default: the input's file name), refusing a name the store already has,
// a progress line on a terminal, and turning a malformed line into one sentence that says
// what was kept.
import { createReadStream, existsSync, statSync } from "node:fs";
import { basename } from "node:path";
import type { Readable } from "node:stream";
import { UserError } from "../errors.js";
import type { ImportProgress } from "../io/batch-import.js";
import { InputLineError } from "../io/jsonl.js";
import { type NewSession, Store } from "../store/store.js";
import { grouped, withStore } from "./common.js";
import { progress } from "./progress.js";

export interface ImportRun<T> {
  input: string;
  output: string;
  /** --session, if given. */
  session?: string;
  /** Removed from the input's file name to make the default session name. */
  suffix: RegExp;
  /** The session's `source` description, from the input's display name. */
  source: (inputName: string) => string;
  run: (
    store: Store,
    session: NewSession,
    input: { name: string; stream: Readable },
    onProgress: (p: ImportProgress) => void,
  ) => Promise<T>;
  /** Prints what was imported. */
  done: (result: T, name: string) => void;
}

export async function runImport<T>(r: ImportRun<T>): Promise<void> {
  const fromStdin = r.input === "-";
  if (!fromStdin && !existsSync(r.input)) throw new UserError(`${r.input}: no such file`);
  const name = r.session ?? (fromStdin ? "stdin" : basename(r.input).replace(r.suffix, ""));
  const total = fromStdin ? undefined : statSync(r.input).size;
  const bar = progress(`importing ${r.input}`);
  await withStore(Store.open(r.output, { mode: "write", create: true }), async (store) => {
    if (store.sessions().some((s) => s.name === name)) {
      throw new UserError(`${r.output} already has a session named '${name}'; choose another name with --session`);
    }
    const newSession: NewSession = {
      name,
      source: r.source(fromStdin ? "standard input" : r.input),
      commandLine: process.argv.slice(2).join(" "),
      inputs: [fromStdin ? "-" : r.input],
    };
    const stream = fromStdin ? process.stdin : createReadStream(r.input);
    let result: T;
    try {
      result = await r.run(store, newSession, { name: fromStdin ? "<stdin>" : r.input, stream }, (p) =>
        bar.update(p.chars, total, `${grouped(p.events)} events`),
      );
    } catch (e) {
      bar.done();
      if (e instanceof InputLineError) {
        const kept = store.sessions().find((s) => s.name === name)?.events ?? 0;
        const keptText =
          kept > 0
            ? `; session '${name}' of ${r.output} keeps the ${grouped(kept)} events of the batches before it`
            : "; nothing was imported";
        throw new UserError(`${e.message}${keptText}`);
      }
      throw e;
    }
    bar.done();
    r.done(result, name);
  });
}
