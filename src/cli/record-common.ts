// What the `devtape record` verbs share: the QEMU binary (--qemu, or the first word of a
// QEMU command line when it is not an option), the new session's name (default VERB-TIME; a
// name the store already has is refused before anything starts), the store, Ctrl-C (SIGINT,
// and SIGTERM) turned into a clean stop, and a progress line on a terminal (recordLive: all
// three around a live recorder).
import { UserError } from "../errors.js";
import type { ImportProgress } from "../io/batch-import.js";
import { qemuBinary } from "../record/qtest/client.js";
import { Store } from "../store/store.js";
import { grouped, withStore } from "./common.js";
import { type Progress, progress } from "./progress.js";

/** devtape's exit status after Ctrl-C (the shell's 128 + SIGINT). */
export const INTERRUPTED_EXIT = 130;

/** QEMU's binary and its arguments: `explicit` (--qemu), else the first word when it is not an option, else the default. */
export function qemuCommand(words: readonly string[], explicit: string | undefined): { binary: string; args: string[] } {
  const first = words[0];
  if (first !== undefined && !first.startsWith("-")) {
    if (explicit !== undefined)
      throw new UserError(`the QEMU command line starts with a program ('${first}') and --qemu names one too; give one of them`);
    return { binary: first, args: words.slice(1) };
  }
  return { binary: qemuBinary(explicit), args: [...words] };
}

/** VERB-YYYYMMDDTHHMMSSZ: a default session name that does not repeat from one recording to the next. */
export function defaultSessionName(verb: string, now = new Date()): string {
  return `${verb}-${now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z")}`;
}

/** Opens (creating) the store, refuses a session name it has, and runs fn with it. */
export async function withRecordingStore<T>(output: string, name: string, fn: (store: Store) => Promise<T>): Promise<T> {
  return withStore(Store.open(output, { mode: "write", create: true }), async (store) => {
    if (store.sessions().some((s) => s.name === name))
      throw new UserError(`${output} already has a session named '${name}'; choose another name with --session`);
    return fn(store);
  });
}

/**
 * Calls `stop` on the first SIGINT or SIGTERM while `fn` runs (instead of dying: the recording
 * then ends cleanly); a second one exits at once.
 */
export async function stoppable<T>(stop: () => void, fn: () => Promise<T>): Promise<{ value: T; interrupted: boolean }> {
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      // A second one: leave at once. Every committed batch stays (commits are transactions).
      process.stderr.write(`\ndevtape: ${signal} again: exiting now; the events committed so far are kept\n`);
      process.exit(INTERRUPTED_EXIT);
    }
    interrupted = true;
    process.stderr.write(`\ndevtape: ${signal}: stopping, committing what was recorded\n`);
    stop();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    return { value: await fn(), interrupted };
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** The progress line of a recording: events committed so far. */
export function recordingProgress(label: string): Progress & { events(n: number): void } {
  const bar = progress(label);
  return { ...bar, events: (n) => bar.update(n, undefined, `${grouped(n)} events committed`) };
}

/** What recordLive runs: a live recorder (record/live/) that can be asked to stop. */
export interface LiveRecorder<R> {
  run(): Promise<R>;
  stop(): void;
}

/**
 * Runs the recorder `start` makes (given the progress callback to pass it) with the progress
 * line of its committed events; Ctrl-C asks it to stop (stoppable).
 */
export async function recordLive<R>(
  start: (onProgress: (p: ImportProgress) => void) => LiveRecorder<R>,
): Promise<{ value: R; interrupted: boolean }> {
  const bar = recordingProgress("recording");
  const recorder = start((p) => bar.events(p.events));
  try {
    return await stoppable(
      () => recorder.stop(),
      () => recorder.run(),
    );
  } finally {
    bar.done();
  }
}
