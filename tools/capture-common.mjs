// What the real-QEMU capture tools (capture-qemu.mjs, capture-megasas.mjs, capture-qemu-trace.mjs)
// share: loading devtape from dist/, the --out/--only/--qemu arguments, QEMU's version, the
// output and work folders, checking a qtest capture against QEMU's log of it and the model,
// writing it out, the command lines as the README shows them, and rewriting a README section.
// Every failure here prints `<tool>: <what>` and exits with 2; a capture that fails a check throws.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Prints `tool: msg` and exits with 2. */
export function die(tool, msg) {
  process.stderr.write(`${tool}: ${msg}\n`);
  process.exit(2);
}

/** Imports the modules `paths` names (relative to dist/src), in order, into an object of the same keys. */
export async function loadDist(tool, paths) {
  const mods = {};
  try {
    for (const [key, path] of Object.entries(paths)) mods[key] = await import(join(root, "dist/src", path));
  } catch (e) {
    die(tool, `cannot load devtape from dist/ (${e.message}); run 'npm run build' first`);
  }
  return mods;
}

/** The tool's arguments: --out (default traces/qemu), --qemu and the tool's own `options`. */
export function captureArgs(options = {}) {
  return parseArgs({
    options: { out: { type: "string", default: join(root, "traces/qemu") }, qemu: { type: "string" }, ...options },
  }).values;
}

/** The names to capture: those of --only (comma-separated, each one of `all`), or all of them. */
export function selected(tool, only, all) {
  const names = only ? only.split(",") : [...all];
  for (const n of names) if (!all.includes(n)) die(tool, `'${n}' is not one of ${all.join(", ")}`);
  return names;
}

/** The QEMU binary (`client.qemuBinary` of --qemu) and the first line of its --version. */
export function qemuAndVersion(tool, client, path) {
  const qemu = client.qemuBinary(path);
  try {
    return { qemu, version: execFileSync(qemu, ["--version"], { encoding: "utf8" }).split("\n")[0].trim() };
  } catch (e) {
    return die(tool, `cannot run ${qemu} (${e.message}); install qemu-system-x86 or pass --qemu`);
  }
}

/** Makes the output folder and a fresh work folder under the system's temporary folder. */
export function outAndWork(outArg, workPrefix) {
  const out = resolve(outArg);
  mkdirSync(out, { recursive: true });
  return { out, work: mkdtempSync(join(tmpdir(), workPrefix)) };
}

/** An event's canonical JSON without what differs between a recording and its imported log (seq, time, source). */
export function accessJson(json, ev) {
  const o = JSON.parse(json.eventToJson(ev));
  delete o.seq;
  delete o.timeNs;
  delete o.source;
  return JSON.stringify(o);
}

/**
 * The log and the recording must hold the same accesses in the same order, and the same
 * interrupts in the same order. Where an interrupt sits between accesses may differ: an
 * I/O completes asynchronously, and when its interrupt arrives while the recorder waits for
 * a register access's reply the recorder puts it after that access, while QEMU's log shows
 * it before when QEMU raised it before reading the command. `norm` gives an event's
 * comparable form (accessJson). Returns the first difference, or undefined.
 */
export function sameAccesses(norm, recorded, imported) {
  const part = (evs, irq) => evs.filter((e) => (e.interrupt != null) === irq).map(norm);
  for (const irq of [false, true]) {
    const a = part(recorded, irq);
    const b = part(imported, irq);
    const at = a.findIndex((x, i) => x !== b[i]);
    if (at >= 0 || a.length !== b.length) return `${irq ? "interrupt" : "access"} ${at < 0 ? a.length : at}`;
  }
  return undefined;
}

/** A model Machine (`machine`: dist's model/machine/machine.js) that has replayed `events`, numbered from 0. */
export function replayEvents(machine, events) {
  const m = new machine.Machine();
  events.forEach((ev, i) => m.apply({ ...ev, seq: i }));
  return m;
}

/**
 * Checks capture `base` against QEMU's log of it (`imported`): the same accesses and interrupts
 * (sameAccesses; the recording's barriers and markers aside, which a log cannot hold), and the
 * recording and the log both replaying with no divergence and no guest error. Throws an Error
 * naming the capture and the first difference or problem.
 */
