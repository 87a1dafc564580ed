// Whether the real-QEMU tests can run here. Without qemu-system-x86_64 they are skipped
// with the reason in their name, except under CI (CI=true), where QEMU is part of the
// environment (.ci/run installs it) and its absence is a failure.
import { spawnSync } from "node:child_process";
import { qemuBinary } from "../../src/record/qtest/client.js";

export const QEMU = qemuBinary();

function probe(): string | undefined {
  const r = spawnSync(QEMU, ["--version"], { encoding: "utf8" });
  if (r.error)
    return `${QEMU} not found (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}); install qemu-system-x86 or set DEVTAPE_QEMU`;
  if (r.status !== 0) return `${QEMU} --version failed: ${r.stderr.trim()}`;
  return undefined;
}

/** Why QEMU cannot be used, or undefined when it can. */
export const qemuMissing = probe();
export const onCi = process.env.CI === "true";
/** Skip the real-QEMU tests: QEMU is missing and this is not CI. */
export const skipQemu = qemuMissing !== undefined && !onCi;
/** The suffix the skipped tests carry so the reason shows in the report. */
export const skipNote = skipQemu ? ` [skipped: ${qemuMissing}]` : "";
