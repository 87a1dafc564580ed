// Checkpoints a store's write-ahead log from a thread of its own while a long write (an
// import) commits in this one.
//
// A commit appends pages to the WAL; a checkpoint copies them into the database file and syncs
// both files, which on a disk is mostly waiting. SQLite checkpoints by itself every 1,000 pages,
// in the committing thread, which then waits: a third of an import's commit time. Here the
// writing connection stops that (wal_autocheckpoint = 0) and a second connection, in a worker
// thread, checkpoints instead whenever the writer has committed CHECKPOINT_BYTES more since
// the last time: PASSIVE, so that neither connection ever waits for the other. The WAL stays
// about that size, and what is left in it is checkpointed when the store closes, as always.
// Should the thread fail, the writer checkpoints by itself again; nothing else changes.
import { once } from "node:events";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

/** Committed bytes between two checkpoints. */
const CHECKPOINT_BYTES = 16 << 20;
/** SQLite's own checkpoint interval (pages), restored at the end. */
const AUTO_CHECKPOINT = 1000;

/** The thread: opens the store and checkpoints it on each message, until told to stop. */
const THREAD = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.sqlite);
const db = new Database(workerData.path, { fileMustExist: true });
parentPort.on("message", (m) => {
  if (m === "stop") {
    db.close();
    parentPort.close();
    return;
  }
  db.pragma("wal_checkpoint(PASSIVE)");
  parentPort.postMessage("done");
});
`;

export class WalCheckpointer {
  private busy = false;
  private failed = false;
  private sinceLast = 0;

  private constructor(
    private readonly db: Database.Database,
    private readonly worker: Worker,
    private readonly every: number,
  ) {
    worker.on("message", () => {
      this.busy = false;
    });
    worker.on("error", () => this.fail());
  }

  /** Starts checkpointing the store at `path`, whose writing connection is `db`, every `bytes` committed. */
  static start(db: Database.Database, path: string, bytes = CHECKPOINT_BYTES): WalCheckpointer {
    const sqlite = createRequire(import.meta.url).resolve("better-sqlite3");
    const worker = new Worker(THREAD, { eval: true, workerData: { sqlite, path } });
    // (the thread never keeps the process alive: one a failed import leaves behind ends with it)
    worker.unref();
    db.pragma("wal_autocheckpoint = 0");
    return new WalCheckpointer(db, worker, bytes);
  }

  /** The writer has committed `bytes` more. */
  committed(bytes: number): void {
    this.sinceLast += bytes;
    if (this.busy || this.failed || this.sinceLast < this.every) return;
    this.sinceLast = 0;
    this.busy = true;
    this.worker.postMessage("checkpoint");
  }

  /** Ends the thread (after a checkpoint it is running); the writer checkpoints by itself again. */
  async stop(): Promise<void> {
    if (!this.failed) {
      const exited = once(this.worker, "exit");
      this.worker.ref();
      this.worker.postMessage("stop");
      await exited.catch(() => undefined);
    }
    this.fail();
  }

  private fail(): void {
    this.failed = true;
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT}`);
    void this.worker.terminate();
  }
}
