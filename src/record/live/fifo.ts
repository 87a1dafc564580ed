// A named pipe QEMU writes its trace log into (-D FIFO), read as it is written. A pipe keeps
// nothing on disk however long the recording, and holds QEMU back when devtape falls behind
// instead of losing lines.
//
// Opening a FIFO for reading blocks until a writer opens it (Node does it on a worker
// thread). QEMU opens its log while it starts; a QEMU that exits before (an unknown option)
// never does, and then `unblock` opens the write end for a moment so the pending open
// returns and the read sees the end at once. A write open that does not block (O_NONBLOCK)
// succeeds only while a reader is waiting in open, so it is retried until the read open is
// under way.
import { execFileSync } from "node:child_process";
import { closeSync, constants, openSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { UserError } from "../../errors.js";

export function makeFifo(path: string): void {
  try {
    execFileSync("mkfifo", ["-m", "600", path], { stdio: ["ignore", "ignore", "pipe"] });
  } catch (e) {
    const why = (e as { stderr?: Buffer }).stderr?.toString().trim() || (e as Error).message;
    throw new UserError(`could not make the named pipe QEMU writes its trace into (${path}): ${why}`);
  }
}

export class FifoReader {
  /** Resolves with the read end once a writer has opened the pipe (or unblock() ran). */
  readonly opened: Promise<FileHandle>;
  private isOpen = false;

  constructor(readonly path: string) {
    this.opened = open(path, "r").then((fh) => {
      this.isOpen = true;
      return fh;
    });
  }

  /** Makes a read open that still waits return (no writer will come); reads then end at once. */
  async unblock(): Promise<void> {
    while (!this.isOpen) {
      try {
        closeSync(openSync(this.path, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENXIO") throw e;
      }
      await Promise.race([this.opened, new Promise((r) => setTimeout(r, 10))]);
    }
  }
}
