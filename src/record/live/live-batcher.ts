// Commits for a recording that is still going on. It batches like an import (a session
// created with the first commit, IMPORT_BATCH events a transaction) and also commits whatever
// has come at least every `maxDelayMs`, so a reader following the session (`devtape events
// FILE --session S`) sees a prefix that is never older than that, however slowly the guest
// produces events. Commits can be held back until the recording is known to be one (QEMU came
// up, the client started): a QEMU that refuses its arguments then leaves no session behind.
import type { ImportProgress } from "../../io/batch-import.js";
import { SessionBatcher } from "../../io/batch-import.js";
import type { EventProps } from "../../schema/proto.js";
import type { NewSession, SessionRow, Store } from "../../store/store.js";

/** The longest a recorded event waits before readers can see it. */
export const LIVE_COMMIT_MS = 200;

export interface LiveBatcherOptions {
  maxDelayMs?: number;
  /** Start holding commits back until release(). */
  hold?: boolean;
}

export class LiveBatcher extends SessionBatcher {
  private held: boolean;
  private timer: NodeJS.Timeout | undefined;
  /** A commit the timer made failed (the disk is full, …): the next add or finish throws it. */
  private failure: unknown;

  constructor(store: Store, newSession: NewSession, onProgress?: (p: ImportProgress) => void, opts: LiveBatcherOptions = {}) {
    super(store, newSession, onProgress);
    this.held = opts.hold ?? false;
    this.timer = setInterval(() => {
      try {
        this.commit();
      } catch (e) {
        this.failure = e;
        this.stop();
      }
    }, opts.maxDelayMs ?? LIVE_COMMIT_MS);
  }

  /** Whether commits are held back. */
  get holding(): boolean {
    return this.held;
  }

  /** Lets commits through, and commits what has come. */
  release(): void {
    this.held = false;
    this.commit();
  }

  override add(ev: EventProps): void {
    if (this.failure !== undefined) throw this.failure;
    super.add(ev);
  }

  override commit(): void {
    if (!this.held) super.commit();
  }

  /** Commits what is left and stops the timer. */
  override finish(): { session: SessionRow | undefined; events: number } {
    this.stop();
    if (this.failure !== undefined) throw this.failure;
    this.held = false;
    return super.finish();
  }

  /** Stops the timer; what was not committed is dropped with the batcher. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
