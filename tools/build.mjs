#!/usr/bin/env node
// Compiles src/ to dist/ with tsc and copies the generated protobuf module beside it.
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
rmSync(join(root, "dist"), { recursive: true, force: true });
let ok = true;
try {
  execFileSync(join(root, "node_modules/.bin/tsc"), ["-p", "tsconfig.json"], { cwd: root, stdio: "inherit" });
} catch {
  ok = false;
}
for (const f of ["devtape.js", "devtape.json"]) {
  cpSync(join(root, "src/schema/generated", f), join(root, "dist/src/schema/generated", f));
}
chmodSync(join(root, "dist/src/cli/main.js"), 0o755);
if (!ok) {
  process.stderr.write("build: tsc failed (see the errors above)\n");
  process.exit(1);
}
