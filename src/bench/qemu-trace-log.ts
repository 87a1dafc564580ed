// A long QEMU trace log for the importer's benchmark and tests, made from real captures: the
// given logs are repeated in turn until the wanted number of lines, each copy's timestamps
// shifted so that the time keeps increasing across copies (1 ms after the previous copy's
// last line), as one long run of QEMU would log them. Thread ids, pointers and everything
// else stay as captured. Lines without a `TID@SECONDS.MICROSECONDS:` prefix are kept as they
// are.

/** The committed trace logs of real QEMU runs the benchmark cycles through by default. */
export const BENCH_TRACE_LOGS = [
  "traces/qemu/linux-boot-virtio-blk.trace.log",
  "traces/qemu/linux-boot-megasas.trace.log",
  "traces/qemu/linux-boot-megasas-gen2.trace.log",
  "traces/qemu/virtio-blk-pci-modern.trace.log",
  "traces/qemu/virtio-blk-mmio-v2.trace.log",
];

const PREFIX = /^(\d+)@(\d+)\.(\d{6}):/;

interface Piece {
  /** Lines, each split at its timestamp: [before, microseconds (or -1: no timestamp), after]. */
  lines: { head: string; us: number; tail: string }[];
  /** The earliest and the latest timestamp (-1: none). */
  firstUs: number;
  lastUs: number;
}

function piece(text: string): Piece {
  const lines: Piece["lines"] = [];
  let firstUs = -1;
  let lastUs = -1;
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const m = PREFIX.exec(line);
    if (m === null) {
      lines.push({ head: line, us: -1, tail: "" });
      continue;
    }
    const us = Number(m[2]) * 1e6 + Number(m[3]);
    if (firstUs < 0 || us < firstUs) firstUs = us;
    lastUs = Math.max(lastUs, us);
    lines.push({ head: `${m[1]}@`, us, tail: line.slice(m[0].length - 1) });
  }
  return { lines, firstUs, lastUs };
}

/**
 * Calls `write` with the lines of a log of `count` lines (each ending in "\n", several per
 * call), made by repeating `texts` in turn with increasing timestamps.
 */
export function repeatTraceLog(texts: readonly string[], count: number, write: (chunk: string) => void): void {
  const pieces = texts.map(piece).filter((p) => p.lines.length > 0);
  if (pieces.length === 0) throw new Error("repeatTraceLog: no lines to repeat");
  let written = 0;
  let nextUs = -1;
  for (let copy = 0; written < count; copy++) {
    const p = pieces[copy % pieces.length] as Piece;
    const shift = nextUs < 0 || p.firstUs < 0 ? 0 : nextUs - p.firstUs;
    let out = "";
    for (const l of p.lines) {
      if (written === count) break;
      if (l.us < 0) out += `${l.head}\n`;
      else {
        const us = l.us + shift;
        out += `${l.head}${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, "0")}${l.tail}\n`;
      }
      written++;
      if (out.length > 1 << 20) {
        write(out);
        out = "";
      }
    }
    if (out !== "") write(out);
    if (p.lastUs >= 0) nextUs = p.lastUs + shift + 1000;
  }
}
