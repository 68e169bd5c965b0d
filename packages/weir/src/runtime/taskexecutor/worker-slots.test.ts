/**
 * Worker-thread slots: needs the build (`npm run build`, which `npm test` runs first) for the
 * worker entry module, and bundles a small fixture job with esbuild as its artifact.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/clock.js";
import { JobDefinitionError, JobExecutionError } from "../../core/errors.js";
import { capturePipeline } from "../../operators/executor.js";
import { loadJobMain } from "../artifact/index.js";
import { MiniClusterExecutor } from "../minicluster/mini-cluster-executor.js";
import { turnUntil } from "../testing/wait.js";
import { TASK_CANCELLATION_TIMEOUT_MS } from "./worker-slot-host.js";

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let dir: string;
let artifact: string;

const FIXTURE_JOB = `
import { writeFileSync } from "node:fs";
import { isMainThread, threadId } from "node:worker_threads";
import { currentExecutionContext, PlanCapturedSignal } from ${JSON.stringify(`${src}/operators/executor.ts`)};
import { TestJobBuilder } from ${JSON.stringify(`${src}/runtime/testing/test-job-builder.ts`)};
import { listSource, MapOp, TestCollectSink } from ${JSON.stringify(`${src}/runtime/testing/test-operators.ts`)};

export default async function main(args) {
  const b = new TestJobBuilder("fixture job").withSettings({ args });
  const v1 = b.vertex({ parallelism: 1 });
  const source = b.operator(v1, "Source: numbers", listSource(Array.from({ length: 100 }, (_, i) => i)));
  const v2 = b.vertex({ parallelism: 2 });
  // With --nondeterministic the graph differs between the client (main thread) and the workers.
  const mapName = args.includes("--nondeterministic") && !isMainThread ? "Map in worker" : "Map";
  const map = b.operator(v2, mapName, () => new MapOp((x) => {
    if (args.includes("--fail") && x === 77) throw new Error("user failure at 77");
    const hang = args.indexOf("--hang");
    if (hang >= 0) {
      writeFileSync(args[hang + 1] + "/hung-" + threadId, "");
      for (;;) {}
    }
    return [x, threadId];
  }), { inputs: [[{ from: source, partitioner: "rebalance" }]] });
  b.operator(v2, "Sink: collect", () => new TestCollectSink(), { kind: "collectSink", inputs: [[{ from: map }]] });
  const context = currentExecutionContext();
  if (context?.mode !== "capture") throw new Error("the fixture job only supports plan capture");
  context.onCapture(b.build());
  throw new PlanCapturedSignal();
}
`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "weir-worker-slots-"));
  writeFileSync(path.join(dir, "fixture-job.ts"), FIXTURE_JOB);
  artifact = path.join(dir, "fixture-job.mjs");
  await build({
    entryPoints: [path.join(dir, "fixture-job.ts")],
    outfile: artifact,
    bundle: true,
    format: "esm",
    platform: "node",
    sourcemap: "inline",
    logLevel: "silent",
  });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function runFixture(args: string[], clock?: ManualClock) {
  const pipeline = await capturePipeline(await loadJobMain(artifact), args, {});
  const executor = new MiniClusterExecutor({
    config: { "taskmanager.numberOfTaskSlots": "2" },
    artifact: { path: artifact, args },
    ...(clock ? { clock } : {}),
  });
  const client = await executor.execute(pipeline);
  const sinkId = pipeline.jobGraph.vertices[1]!.operators[1]!.id;
  return { client, sinkId };
}

describe("worker-thread slots", () => {
  it("runs the job's tasks on worker threads importing the artifact", async () => {
    const { client, sinkId } = await runFixture([]);
    const values: [number, number][] = [];
    for await (const v of client.collect<[number, number]>(sinkId)) values.push(v);
    await client.getJobExecutionResult();
    expect(values.map(([x]) => x).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const threads = new Set(values.map(([, t]) => t));
    expect(threads.size).toBe(2);
    expect(threads.has(0)).toBe(false);
  });

  it("fails the job with the user's error and stack from a worker", async () => {
    const { client } = await runFixture(["--fail"]);
    const error = (await client.getJobExecutionResult().catch((e: unknown) => e)) as JobExecutionError;
    expect(error).toBeInstanceOf(JobExecutionError);
    expect(error.message).toContain("user failure at 77");
    expect(error.taskName).toMatch(/^Map -> Sink: collect \([12]\/2\)$/);
    // Source maps are on in the worker: the stack points at the job's TypeScript file.
    expect(error.userStack).toContain("fixture-job.ts");
  });

  it("fails the deployment when the worker builds a different graph", async () => {
    const { client } = await runFixture(["--nondeterministic"]);
    const error = await client.getJobExecutionResult().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobDefinitionError);
    expect((error as Error).message).toMatch(/job graph built in the worker differs/);
    expect((error as Error).message).toContain("Map");
  });

  it("terminates a worker whose cancelled task is stuck in user code", async () => {
    const clock = new ManualClock(0);
    const { client } = await runFixture(["--hang", dir], clock);
    await turnUntil(() => readdirSync(dir).some((f) => f.startsWith("hung-")), 1_000_000);
    await client.cancel();
    for (let i = 0; i < 100; i++) await new Promise<void>((r) => setImmediate(r));
    expect(await client.getJobStatus()).toBe("CANCELLING");
    clock.advance(TASK_CANCELLATION_TIMEOUT_MS);
    await expect(client.getJobExecutionResult()).rejects.toThrow(/was cancelled/);
    expect(await client.getJobStatus()).toBe("CANCELED");
  });
});
