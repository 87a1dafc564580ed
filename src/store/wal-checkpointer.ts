// Checkpoints a store's write-ahead log from a thread of its own while a long write (an
// import) commits in this one.
//
// A commit appends pages to the WAL; a checkpoint copies them into the database file and syncs
// both files, which on a disk is mostly waiting. SQLite checkpoints by itself every 1,000 pages,
// in the committing thread, which then waits: a third of an import's commit time. Here the
// writing connection stops that (wal_autocheckpoint = 0) and a second connection, in a worker
// thread, checkpoints instead whenever the writer has committed CHECKPOINT_BYTES more since it
// last asked: PASSIVE, so that neither connection waits for the other. But SQLite starts the
// log again from its beginning only when a write begins with every page of it copied, which a
// writer that never stops for the thread rarely sees: so once RESTART_BYTES have been committed
// since, the writer checkpoints the last few megabytes itself (the thread being idle), and its
// next commit starts the log again. The log stays within about RESTART_BYTES, and the writer
// waits for one small checkpoint where SQLite would have made it wait for eight. Should the
// thread fail, the writer checkpoints by itself again; nothing else changes.
import { once } from "node:events";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type Database from "better-sqlite3";

/** Committed bytes after which the thread is asked for a checkpoint. */
const CHECKPOINT_BYTES = 4 << 20;
/** Committed bytes after which the writer has the log start again. */
const RESTART_BYTES = 32 << 20;
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
  private sinceAsked = 0;
  private sinceRestart = 0;

  private constructor(
    private readonly db: Database.Database,
    private readonly worker: Worker,
    private readonly every: number,
    private readonly restartEvery: number,
  ) {
    worker.on("message", () => {
      this.busy = false;
    });
    worker.on("error", () => this.fail());
  }

  /**
   * Starts checkpointing the store at `path`, whose writing connection is `db`, every `bytes`
   * committed (and the log started again every eight times that).
   */
  static start(db: Database.Database, path: string, bytes = CHECKPOINT_BYTES): WalCheckpointer {
    const sqlite = createRequire(import.meta.url).resolve("better-sqlite3");
    const worker = new Worker(THREAD, { eval: true, workerData: { sqlite, path } });
    // (the thread never keeps the process alive: one a failed import leaves behind ends with it)
    worker.unref();
    db.pragma("wal_autocheckpoint = 0");
    return new WalCheckpointer(db, worker, bytes, (bytes * RESTART_BYTES) / CHECKPOINT_BYTES);
  }

  /** The writer has committed `bytes` more. */
  committed(bytes: number): void {
    if (this.failed) return;
    this.sinceAsked += bytes;
    this.sinceRestart += bytes;
    if (this.busy) return;
    if (this.sinceRestart >= this.restartEvery) {
      // (what the thread has not copied yet: the next commit starts the log again)
      this.db.pragma("wal_checkpoint(PASSIVE)");
      this.sinceRestart = 0;
      this.sinceAsked = 0;
    } else if (this.sinceAsked >= this.every) {
      this.sinceAsked = 0;
      this.busy = true;
      this.worker.postMessage("checkpoint");
    }
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
