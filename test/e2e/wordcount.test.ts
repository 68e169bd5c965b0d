/**
 * WordCount end to end through the real CLI: bundling, artifact, worker-thread slots, network
 * exchanges, print and file sinks. The oracle is an independent loop over the same text.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { WORDS } from "../../examples/util/wordcount-data.js";
import { lines, runWeir, splitPrefix } from "../helpers/cli.js";
import { finalCounts, lastCountPerWord, runningCounts } from "../helpers/wordcount-oracle.js";

const JOB = "examples/wordcount.ts";

describe("WordCount on the embedded MiniCluster", () => {
  it("prints Flink's 287 running counts in input order at p=1", async () => {
    const r = await runWeir(["run", "-p", "1", JOB]);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual(runningCounts(WORDS));
    expect(lines(r.stdout)).toHaveLength(287);
  });

  it("gives the same lines at p=4, each word always from the same subtask, counts in order", async () => {
    const r = await runWeir(["run", "-p", "4", JOB]);
    expect(r.code).toBe(0);
    const printed = lines(r.stdout).map(splitPrefix);
    expect(printed.every((p) => p.subtask !== undefined && p.subtask >= 1 && p.subtask <= 4)).toBe(true);
    expect(printed.map((p) => p.text).sort()).toEqual(runningCounts(WORDS).sort());
    const subtaskOfWord = new Map<string, number>();
    const lastOfWord = new Map<string, number>();
    for (const { subtask, text } of printed) {
      const [, word, n] = /^\((.*),(\d+)\)$/.exec(text)!;
      const seen = subtaskOfWord.get(word!);
      if (seen !== undefined) expect(subtask).toBe(seen);
      subtaskOfWord.set(word!, subtask!);
      expect(Number(n)).toBe((lastOfWord.get(word!) ?? 0) + 1);
      lastOfWord.set(word!, Number(n));
    }
    expect(new Set(subtaskOfWord.values()).size).toBeGreaterThan(1);
  });

  it("counts files and directories given with --input and writes --output part files, same at p=1, 2 and 4", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "weir-wc-"));
    const input = path.join(dir, "in");
    mkdirSync(input);
    const text: string[] = [];
    for (let f = 0; f < 3; f++) {
      const fileLines = Array.from(
        { length: 400 },
        (_, i) => `${WORDS[(i * 7 + f) % WORDS.length]} line-${i % 13}`,
      );
      text.push(...fileLines);
      writeFileSync(path.join(input, `part-${f}.txt`), `${fileLines.join("\n")}\n`);
    }
    const expected = finalCounts(text);
    for (const p of [1, 2, 4]) {
      const out = path.join(dir, `out-${p}`);
      const r = await runWeir(["run", "-p", String(p), JOB, "--input", input, "--output", out]);
      expect(r.stderr).not.toMatch(/Error/);
      expect(r.code).toBe(0);
      const files = readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
      expect(files.some((e) => e.name.startsWith("."))).toBe(false);
      const written = files.flatMap((e) => lines(readFileSync(path.join(e.parentPath, e.name), "utf8")));
      expect(written).toHaveLength([...expected.values()].reduce((a, b) => a + b, 0));
      expect(lastCountPerWord(written)).toEqual(expected);
    }
  });

  it("passes several --input paths to the job", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "weir-wc2-"));
    writeFileSync(path.join(dir, "a.txt"), "alpha beta\nbeta\n");
    writeFileSync(path.join(dir, "b.txt"), "Gamma, beta!\n");
    const r = await runWeir([
      "run",
      JOB,
      "--input",
      path.join(dir, "a.txt"),
      "--input",
      path.join(dir, "b.txt"),
    ]);
    expect(r.code).toBe(0);
    expect(lastCountPerWord(lines(r.stdout).map((l) => splitPrefix(l).text))).toEqual(
      new Map([
        ["alpha", 1],
        ["beta", 3],
        ["gamma", 1],
      ]),
    );
  });
});
