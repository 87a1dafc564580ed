#!/usr/bin/env node
// A writer for the crash and concurrent-read tests: creates a store with one session
// and appends synthetic events to it until it is killed (or a time limit passes),
// printing the appender's committed count on its own line after every commit.
//
//   node test/helpers/append-forever.mjs FILE [--dist DIR] [--session NAME] [--seed N]
//        [--block N] [--batch N] [--chunk N] [--pause-ms N] [--max-seconds N]
//
// Event i is syntheticEvents(block, seed + floor(i / block))[i % block], so a test can
// regenerate any prefix (test/helpers/stream.ts). --dist is a compiled devtape tree
// (default: this checkout's dist/); the tests pass a private build of the sources.
// Pipes are synchronous on Linux, so a printed count was committed before it was
// printed.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    dist: { type: "string", default: resolve(here, "../../dist") },
    session: { type: "string", default: "live" },
    seed: { type: "string", default: "1" },
    block: { type: "string", default: "65536" },
    batch: { type: "string", default: "4096" },
    chunk: { type: "string", default: "2048" },
    "pause-ms": { type: "string", default: "0" },
    "max-seconds": { type: "string", default: "60" },
  },
});
const file = positionals[0];
if (file === undefined) {
  process.stderr.write("usage: append-forever.mjs FILE [options]\n");
  process.exit(2);
}
const num = (name) => {
  const v = Number(values[name]);
  if (!Number.isInteger(v) || v < 0) {
    process.stderr.write(`append-forever: --${name} must be a non-negative integer\n`);
    process.exit(2);
  }
  return v;
};
const seed = num("seed");
const block = num("block");
const pauseMs = num("pause-ms");
const deadline = Date.now() + num("max-seconds") * 1000;

const load = (rel) => import(pathToFileURL(join(values.dist, rel)).href);
const { Store } = await load("src/store/store.js");
const { syntheticEvents } = await load("src/bench/synthetic.js");

// A parent that goes away closes our stdout: stop instead of writing forever.
process.stdout.on("error", () => process.exit(0));

const store = Store.open(file, { mode: "write", create: true });
const session = store.createSession({ name: values.session, source: "append-forever" });
const appender = store.appender(session, { batchEvents: num("batch"), chunkEvents: num("chunk") });
const pause = new Int32Array(new SharedArrayBuffer(4));

let reported = -1;
for (let b = 0; Date.now() < deadline; b++) {
  for (const ev of syntheticEvents(block, seed + b)) {
    appender.append(ev);
    if (appender.committed !== reported) {
      reported = appender.committed;
      process.stdout.write(`${reported}\n`);
      if (pauseMs > 0) Atomics.wait(pause, 0, 0, pauseMs);
    }
  }
}
appender.flush();
process.stdout.write(`${appender.committed}\n`);
store.close();
