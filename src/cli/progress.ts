// A one-line progress display on stderr for long work, drawn only when stderr is a
// terminal (never into pipes or logs), at most four times a second.
export interface Progress {
  update(done: number, total: number | undefined, detail: string): void;
  done(): void;
}

const NONE: Progress = { update() {}, done() {} };

export function progress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return NONE;
  const started = Date.now();
  let last = 0;
  let drawn = false;
  return {
    update(done, total, detail) {
      const now = Date.now();
      if (now - last < 250) return;
      last = now;
      const pct = total ? ` ${Math.min(100, (done / total) * 100).toFixed(0)}%` : "";
      const secs = ((now - started) / 1000).toFixed(1);
      stream.write(`\r\x1b[K${label}:${pct} ${detail} (${secs}s)`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write("\r\x1b[K");
    },
  };
}
