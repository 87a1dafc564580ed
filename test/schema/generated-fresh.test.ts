import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

describe("generated schema code", () => {
  const dir = mkdtempSync(join(tmpdir(), "devtape-gen-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is what tools/gen-schema.mjs makes from proto/ today (run `npm run gen` when this fails)", () => {
    execFileSync(process.execPath, ["tools/gen-schema.mjs", dir], { stdio: "pipe" });
    for (const f of ["devtape.js", "devtape.d.ts", "devtape.json"]) {
      const fresh = readFileSync(join(dir, f), "utf8");
      const committed = readFileSync(join("src/schema/generated", f), "utf8");
      expect(committed, `src/schema/generated/${f} is stale`).toBe(fresh);
    }
  });
});
