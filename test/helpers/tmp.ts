// Temporary directories for store files, removed when the test file is done.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export class TempDirs {
  private readonly dirs: string[] = [];

  /** A new empty directory. */
  make(prefix = "devtape-test-"): string {
    const d = mkdtempSync(join(tmpdir(), prefix));
    this.dirs.push(d);
    return d;
  }

  /** A path (not yet existing) for a store file in a new directory. */
  file(name = "t.devtape"): string {
    return join(this.make(), name);
  }

  cleanup(): void {
    for (const d of this.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }
}
