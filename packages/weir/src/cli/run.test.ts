/**
 * `weir run` in-process against a fake runtime: the job files below reach the executor through
 * the execution context on `globalThis` (as the API's `execute()` does), so no API is needed.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InternalError, JobDefinitionError, JobExecutionError } from "../core/errors.js";
import type { JobClient, JobExecutionResult, Pipeline, PipelineExecutor } from "../operators/executor.js";
import type { JobCommandFlags } from "./config.js";
import type { CliIO } from "./io.js";
import { formatError } from "./report.js";
import { type RunDependencies, runCommand } from "./run.js";

let tmp: string;
beforeEach(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "weir-run-test-")));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const CONTEXT = 'const context = () => globalThis[Symbol.for("weir.executionContext")].getStore();\n';

/** Submits one job named after args[0] and, if `awaitResult`, waits for it. */
function jobFile(name: string, body: string): string {
  fs.writeFileSync(
    path.join(tmp, name),
    `${CONTEXT}export default async function main(args) {\n${body}\n}\n`,
  );
  return name;
}

const SUBMIT_AND_WAIT = `
  const client = await context().executor.execute({ jobGraph: { jobName: args[0] } });
  await client.getJobExecutionResult();`;

class FakeExecutor implements PipelineExecutor {
  readonly pipelines: Pipeline[] = [];
  closed = false;
  constructor(private readonly outcome: () => Promise<JobExecutionResult>) {}
  async execute(pipeline: Pipeline): Promise<JobClient> {
    this.pipelines.push(pipeline);
    const jobId = `job-${this.pipelines.length}`;
    const result = this.outcome();
    result.catch(() => undefined);
    return {
      jobId,
      getJobStatus: async () => "RUNNING",
      cancel: async () => undefined,
      getJobExecutionResult: () => result,
      collect: () => ({
        [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined }) }),
      }),
    };
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

interface Harness {
  readonly io: CliIO & { stdout: string[]; stderr: string[] };
  readonly executor: FakeExecutor;
  readonly created: Parameters<RunDependencies["createExecutor"]>[0][];
  run(job: string, args?: string[], flags?: JobCommandFlags): Promise<void>;
}

function harness(outcome: () => Promise<JobExecutionResult> = async () => ok("job-1")): Harness {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io = {
    stdout,
    stderr,
    out: (l: string) => stdout.push(l),
    err: (l: string) => stderr.push(l),
    cwd: tmp,
    env: { WEIR_CONF_DIR: "" },
  };
  const executor = new FakeExecutor(outcome);
  const created: Parameters<RunDependencies["createExecutor"]>[0][] = [];
  const deps: RunDependencies = {
    createExecutor: async (options) => {
      created.push(options);
      return executor;
    },
  };
  return {
    io,
    executor,
    created,
    run: (job, args = [], flags = {}) => runCommand(job, args, { ...flags }, io, deps),
  };
}

const ok = (jobId: string): JobExecutionResult => ({ jobId, jobName: "j", netRuntimeMs: 7 });

describe("weir run", () => {
  it("runs main with the configuration and arguments, and closes the runtime", async () => {
    const h = harness();
    await h.run(jobFile("job.js", SUBMIT_AND_WAIT), ["first", "--x"], {
      parallelism: "3",
      D: ["pipeline.name=n"],
    });
    expect(h.executor.pipelines.map((p) => p.jobGraph.jobName)).toEqual(["first"]);
    expect(h.created).toHaveLength(1);
    expect(h.created[0]?.config).toMatchObject({ "parallelism.default": "3", "pipeline.name": "n" });
    expect(h.created[0]?.artifact.args).toEqual(["first", "--x"]);
    expect(h.created[0]?.artifact.path).toMatch(/[0-9a-f]{64}\.mjs$/);
    expect(h.executor.closed).toBe(true);
    expect(h.io.stdout).toEqual([]);
    expect(h.io.stderr).toEqual([]);
  });

  it("prints the JobID with -d and notes that the embedded cluster waits", async () => {
    const h = harness();
    await h.run(jobFile("job.js", SUBMIT_AND_WAIT), ["a"], { detached: true });
    expect(h.io.stdout).toEqual(["Job has been submitted with JobID job-1"]);
    expect(h.io.stderr).toHaveLength(1);
    expect(h.io.stderr[0]).toMatch(/^Note: -d .*embedded MiniCluster/);
  });

  it("reports submission and completion with --verbose", async () => {
    const h = harness();
    await h.run(jobFile("job.js", SUBMIT_AND_WAIT), ["a"], { verbose: true });
    expect(h.io.stderr.slice(-2)).toEqual([
      "Job has been submitted with JobID job-1",
      "Job with JobID job-1 has finished. Job Runtime: 7 ms",
    ]);
  });

  it("fails with the job's error and still closes the runtime", async () => {
    const failure = new JobExecutionError("job-1", "bad record 42", { userStack: "Error: bad record 42" });
    const h = harness(async () => {
      throw failure;
    });
    const error = await h.run(jobFile("job.js", SUBMIT_AND_WAIT), ["a"]).catch((e: unknown) => e);
    expect(error).toBe(failure);
    expect(formatError(error, { verbose: false, cwd: tmp }).lines[0]).toBe("Job failed: bad record 42");
    expect(h.executor.closed).toBe(true);
  });

  it("waits for a job main did not wait for, and reports its failure", async () => {
    const failure = new JobExecutionError("job-1", "late failure");
    const h = harness(async () => {
      throw failure;
    });
    const job = jobFile("async.js", "await context().executor.execute({ jobGraph: { name: 'x' } });");
    await expect(h.run(job)).rejects.toBe(failure);
  });

  it("accepts a failure main handled itself", async () => {
    const h = harness(async () => {
      throw new JobExecutionError("job-1", "handled");
    });
    const job = jobFile(
      "handled.js",
      "const c = await context().executor.execute({ jobGraph: {} });\n  await c.getJobExecutionResult().catch(() => {});",
    );
    await expect(h.run(job)).resolves.toBeUndefined();
  });

  it("fails when main never calls execute()", async () => {
    const h = harness();
    const error = await h.run(jobFile("idle.js", "return;")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobDefinitionError);
    expect((error as Error).message).toBe(
      "idle.js did not submit a job: main() returned without calling execute()",
    );
  });

  it("classifies an unclassified runtime failure as internal", async () => {
    const h = harness(async () => {
      throw new TypeError("slot is undefined");
    });
    const error = await h.run(jobFile("job.js", SUBMIT_AND_WAIT), ["a"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalError);
    expect((error as Error).message).toBe("the runtime failed while running job job-1: slot is undefined");
  });

  it("wraps what main itself throws so its stack is shown", async () => {
    const h = harness();
    const error = await h.run(jobFile("throws.js", "throw new Error('no input');")).catch((e: unknown) => e);
    expect((error as Error).message).toBe("The main method caused an error: no input");
    expect(formatError(error, { verbose: false, cwd: tmp }).exitCode).toBe(1);
  });
});
