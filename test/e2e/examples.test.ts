/**
 * Every job in examples/ runs to completion through the real CLI in both runtime modes. Examples
 * with golden outputs are checked in detail by their own tests; this one makes sure a new example
 * cannot be added without running in CI.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lines, REPO_ROOT, runWeir } from "../helpers/cli.js";

const examples = readdirSync(path.join(REPO_ROOT, "examples")).filter((f) => f.endsWith(".ts"));

describe("examples", () => {
  it("has examples to run", () => {
    expect(examples).toContain("wordcount.ts");
  });

  describe.each(examples)("examples/%s", (file) => {
    it.each(["STREAMING", "BATCH"])("runs in %s mode and prints results", async (mode) => {
      const r = await runWeir(["run", `-Dexecution.runtime-mode=${mode}`, "-p", "2", `examples/${file}`], {
        timeoutMs: 120_000,
      });
      expect(r.timedOut).toBe(false);
      expect(r.stderr).not.toMatch(/^Error|Job failed/m);
      expect(r.code).toBe(0);
      expect(lines(r.stdout).length).toBeGreaterThan(0);
    });
  });
});
