// What every importer shares: a new session created with the first batch (so input whose
// first batch is bad leaves nothing behind), events appended in batches of IMPORT_BATCH,
// each committed whole, and progress reported after each commit.
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type { EventProps } from "../schema/proto.js";
import type { Appender } from "../store/appender.js";
import type { NewSession, SessionRow, Store } from "../store/store.js";

export const IMPORT_BATCH = 16384;

export interface ImportProgress {
  /** Input characters consumed so far (including newlines). */
  chars: number;
  events: number;
}

export class SessionBatcher {
  private app: Appender | undefined;
  private batch: EventProps[] = [];
  session: SessionRow | undefined;
  /** Input characters consumed, for progress. */
  chars = 0;

  constructor(
    private readonly store: Store,
    private readonly newSession: NewSession,
    private readonly onProgress?: (p: ImportProgress) => void,
  ) {}

  /** Queues an event; commits the batch once it is full. */
  add(ev: EventProps): void {
    this.batch.push(ev);
    if (this.batch.length >= IMPORT_BATCH) this.commit();
  }

  /** Appends and commits the queued events (creating the session the first time). */
  commit(): void {
    if (this.batch.length === 0) return;
    if (this.app === undefined) {
      this.session = this.store.createSession(this.newSession);
      this.app = this.store.appender(this.session, { batchEvents: IMPORT_BATCH });
    }
    for (const ev of this.batch) this.app.append(ev);
    this.app.flush();
    this.batch = [];
    this.onProgress?.({ chars: this.chars, events: this.app.committed });
  }

  /** Commits what is left; the session (if any event came) and the events committed. */
  finish(): { session: SessionRow | undefined; events: number } {
    this.commit();
    return { session: this.session, events: this.app?.committed ?? 0 };
  }
}

/** Calls `fn(line, lineNo)` for each line of a stream, counting characters into the batcher. */
export async function eachLine(stream: Readable, batcher: SessionBatcher, fn: (line: string, lineNo: number) => void): Promise<void> {
  const rl = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let lineNo = 0;
  for await (const line of rl) {
    lineNo++;
    batcher.chars += line.length + 1;
    fn(line, lineNo);
  }
}
