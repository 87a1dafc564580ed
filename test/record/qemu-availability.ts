// Whether the real-QEMU tests can run here. Without qemu-system-x86_64 they are skipped
// with the reason in their name, except under CI (CI=true), where QEMU is part of the
// environment (.ci/run installs it) and its absence is a failure.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
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

/**
 * Why a Linux guest cannot be booted here (tools/capture-linux-boot.mjs needs Debian's kernel
 * under /boot with its modules and a static busybox), or undefined when it can. CI installs
 * QEMU but not these, so the Linux boot tests skip there with this reason.
 */
export const linuxMissing = ((): string | undefined => {
  const kernels = existsSync("/boot") ? readdirSync("/boot").filter((f) => /^vmlinuz-/.test(f)) : [];
  const latest = kernels.sort().pop();
  if (latest === undefined) return "no kernel under /boot (apt-get install linux-image-amd64)";
  if (!existsSync(`/lib/modules/${latest.replace(/^vmlinuz-/, "")}`)) return `no modules for ${latest} under /lib/modules`;
  if (!existsSync("/bin/busybox")) return "no /bin/busybox (apt-get install busybox-static)";
  return undefined;
})();
