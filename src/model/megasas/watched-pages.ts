// The guest pages an HBA watches, kept up to date as ranges come and go instead of being
// rebuilt: every guest-memory event asks whether it touches one, and ranges change with
// every post and completion. Each page holds how many watched ranges touch it, so adding
// and removing a range costs its pages, a question costs the pages it spans, and neither
// depends on how many frames are in flight. A range of length 0 watches the page it
// starts in (a byte-exact check follows a hit, so a page is enough here).

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

  /** Watches [addr, addr + len) once more. */
  add(addr: number, len: number): void {
    const last = lastPage(addr, len);
    for (let p = firstPage(addr); p <= last; p++) this.counts.set(p, (this.counts.get(p) ?? 0) + 1);
  }

  /** Stops watching [addr, addr + len) once (a range added before, with the same bounds). */
  remove(addr: number, len: number): void {
    const last = lastPage(addr, len);
    for (let p = firstPage(addr); p <= last; p++) {
      const n = this.counts.get(p);
      if (n === undefined) continue;
      if (n > 1) this.counts.set(p, n - 1);
      else this.counts.delete(p);
    }
  }

  /** True when [addr, addr + len) touches a watched page. */
  touches(addr: number, len: number): boolean {
    if (this.counts.size === 0) return false;
    const last = lastPage(addr, len);
    for (let p = firstPage(addr); p <= last; p++) if (this.counts.has(p)) return true;
    return false;
  }

  clear(): void {
    this.counts.clear();
  }
}
