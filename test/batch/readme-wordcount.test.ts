/**
 * The README's headline command: `weir run -Dexecution.runtime-mode=BATCH examples/wordcount.ts`
 * prints the 170 final counts of the default text, one line per word (worker-thread slots, the
 * real CLI), and the README's first command is exactly that.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { WORDS } from "../../examples/util/wordcount-data.js";
import { lines, REPO_ROOT, runWeir, splitPrefix } from "../helpers/cli.js";
import { finalCounts, lastCountPerWord } from "../helpers/wordcount-oracle.js";

describe("README quick start", () => {
  it("starts with exactly two commands, the first the BATCH WordCount", () => {
    const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const block = /```sh\n([\s\S]*?)\n```/.exec(readme)![1]!.split("\n");
    expect(block).toEqual([
      "npm ci && npx weir run -Dexecution.runtime-mode=BATCH examples/wordcount.ts",
      "npm test",
    ]);
  });

  it.each([1, 4])("BATCH WordCount at p=%i prints 170 final counts, one per word", async (p) => {
    const r = await runWeir([
      "run",
      "-p",
      String(p),
      "-Dexecution.runtime-mode=BATCH",
      "examples/wordcount.ts",
    ]);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    const printed = lines(r.stdout).map((l) => splitPrefix(l).text);
    expect(printed).toHaveLength(170);
    expect(new Set(printed.map((l) => /^\((.*),\d+\)$/.exec(l)![1])).size).toBe(170);
    expect(lastCountPerWord(printed)).toEqual(finalCounts(WORDS));
  });
});
