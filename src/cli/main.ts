#!/usr/bin/env node
// devtape: the command line. Each verb lives in its own file; this one wires them up and
// turns errors into one line and an exit code: 2 for unusable input (UserError), 1 for
// a check that found problems, and a stack trace only for a bug in devtape itself.
import "./heap-tuning.js";
import { Command, CommanderError } from "commander";
import { UserError } from "../errors.js";
import { registerDrive } from "./drive.js";
import { registerEvents } from "./events.js";
import { registerExportJsonl } from "./export-jsonl.js";
import { registerImportJsonl } from "./import-jsonl.js";
import { registerImportQemuTrace } from "./import-qemu-trace.js";
import { registerImportQtest } from "./import-qtest.js";
import { registerInfo } from "./info.js";
import { registerMigrate } from "./migrate.js";
import { registerRecordQemu } from "./record-qemu.js";
import { registerRecordQtest } from "./record-qtest.js";
import { registerReplay } from "./replay.js";
import { registerState } from "./state.js";
import { registerVerify } from "./verify.js";

export function buildProgram(): Command {
  const program = new Command("devtape")
    .description("record, replay and inspect guest-driver ↔ virtual-device sessions")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  registerInfo(program);
  registerEvents(program);
  registerVerify(program);
  registerReplay(program);
  registerState(program);
  registerDrive(program);
  registerMigrate(program);
  const importCmd = program.command("import").description("turn a capture into a session of a .devtape store").exitOverride();
  registerImportJsonl(importCmd);
  registerImportQtest(importCmd);
  registerImportQemuTrace(importCmd);
  const exportCmd = program.command("export").description("write a session out in another format").exitOverride();
  registerExportJsonl(exportCmd);
  const recordCmd = program.command("record").description("run QEMU and record the session live into a .devtape store").exitOverride();
  registerRecordQemu(recordCmd);
  registerRecordQtest(recordCmd);
  for (const c of [...program.commands, ...importCmd.commands, ...exportCmd.commands, ...recordCmd.commands]) c.exitOverride();
  return program;
}

/** A file the user named could not be read or written (missing, a directory, no permission, disk full). */
function isFileError(e: unknown): e is NodeJS.ErrnoException & { path: string } {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return (
    typeof (e as { path?: unknown } | undefined)?.path === "string" &&
    ["ENOENT", "EISDIR", "EACCES", "EPERM", "ENOSPC", "ENOTDIR", "EROFS"].includes(code ?? "")
  );
}

async function main(): Promise<void> {
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander has printed its message (or the help) already.
      process.exitCode = e.exitCode === 0 ? 0 : 2;
    } else if (isFileError(e)) {
      process.stderr.write(`devtape: ${e.path}: ${e.message.replace(/^[A-Z]+: /, "")}\n`);
      process.exitCode = 2;
    } else if (e instanceof UserError) {
      process.stderr.write(`devtape: ${e.message}\n`);
      process.exitCode = e.exitCode;
    } else {
      process.stderr.write(`devtape: internal error (a bug in devtape; please report it with this trace):\n${(e as Error).stack ?? e}\n`);
      process.exitCode = 70;
    }
  }
}

await main();