export function checkAgainstLog(json, machine, base, events, imported) {
  const norm = (ev) => accessJson(json, ev);
  const differs = sameAccesses(
    norm,
    events.filter((ev) => !ev.barrier && !ev.marker),
    imported,
  );
  if (differs !== undefined) throw new Error(`${base}: the imported log differs from the recorder's events at ${differs}`);
  for (const [what, evs] of [
    ["recording", events],
    ["qtest log", imported],
  ]) {
    const m = replayEvents(machine, evs);
    if (m.divergences.length || m.guestErrors.length)
      throw new Error(
        `${base}: the ${what} replays with ${m.divergences.length} divergence(s) and ${m.guestErrors.length} guest error(s): ${JSON.stringify([...m.divergences, ...m.guestErrors][0])}`,
      );
  }
}

/**
 * Writes qtest capture `c` to `out` as `base`.jsonl (jsonLines) and `base`.qtest.log (QEMU's log
 * at `log`, whose text is `logText`); returns what the README's rows and command lines need.
 */
export function keepQtestCapture(json, out, work, base, log, logText, c) {
  writeFileSync(join(out, `${base}.jsonl`), jsonLines(json, c.events));
  copyFileSync(log, join(out, `${base}.qtest.log`));
  const argv = shownArgv(c, work, log, `${base}.qtest.log`).join(" ");
  return { base, events: c.events.length, logLines: logText.split("\n").length - 1, argv, c };
}

/** A capture's events as canonical JSON lines, numbered from 0. */
export const jsonLines = (json, events) => events.map((ev, i) => `${json.eventToJson({ ...ev, seq: i })}\n`).join("");

/** A capture's QEMU command line as the README shows it: the work folder's disk, firmware, QMP socket and `file` by their short names. */
export const shownArgv = (c, work, file, name) =>
  c.argv.map((a) =>
    a
      .replace(c.disk, "disk.img")
      .replace(join(work, "halt-64k.bin"), "halt-64k.bin")
      .replace(file, name)
      .replace(/^unix:.*\.qmp,/, "unix:qmp.sock,"),
  );

/** The README's command-line subsection of one qtest capture: QEMU's command line, then the import of its log. */
export const importCommands = (base, argv, flags) =>
  `### ${base}\n\n\`\`\`sh\n${argv}\n\`\`\`\n\nImport the log with the recorder's topology:\n\n\`\`\`sh\ndevtape import qtest traces/qemu/${base}.qtest.log -o qemu.devtape ${flags}\n\`\`\`\n`;

/**
 * The README's "Command lines" part, headed at `level` ("##" or "###"): what disk.img and
 * halt-64k.bin are, then `commands` (importCommands), each headed one level below.
 */
export const commandLinesPart = (level, commands) => `${level} Command lines

\`disk.img\` is the pattern image, \`halt-64k.bin\` the halting firmware; the client adds
everything from \`-qtest\` on.

${commands.join("\n").replace(/^### /gm, `${level}# `)}`;

/** Today as YYYY-MM-DD. */
export const today = () => new Date().toISOString().slice(0, 10);

/** Says which file was written, relative to the current folder. */
export const wrote = (file) => process.stderr.write(`wrote ${relative(process.cwd(), file)}\n`);

/**
 * Replaces the section `heading` (a `## ` line) of the README at `readmePath` with `section`:
 * from its heading to the next `## ` heading or the end; the rest of the file is kept. Where the
 * README has no such section, `section` is appended after a blank line; where there is no README,
 * it starts from `fallback`.
 */
export function writeSection(readmePath, heading, section, fallback = "") {
  const old = existsSync(readmePath) ? readFileSync(readmePath, "utf8") : fallback;
  const at = old.startsWith(`${heading}\n`) ? 0 : old.indexOf(`\n${heading}\n`);
  const next = at >= 0 ? old.indexOf("\n## ", at + 1) : -1;
  const before = (at >= 0 ? old.slice(0, at) : old).trimEnd();
  const after = next >= 0 ? `\n${old.slice(next + 1)}` : "";
  writeFileSync(readmePath, `${before}${before ? "\n\n" : ""}${section}${after}`);
  wrote(readmePath);
}
