import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/clock.js";
import { TestJobBuilder } from "../testing/test-job-builder.js";
import {
  CallbackSink,
  listSource,
  MapOp,
  ReaderSourceOp,
  SplitOddOp,
  TestCollectSink,
  TwoInputOp,
  ValuesSplitSource,
} from "../testing/test-operators.js";
import { MiniCluster } from "./mini-cluster.js";

const clusters: MiniCluster[] = [];
async function startCluster(options: { config?: Record<string, string>; clock?: ManualClock } = {}) {
  const cluster = new MiniCluster({
    config: { "taskmanager.numberOfTaskSlots": "4", ...options.config },
    ...(options.clock ? { clock: options.clock } : {}),
  });
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

const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

describe("topologies", () => {
  it("unions two edges into one input", async () => {
    const b = new TestJobBuilder();
    const a = b.vertex({ parallelism: 1 });
    const srcA = b.operator(a, "Source: a", listSource(range(50)));
    const c = b.vertex({ parallelism: 3 });
    const srcB = b.operator(c, "Source: b", listSource(range(50, 1000)));
    const u = b.vertex({ parallelism: 2 });
    const map = b.operator(u, "Map", () => new MapOp<number, number>((x) => x + 1), {
      inputs: [
        [
          { from: srcA, partitioner: "rebalance" },
          { from: srcB, partitioner: "rebalance" },
        ],
      ],
    });
    const sink = b.operator(u, "Sink", () => new TestCollectSink(), {
      kind: "collectSink",
      inputs: [[{ from: map }]],
    });
    const cluster = await startCluster();
    const client = await cluster.submitJob(b.build());
    const out = await drain(client.collect<number>(sink));
    expect(out.sort((x, y) => x - y)).toEqual([...range(50, 1), ...range(50, 1001)]);
  });

  it("feeds a two-input operator from two vertices", async () => {
    const b = new TestJobBuilder();
    const a = b.vertex({ parallelism: 2 });
    const srcA = b.operator(a, "Source: a", listSource(range(10)));
    const c = b.vertex({ parallelism: 1 });
    const srcB = b.operator(c, "Source: b", listSource(["x", "y"]));
    const j = b.vertex({ parallelism: 2 });
    const co = b.operator(
      j,
      "CoMap",
      () =>
        new TwoInputOp<number, string, string>(
          (n) => `n${n}`,
          (s) => `s${s}`,
        ),
      { inputs: [[{ from: srcA, partitioner: "forward" }], [{ from: srcB, partitioner: "broadcast" }]] },
    );
    const sink = b.operator(j, "Sink", () => new TestCollectSink(), {
      kind: "collectSink",
      inputs: [[{ from: co }]],
    });
    const cluster = await startCluster();
    const client = await cluster.submitJob(b.build());
    const out = await drain(client.collect<string>(sink));
    expect(out.sort()).toEqual([...range(10).map((n) => `n${n}`), "sx", "sx", "sy", "sy"].sort());
  });

  it("routes side outputs by tag, chained and over the network", async () => {
    const b = new TestJobBuilder();
    const v = b.vertex({ parallelism: 1 });
    const src = b.operator(v, "Source", listSource(range(20)));
    const split = b.operator(v, "Split", () => new SplitOddOp(), { inputs: [[{ from: src }]] });
    const evens = b.operator(v, "Sink: evens", () => new TestCollectSink(), {
      kind: "collectSink",
      inputs: [[{ from: split }]],
    });
    const w = b.vertex({ parallelism: 2 });
    const odds = b.operator(w, "Sink: odds", () => new TestCollectSink(), {
      kind: "collectSink",
      inputs: [[{ from: split, sideOutputTag: "odd", partitioner: "rebalance" }]],
    });
    const oddsChained = b.operator(v, "Sink: odds chained", () => new TestCollectSink(), {
      kind: "collectSink",
      inputs: [[{ from: split, sideOutputTag: "odd" }]],
    });
    const cluster = await startCluster();
    const client = await cluster.submitJob(b.build());
    const [e, o, oc] = await Promise.all([
      drain(client.collect<number>(evens)),
      drain(client.collect<number>(odds)),
      drain(client.collect<number>(oddsChained)),
    ]);
    const odd = range(20).filter((x) => x % 2 === 1);
    expect(e).toEqual(range(20).filter((x) => x % 2 === 0));
    expect(o.sort((x, y) => x - y)).toEqual(odd);
    expect(oc).toEqual(odd);
  });

  it("gives operators their runtime context and job parameters", async () => {
    const b = new TestJobBuilder("ctx job").withSettings({
      args: ["--input", "in.txt", "--verbose", "--offset", "-5"],
      config: { "parallelism.default": "3", input: "from-config" },
    });
    const v = b.vertex({ parallelism: 3, maxParallelism: 256 });
    const src = b.operator(v, "Source", listSource([0, 1, 2]));
    const seen: Record<string, unknown>[] = [];
    b.operator(
      v,
      "Inspect",
      () =>
        new CallbackSink<number>({
          onOpen: (ctx) => {
            const rc = ctx.runtimeContext;
            seen.push({
              name: rc.getTaskNameWithSubtasks(),
              index: rc.getIndexOfThisSubtask(),
              p: rc.getNumberOfParallelSubtasks(),
              maxP: rc.getMaxNumberOfParallelSubtasks(),
              attempt: rc.getAttemptNumber(),
              jobIdLength: rc.getJobId().length,
              args: rc.getJobArgs(),
              params: rc.getJobParameters(),
              mode: ctx.runtimeMode,
            });
          },
        }),
      { inputs: [[{ from: src }]] },
    );
    const cluster = await startCluster();
    const client = await cluster.submitJob(b.build());
    await client.getJobExecutionResult();
    seen.sort((x, y) => (x.index as number) - (y.index as number));
    expect(seen.map((s) => s.name)).toEqual([
      "Source -> Inspect (1/3)",
      "Source -> Inspect (2/3)",
      "Source -> Inspect (3/3)",
    ]);
    expect(seen[1]).toMatchObject({
      index: 1,
      p: 3,
      maxP: 256,
      attempt: 0,
      jobIdLength: 32,
      args: ["--input", "in.txt", "--verbose", "--offset", "-5"],
      params: { "parallelism.default": "3", input: "in.txt", verbose: "true", offset: "-5" },
      mode: "STREAMING",
    });
  });

  it("runs a FLIP-27 source through its coordinator and closes the enumerator", async () => {
    let closed = 0;
    const splits = range(6).map((i) => ({ id: `s${i}`, values: range(10, i * 100) }));
    const source = new ValuesSplitSource(splits, { onEnumeratorClosed: () => closed++ });
    const b = new TestJobBuilder();
    const v = b.vertex({ parallelism: 2 });
    const src = b.operator(v, "Source: splits", () => new ReaderSourceOp(source), { kind: "source", source });
    const sink = b.operator(v, "Sink", () => new TestCollectSink(), {
      kind: "collectSink",
      inputs: [[{ from: src }]],
    });
    const cluster = await startCluster();
    const client = await cluster.submitJob(b.build());
    const out = await drain(client.collect<number>(sink));
    await client.getJobExecutionResult();
    expect(out.sort((x, y) => x - y)).toEqual(splits.flatMap((s) => s.values));
    expect(closed).toBe(1);
  });

  it("runs periodic callAsync of an enumerator on the injected clock until the job ends", async () => {
    const clock = new ManualClock(1_000);
    const calls: number[] = [];
    const source = new ValuesSplitSource([]);
    source.createEnumerator = (ctx) => {
      const waiting: number[] = [];
      return {
        start() {
          ctx.callAsync(
            async () => ctx.clock.now(),
            (t) => {
              calls.push(t ?? -1);
              // The third periodic result ends the (otherwise idle) source.
              if (calls.length === 3) for (const s of waiting.splice(0)) ctx.signalNoMoreSplits(s);
            },
            100,
            50,
          );
        },
        handleSplitRequest: (subtask) => void waiting.push(subtask),
        addSplitsBack() {},
        addReader() {},
        snapshotState: () => [],
        close() {},
      };
    };
    const b = new TestJobBuilder();
    const v = b.vertex({ parallelism: 1 });
    const src = b.operator(v, "Source", () => new ReaderSourceOp(source), { kind: "source", source });
    b.operator(v, "Sink", () => new CallbackSink(), { inputs: [[{ from: src }]] });
    const cluster = await startCluster({ clock });
    const client = await cluster.submitJob(b.build());
    for (let i = 0; i < 100 && calls.length < 3; i++) {
      for (let t = 0; t < 20; t++) await new Promise<void>((r) => setImmediate(r));
      clock.advance(50);
    }
    await client.getJobExecutionResult();
    expect(calls).toEqual([1_100, 1_150, 1_200]);
    expect(clock.pendingTimers()).toBe(0);
  });
});
