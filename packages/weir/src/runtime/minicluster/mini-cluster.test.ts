import { afterEach, describe, expect, it } from "vitest";
import { JobExecutionError } from "../../core/errors.js";
import { TestJobBuilder } from "../testing/test-job-builder.js";
import {
  CallbackSink,
  FnSource,
  KeyedCountOp,
  listSource,
  MapOp,
  ReaderSourceOp,
  TestCollectSink,
  ValuesSplitSource,
} from "../testing/test-operators.js";
import { turnUntil } from "../testing/wait.js";
import { MiniCluster } from "./mini-cluster.js";
import { MiniClusterExecutor } from "./mini-cluster-executor.js";

const clusters: MiniCluster[] = [];
async function startCluster(config: Record<string, string> = {}): Promise<MiniCluster> {
  const cluster = new MiniCluster({ config: { "taskmanager.numberOfTaskSlots": "4", ...config } });
  clusters.push(cluster);
  await cluster.start();
  return cluster;
}

afterEach(async () => {
  await Promise.all(clusters.splice(0).map((c) => c.close()));
});

async function drain<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const v of iterable) out.push(v);
  return out;
}

describe("MiniCluster (inline slots)", () => {
  it("runs a chained source -> map -> sink", async () => {
    const b = new TestJobBuilder();
    const v = b.vertex({ parallelism: 1 });
    const src = b.operator(v, "Source: list", listSource([1, 2, 3, 4, 5]));
    const map = b.operator(v, "Map", () => new MapOp<number, number>((x) => x * 10), {
      inputs: [[{ from: src }]],
    });
    const seen: number[] = [];
    b.operator(v, "Sink: cb", () => new CallbackSink<number>({ onRecord: (x) => seen.push(x) }), {
      inputs: [[{ from: map }]],
    });
    const cluster = await startCluster();
    const client = await cluster.submitJob(b.build());
    await client.getJobExecutionResult();
    expect(seen).toEqual([10, 20, 30, 40, 50]);
    expect(await client.getJobStatus()).toBe("FINISHED");
  });

  it("runs p=1 -> rebalance -> p=4 -> hash -> p=4 keyed count and collects the result", async () => {
    const words = Array.from({ length: 1000 }, (_, i) => `w${i % 7}`);
    const b = new TestJobBuilder();
    const v1 = b.vertex({ parallelism: 1 });
    const src = b.operator(v1, "Source: words", listSource(words));
    const v2 = b.vertex({ parallelism: 4 });
    const upper = b.operator(v2, "Map", () => new MapOp<string, string>((w) => w.toUpperCase()), {
      inputs: [[{ from: src, partitioner: "rebalance" }]],
    });
    const v3 = b.vertex({ parallelism: 4 });
    const count = b.operator(v3, "Count", () => new KeyedCountOp<string>((w) => w), {
      inputs: [[{ from: upper, partitioner: "hash", keySelector: (w) => w }]],
    });
    const sink = b.operator(v3, "Sink: collect", () => new TestCollectSink(), {
      kind: "collectSink",
      inputs: [[{ from: count }]],
    });
    const cluster = await startCluster();
    const client = await cluster.submitJob(b.build());
    const results = await drain(client.collect<[string, number]>(sink));
    await client.getJobExecutionResult();
    const finals = new Map<string, number>();
    for (const [k, n] of results) finals.set(k, Math.max(finals.get(k) ?? 0, n));
    expect(results).toHaveLength(1000);
    expect([...finals].sort()).toEqual(
      Array.from({ length: 7 }, (_, i) => [`W${i}`, i < 1000 % 7 ? 143 : 142] as [string, number]),
    );
  });

  it("fails a job whose operator throws, with the user's message and task name", async () => {
    const b = new TestJobBuilder("failing job");
    const v1 = b.vertex({ parallelism: 1 });
    const src = b.operator(v1, "Source: list", listSource(Array.from({ length: 100 }, (_, i) => i)));
    const v2 = b.vertex({ parallelism: 2 });
    b.operator(
      v2,
      "Map",
      () =>
        new MapOp<number, number>((x) => {
          if (x === 42) throw new Error("boom at 42");
          return x;
        }),
      { inputs: [[{ from: src, partitioner: "rebalance" }]] },
    );
    const cluster = await startCluster();
    const client = await cluster.submitJob(b.build());
    const error = await client.getJobExecutionResult().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobExecutionError);
    const jee = error as JobExecutionError;
    expect(jee.message).toContain("boom at 42");
    expect(jee.taskName).toMatch(/^Map \([12]\/2\)$/);
    expect(jee.userStack).toContain("boom at 42");
    const details = await client.getJobDetails();
    expect(details.status).toBe("FAILED");
    const states = details.vertices.flatMap((v) => v.subtasks);
    expect(states.filter((s) => s === "FAILED")).toHaveLength(1);
    expect(states.every((s) => s === "FAILED" || s === "CANCELED" || s === "FINISHED")).toBe(true);
  });

  it("spreads a job over several TaskManagers", async () => {
    const b = new TestJobBuilder();
    const v1 = b.vertex({ parallelism: 4 });
    const src = b.operator(v1, "Source", listSource(Array.from({ length: 40 }, (_, i) => i)));
    const v2 = b.vertex({ parallelism: 3 });
    const sink = b.operator(v2, "Sink", () => new TestCollectSink(), {
      kind: "collectSink",
      inputs: [[{ from: src, partitioner: "rebalance" }]],
    });
    const cluster = await startCluster({
      "minicluster.number-of-taskmanagers": "2",
      "taskmanager.numberOfTaskSlots": "2",
    });
    expect(await cluster.getClusterOverview()).toEqual({ taskManagers: 2, slotsTotal: 4, slotsAvailable: 4 });
    const client = await cluster.submitJob(b.build());
    const out = await drain(client.collect<number>(sink));
    expect(out.sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it("fails fast when the cluster has too few slots", async () => {
    const b = new TestJobBuilder();
    const v1 = b.vertex({ parallelism: 8 });
    const src = b.operator(v1, "Source", listSource([1]));
    const v2 = b.vertex({ parallelism: 2, slotSharingGroup: "other" });
    b.operator(v2, "Sink", () => new CallbackSink(), { inputs: [[{ from: src }]] });
    const cluster = await startCluster({ "taskmanager.numberOfTaskSlots": "4" });
    const client = await cluster.submitJob(b.build());
    await expect(client.getJobExecutionResult()).rejects.toThrow(
      "job needs 10 task slots (slot sharing group 'default': 8, slot sharing group 'other': 2) but the cluster has 4; " +
        "lower the parallelism (-p) or raise taskmanager.numberOfTaskSlots",
    );
  });
});

describe("MiniCluster with several jobs", () => {
  it("keeps a job waiting for slots until another job releases them", async () => {
    const b1 = new TestJobBuilder("endless");
    const v1 = b1.vertex({ parallelism: 2 });
    let emitted = 0;
    b1.operator(
      v1,
      "Source: endless",
      () =>
        new FnSource<number>((p) => {
          p.emit(emitted++);
          return "MORE_AVAILABLE";
        }),
    );
    const b2 = new TestJobBuilder("bounded");
    const v2 = b2.vertex({ parallelism: 2 });
    const src = b2.operator(v2, "Source", listSource([1, 2, 3]));
    const sink = b2.operator(v2, "Sink", () => new TestCollectSink(), {
      kind: "collectSink",
      inputs: [[{ from: src }]],
    });
    const cluster = await startCluster({ "taskmanager.numberOfTaskSlots": "2" });
    const first = await cluster.submitJob(b1.build());
    await turnUntil(() => emitted > 100);
    const second = await cluster.submitJob(b2.build());
    for (let i = 0; i < 50; i++) await new Promise<void>((r) => setImmediate(r));
    const waiting = await second.getJobDetails();
    expect(waiting.vertices[0]!.subtasks).toEqual(["CREATED", "CREATED"]);
    expect((await cluster.getClusterOverview()).slotsAvailable).toBe(0);
    await first.cancel();
    expect((await drain(second.collect<number>(sink))).sort()).toEqual([1, 2, 3]);
    await second.getJobExecutionResult();
    expect((await first.getJobResult()).status).toBe("CANCELED");
    expect((await cluster.getClusterOverview()).slotsAvailable).toBe(2);
  });

  it("fails the job when its split enumerator throws", async () => {
    const source = new ValuesSplitSource([{ id: "a", values: [1] }]);
    const create = source.createEnumerator.bind(source);
    source.createEnumerator = (ctx) => ({
      ...create(ctx),
      handleSplitRequest: () => {
        throw new Error("enumerator exploded");
      },
    });
    const b = new TestJobBuilder();
    const v = b.vertex({ parallelism: 1 });
    b.operator(v, "Source", () => new ReaderSourceOp(source), { kind: "source", source });
    const cluster = await startCluster();
    const client = await cluster.submitJob(b.build());
    const error = (await client.getJobExecutionResult().catch((e: unknown) => e)) as JobExecutionError;
    expect(error).toBeInstanceOf(JobExecutionError);
    expect(error.message).toContain("enumerator exploded");
    expect(error.taskName).toBeUndefined();
    expect((await client.getJobDetails()).vertices[0]!.subtasks).toEqual(["CANCELED"]);
  });
});

describe("MiniClusterExecutor", () => {
  it("runs a job inline and closes its cluster at the end", async () => {
    const b = new TestJobBuilder();
    const v = b.vertex({ parallelism: 2 });
    const src = b.operator(v, "Source", listSource([1, 2, 3, 4]));
    const sink = b.operator(v, "Sink: collect", () => new TestCollectSink(2), {
      kind: "collectSink",
      inputs: [[{ from: src }]],
    });
    const executor = new MiniClusterExecutor({ config: { "taskmanager.numberOfTaskSlots": "2" } });
    const client = await executor.execute(b.build());
    const result = await client.getJobExecutionResult();
    expect(result.jobId).toBe(client.jobId);
    expect((await drain(client.collect<number>(sink))).sort()).toEqual([1, 2, 3, 4]);
    expect(await client.getJobStatus()).toBe("FINISHED");
  });

  it("rejects threads hosting without an artifact", async () => {
    const b = new TestJobBuilder();
    const v = b.vertex({ parallelism: 1 });
    b.operator(v, "Source", listSource([1]));
    const executor = new MiniClusterExecutor({ config: { "minicluster.slot-hosting": "threads" } });
    await expect(executor.execute(b.build())).rejects.toThrow(
      /slot-hosting is 'threads' but the job has no artifact/,
    );
  });
});

describe("MiniClusterExecutor slot sizing", () => {
  function job(parallelism: number) {
    const b = new TestJobBuilder();
    const v = b.vertex({ parallelism });
    b.operator(v, "Source", listSource([1, 2, 3]));
    return b.build();
  }

  it("gives the job the slots it needs when taskmanager.numberOfTaskSlots is not set", async () => {
    const client = await new MiniClusterExecutor({ config: {} }).execute(job(9));
    await client.getJobExecutionResult();
  });

  it("fails fast when the configured slots are too few", async () => {
    const client = await new MiniClusterExecutor({
      config: { "taskmanager.numberOfTaskSlots": "2" },
    }).execute(job(3));
    await expect(client.getJobExecutionResult()).rejects.toThrow(
      /job needs 3 task slots .* but the cluster has 2/,
    );
  });
});
