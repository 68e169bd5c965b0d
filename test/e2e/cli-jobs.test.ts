/**
 * The job-module contract through the real CLI: user errors mapped to TypeScript lines, job
 * arguments in workers, the graph fingerprint check, and job files outside the repository.
 */
import { copyFileSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lines, REPO_ROOT, runWeir, splitPrefix } from "../helpers/cli.js";

const fixture = (name: string) => path.join(REPO_ROOT, "test/fixtures/jobs", name);

describe("weir run with job modules", () => {
  it("fails a job with the user's error and stack in TypeScript lines, exit code 1, no hang", async () => {
    const r = await runWeir(["run", "-p", "2", fixture("failing-map.ts")], { timeoutMs: 60_000 });
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Job failed/);
    expect(r.stderr).toContain("bad record 42");
    expect(r.stderr).toMatch(/failing-map\.ts:7:\d+/);
  });

  it("passes the job arguments to main in every worker", async () => {
    const r = await runWeir(["run", "-p", "3", fixture("args-closure.ts"), "!x"]);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    const values = lines(r.stdout).map((l) => splitPrefix(l).text);
    expect(values.sort()).toEqual(["1!x", "2!x", "3!x", "4!x", "5!x", "6!x"]);
  });

  it("fails a job whose graph differs between client and workers, naming the operator", async () => {
    const r = await runWeir(["run", "-p", "2", fixture("nondeterministic.ts")]);
    expect(r.timedOut).toBe(false);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/doubler-in-client/);
  });

  it("runs several jobs from one main, each job's workers rebuilding that job", async () => {
    const r = await runWeir(["run", "-p", "2", fixture("two-jobs.ts")]);
    expect(r.stderr).not.toMatch(/Error|failed/);
    expect(r.code).toBe(0);
    expect(
      lines(r.stdout)
        .map((l) => splitPrefix(l).text)
        .sort(),
    ).toEqual(["first:1", "first:2", "second:a", "second:b"]);
  });

  it("fails clearly when a later job depends on an earlier job's collected results", async () => {
    const r = await runWeir(["run", "-p", "2", fixture("collect-then-job.ts")]);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/depends on the collected results of job 'squares'/);
    expect(r.stdout).not.toMatch(/a:0/);
  });

  it("runs a job file that lives outside the repository", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "weir-outside-"));
    const job = path.join(dir, "job.ts");
    copyFileSync(fixture("standalone-job.ts"), job);
    const r = await runWeir(["run", "-p", "2", job], { cwd: dir });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(
      lines(r.stdout)
        .map((l) => splitPrefix(l).text)
        .sort(),
    ).toEqual(["10", "20", "30"]);
  });

  it("caps each slot's heap with taskmanager.memory.task.heap.size and fails clearly past it", async () => {
    const r = await runWeir([
      "run",
      "-p",
      "1",
      "-Dtaskmanager.memory.task.heap.size=64mb",
      fixture("memory-hog.ts"),
    ]);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Job failed: .*memory limit/);
  });

  it("prints the JobGraph as JSON with weir info", async () => {
    const r = await runWeir(["info", "-p", "2", "examples/wordcount.ts"]);
    expect(r.code).toBe(0);
    const graph = JSON.parse(r.stdout) as {
      vertices: { name: string; parallelism: number }[];
      edges: { partitioner: string }[];
    };
    // fromElements runs at parallelism 1 (as in Flink), so it does not chain with the p=2 tokenizer.
    expect(graph.vertices.map((v) => v.name)).toEqual([
      "Source: default-input",
      "tokenizer",
      "counter -> Sink: print-sink",
    ]);
    expect(graph.vertices.map((v) => v.parallelism)).toEqual([1, 2, 2]);
    expect(graph.edges.map((e) => e.partitioner)).toEqual(["rebalance", "hash"]);
  });
});
