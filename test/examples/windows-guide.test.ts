/**
 * Every job in docs/guide/windows-and-joins.md (a ```ts block with `export default`) runs through
 * the real CLI and prints the lines of the ```text block that follows it (compared as sorted
 * lines: the jobs print from several sinks). Also checks the BATCH claim of the late-data section.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lines, REPO_ROOT, runWeir } from "../helpers/cli.js";

const GUIDE = path.join(REPO_ROOT, "docs/guide/windows-and-joins.md");
const dir = mkdtempSync(path.join(os.tmpdir(), "weir-windows-guide-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface GuideJob {
  readonly file: string;
  readonly code: string;
  readonly expected: string[];
}

function guideJobs(): GuideJob[] {
  const text = readFileSync(GUIDE, "utf8");
  const blocks = [...text.matchAll(/```(ts|text)\n([\s\S]*?)\n```/g)].map((m) => ({
    lang: m[1]!,
    body: m[2]!,
  }));
  const jobs: GuideJob[] = [];
  blocks.forEach((block, i) => {
    if (block.lang !== "ts" || !block.body.includes("export default")) return;
    const file = /\/\/ weir run (\S+)/.exec(block.body)?.[1] ?? `job-${i}.ts`;
    const next = blocks[i + 1];
    jobs.push({ file, code: block.body, expected: next?.lang === "text" ? lines(next.body) : [] });
  });
  return jobs;
}

describe("docs/guide/windows-and-joins.md", () => {
  const jobs = guideJobs();

  it("has its runnable jobs", () => {
    expect(jobs.map((j) => j.file)).toEqual([
      "windows-tumbling.ts",
      "windows-late-data.ts",
      "windows-sessions.ts",
      "windows-count.ts",
      "windows-joins.ts",
    ]);
  });

  for (const job of jobs) {
    it(`${job.file} prints what the guide shows`, async () => {
      const file = path.join(dir, job.file);
      writeFileSync(file, `${job.code}\n`);
      const r = await runWeir(["run", file]);
      expect(r.stderr).not.toMatch(/Error/);
      expect(r.code).toBe(0);
      expect(lines(r.stdout).sort()).toEqual([...job.expected].sort());
    });
  }

  it("its jobs type-check against the built package", () => {
    const checkDir = mkdtempSync(path.join(dir, "tsc-"));
    for (const job of jobs) writeFileSync(path.join(checkDir, job.file), `${job.code}\n`);
    writeFileSync(path.join(checkDir, "package.json"), '{ "type": "module" }\n');
    writeFileSync(
      path.join(checkDir, "tsconfig.json"),
      JSON.stringify({
        extends: path.join(REPO_ROOT, "tsconfig.base.json"),
        compilerOptions: {
          noEmit: true,
          types: ["node"],
          typeRoots: [path.join(REPO_ROOT, "node_modules/@types")],
          paths: { weir: [path.join(REPO_ROOT, "packages/weir/dist/index.d.ts")] },
        },
        include: ["*.ts"],
      }),
    );
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    expect(() =>
      execFileSync(process.execPath, [tsc, "-p", path.join(checkDir, "tsconfig.json")], { stdio: "pipe" }),
    ).not.toThrow();
  });

  it("late data in BATCH: every window once, nothing late", async () => {
    const job = jobs.find((j) => j.file === "windows-late-data.ts")!;
    const file = path.join(dir, `batch-${job.file}`);
    writeFileSync(file, `${job.code}\n`);
    const r = await runWeir(["run", "-Dexecution.runtime-mode=BATCH", file]);
    expect(r.code).toBe(0);
    expect(lines(r.stdout).sort()).toEqual(["total 1", "total 16", "total 7"]);
  });
});
