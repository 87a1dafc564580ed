// Runs the built devtape CLI as a user would, capturing what it prints.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const CLI = join(process.cwd(), "dist/src/cli/main.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function devtape(args: string[], input?: string): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: "utf8", maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
