// A private compiled copy of the store (and the synthetic event generator) for tests
// that run it in child processes. The checkout's dist/ is rebuilt (deleted, then
// re-emitted) by anyone running tools/build.mjs, so a child importing from it can fail
// halfway through a run; a per-test build into a temp directory cannot, and it is
// always compiled from the sources the other tests import.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));

const ENTRY_POINTS = ["src/store/store.ts", "src/store/verify.ts", "src/bench/synthetic.ts"];

/** Compiles the store into `dir` (as dist/ would hold it) and returns `dir`. */
export function buildStoreInto(dir: string): string {
  const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
  // prettier-ignore
  const options = [
    "--ignoreConfig", "--noCheck", "--rootDir", ROOT, "--outDir", dir,
    "--target", "ES2022", "--module", "NodeNext", "--moduleResolution", "NodeNext",
    "--skipLibCheck", "--types", "node", "--sourceMap", "false",
  ];
  execFileSync(process.execPath, [tsc, ...options, ...ENTRY_POINTS.map((f) => join(ROOT, f))], { cwd: ROOT, stdio: "pipe" });
  // The generated protobuf module is JavaScript; the build copies it beside the output.
  mkdirSync(join(dir, "src/schema/generated"), { recursive: true });
  copyFileSync(join(ROOT, "src/schema/generated/devtape.js"), join(dir, "src/schema/generated/devtape.js"));
  // Bare imports (better-sqlite3, protobufjs) resolve from the checkout's node_modules.
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  for (const f of ENTRY_POINTS) {
    const out = join(dir, f.replace(/\.ts$/, ".js"));
    if (!existsSync(out)) throw new Error(`buildStoreInto: tsc did not emit ${out}`);
  }
  return dir;
}
