// The guest pages an HBA watches, kept up to date as ranges come and go instead of being
// rebuilt: every guest-memory event asks whether it touches one, and ranges change with
// every post and completion. Each page holds how many watched ranges touch it, so adding
// and removing a range costs its pages, a question costs the pages it spans, and neither
// depends on how many frames are in flight. A range of length 0 watches the page it
// starts in (a byte-exact check follows a hit, so a page is enough here). A page no range
// touches any more keeps its entry at 0 (the same pages come back with the next frames;
// a Map whose entries come and go rebuilds its table every few frames), and the zeros are
// swept out only when they outnumber the watched pages by far.

const PAGE_SHIFT = 12;
const PAGE = 1 << PAGE_SHIFT;

/** The first and last page of [addr, addr + max(len, 1)). */
function firstPage(addr: number): number {
  return Math.floor(addr / PAGE);
}
function lastPage(addr: number, len: number): number {
  return Math.floor((addr + (len > 1 ? len : 1) - 1) / PAGE);
}

export class WatchedPages {
  private counts = new Map<number, number>();
  /** Pages with a count above 0. */
  private watched = 0;

  /** Watches [addr, addr + len) once more. */
  add(addr: number, len: number): void {
    const last = lastPage(addr, len);
    for (let p = firstPage(addr); p <= last; p++) {
      const n = this.counts.get(p) ?? 0;
      if (n === 0) this.watched++;
      this.counts.set(p, n + 1);
    }
  }

  /** Stops watching [addr, addr + len) once (a range added before, with the same bounds). */
  remove(addr: number, len: number): void {
    const last = lastPage(addr, len);
    for (let p = firstPage(addr); p <= last; p++) {
      const n = this.counts.get(p);
      if (n === undefined || n === 0) continue;
      this.counts.set(p, n - 1);
      if (n === 1) this.watched--;
    }
    if (this.counts.size > 4096 && this.counts.size > 4 * this.watched) {
      for (const [p, n] of this.counts) if (n === 0) this.counts.delete(p);
    }
  }

  /** True when [addr, addr + len) touches a watched page. */
  touches(addr: number, len: number): boolean {
    if (this.watched === 0) return false;
    const last = lastPage(addr, len);
    for (let p = firstPage(addr); p <= last; p++) if ((this.counts.get(p) ?? 0) > 0) return true;
    return false;
  }

  clear(): void {
    this.counts.clear();
    this.watched = 0;
  }
}
