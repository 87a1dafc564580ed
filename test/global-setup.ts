// Builds dist/ once before the suite: the CLI tests run the real `devtape` binary and the
// crash tests run real child processes, both from dist/.
import { execFileSync } from "node:child_process";

export default function setup(): void {
  execFileSync(process.execPath, ["tools/build.mjs"], { stdio: "inherit" });
}
