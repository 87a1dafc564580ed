// What every `devtape import FORMAT` verb shares: the input (a file or - for stdin; several
// for a verb that reads them as one session), the session name (default: the first input's
// file name), refusing a name the store already has, a progress line on a terminal, and
// turning a malformed line into one sentence that says what was kept.
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
  /** What the import read and skipped, kept with the session (`devtape info` shows it). */
  stats?: (result: T) => Omit<ImportNote, "problems"> & { problems: readonly { message: string }[] };
}

/** The session note an import leaves (key "import"). */
export interface ImportNote {
  /** Input lines read. */
  lines: number;
  /** Malformed lines skipped (--strict stops at the first instead). */
  skipped: number;
  /** The first of them, as file:line: reason. */
  problems: string[];
  /** Lines that were not the format's at all (other output in the log), when the format tells. */
  otherLines?: number;
}

/** An import of several inputs, read in order into one session (the session's inputs list them). */
export interface ImportManyRun<T> extends Omit<ImportRun<T>, "input" | "run" | "source"> {
  inputs: readonly string[];
  /** The session's `source` description, from the inputs' display names. */
  source: (inputNames: readonly string[]) => string;
  run: (
    store: Store,
    session: NewSession,
    inputs: readonly { name: string; stream: Readable }[],
    onProgress: (p: ImportProgress) => void,
  ) => Promise<T>;
}

export async function runImport<T>(r: ImportRun<T>): Promise<void> {
  const { input, run, source, ...rest } = r;
  await runImportMany({
    ...rest,
    inputs: [input],
    source: (names) => source(names[0] as string),
    run: (store, session, inputs, onProgress) => run(store, session, inputs[0] as { name: string; stream: Readable }, onProgress),
  });
}

export async function runImportMany<T>(r: ImportManyRun<T>): Promise<void> {
  if (r.inputs.length === 0) throw new UserError("no input given");
  if (r.inputs.filter((i) => i === "-").length > 1) throw new UserError("standard input (-) can be read only once");
  for (const input of r.inputs) {
    if (input === "-") continue;
    if (!existsSync(input)) throw new UserError(`${input}: no such file`);
    if (statSync(input).isDirectory()) throw new UserError(`${input}: is a directory; a file is expected (or - for standard input)`);
  }
  const first = r.inputs[0] as string;
  const name = r.session ?? (first === "-" ? "stdin" : basename(first).replace(r.suffix, ""));
  const total = r.inputs.includes("-") ? undefined : r.inputs.reduce((n, i) => n + statSync(i).size, 0);
  const shown = r.inputs.length === 1 ? first : `${first} and ${r.inputs.length - 1} more`;
  const bar = progress(`importing ${shown}`);
  await withStore(Store.open(r.output, { mode: "write", create: true }), async (store) => {
    if (store.sessions().some((s) => s.name === name)) {
      throw new UserError(`${r.output} already has a session named '${name}'; choose another name with --session`);
    }
    const newSession: NewSession = {
      name,
      source: r.source(r.inputs.map((i) => (i === "-" ? "standard input" : i))),
      commandLine: process.argv.slice(2).join(" "),
      inputs: [...r.inputs],
    };
    const inputs = r.inputs.map((i) => ({
      name: i === "-" ? "<stdin>" : i,
      stream: i === "-" ? process.stdin : createReadStream(i, { highWaterMark: 1 << 20 }),
    }));
    let result: T;
    try {
      result = await r.run(store, newSession, inputs, (p) => bar.update(p.chars, total, `${grouped(p.events)} events`));
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
    } finally {
      for (const i of inputs) if (i.stream !== process.stdin) i.stream.destroy();
    }
    bar.done();
    const session = store.sessions().find((s) => s.name === name);
    if (r.stats !== undefined && session !== undefined) {
      const st = r.stats(result);
      store.addNote(session.id, "import", { ...st, problems: st.problems.map((p) => p.message) });
    }
    r.done(result, name);
  });
}
