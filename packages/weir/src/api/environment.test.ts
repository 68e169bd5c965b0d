import os from "node:os";
import { describe, expect, it } from "vitest";
import { JobDefinitionError } from "../core/errors.js";
import { fingerprintJobGraph } from "../core/fingerprint.js";
import type { RuntimeContext } from "../operators/contract.js";
import { COLLECT_SINK_OPERATOR_KIND } from "../operators/coordination.js";
import {
  capturePipeline,
  type JobClient,
  type JobStatus,
  type Pipeline,
  type PipelineExecutor,
  runWithExecutionContext,
  setDefaultExecutorFactory,
} from "../operators/executor.js";
import { StreamFlatMap } from "../operators/flat-map.js";
import type { Collector, MapFunction } from "../operators/functions.js";
import { StreamGroupedReduceOperator } from "../operators/grouped-reduce.js";
import type { StreamMap } from "../operators/map.js";
import { SinkWriterOperator } from "../operators/sink-writer.js";
import { SourceOperator } from "../operators/source.js";
import { OperatorTestHarness } from "../operators/testing/harness.js";
import { StreamExecutionEnvironment } from "./environment.js";
import { RuntimeExecutionMode } from "./runtime-mode.js";

/** Pins parallelism 1: the default follows the machine's cores. */
const P1 = { "parallelism.default": "1" };

/** An executor whose jobs "emit" `values` on every collect sink; records what it was given. */
function fakeExecutor(values: () => AsyncIterable<unknown> | Iterable<unknown> = () => []) {
  const state = { pipelines: [] as Pipeline[], cancels: 0, collectedFrom: [] as string[] };
  const executor: PipelineExecutor = {
    execute: async (pipeline) => {
      state.pipelines.push(pipeline);
      let status: JobStatus = "RUNNING";
      const client: JobClient = {
        jobId: "job-1",
        getJobStatus: async () => status,
        cancel: async () => {
          state.cancels++;
          status = "CANCELED";
        },
        getJobExecutionResult: async () => ({
          jobId: "job-1",
          jobName: pipeline.jobGraph.jobName,
          netRuntimeMs: 1,
        }),
        collect: <T>(operatorId: string): AsyncIterable<T> => {
          state.collectedFrom.push(operatorId);
          return (async function* () {
            for await (const v of values()) {
              if (status === "CANCELED") return;
              yield v as T;
            }
          })();
        },
      };
      return client;
    },
  };
  return { executor, state };
}

function tokenize(line: string, out: Collector<[string, number]>): void {
  for (const w of line.split(" ")) out.collect([w, 1]);
}

function wordCountJob(env: StreamExecutionEnvironment): void {
  env
    .fromElements("to be or not to be")
    .flatMap(tokenize)
    .keyBy((p) => p[0])
    .sum(1)
    .print();
}

describe("StreamExecutionEnvironment configuration", () => {
  it("merges the execution context's config with the argument (the argument wins)", () => {
    const { executor } = fakeExecutor();
    const env = runWithExecutionContext(
      { mode: "execute", config: { "parallelism.default": "3", a: "ctx", b: "ctx" }, args: [], executor },
      () => StreamExecutionEnvironment.getExecutionEnvironment({ b: "arg" }),
    );
    expect(env.getParallelism()).toBe(3);
    expect(env.getConfiguration()).toEqual({ "parallelism.default": "3", a: "ctx", b: "arg" });
  });

  it("setters write Flink's keys, which travel in settings.config", () => {
    const env = new StreamExecutionEnvironment(P1)
      .setParallelism(4)
      .setMaxParallelism(512)
      .setBufferTimeout(-1)
      .setRuntimeMode(RuntimeExecutionMode.BATCH);
    env.getConfig().setAutoWatermarkInterval(50).enableObjectReuse();
    expect(env.getParallelism()).toBe(4);
    expect(env.getMaxParallelism()).toBe(512);
    expect(env.getRuntimeMode()).toBe("BATCH");
    wordCountJob(env);
    const g = env.getJobGraph();
    expect(g.settings.config).toMatchObject({
      "parallelism.default": "4",
      "pipeline.max-parallelism": "512",
      "execution.buffer-timeout": "-1",
      "execution.runtime-mode": "BATCH",
      "pipeline.auto-watermark-interval": "50",
      "pipeline.object-reuse": "true",
    });
    expect(g.settings.bufferTimeoutMs).toBe(-1);
    expect(g.vertices.map((v) => v.maxParallelism)).toEqual([512, 512, 512]);
  });

  it("defaults: parallelism = cores, STREAMING, 100 ms buffer timeout, Flink's max parallelism rule", () => {
    expect(new StreamExecutionEnvironment().getParallelism()).toBe(os.availableParallelism());
    const env = new StreamExecutionEnvironment(P1);
    expect(env.getParallelism()).toBe(1);
    expect(env.getRuntimeMode()).toBe("STREAMING");
    expect(env.getBufferTimeout()).toBe(100);
    env
      .fromSequence(1, 10)
      .map((x) => x)
      .setParallelism(200)
      .print();
    const g = env.getJobGraph();
    expect(g.vertices.map((v) => [v.parallelism, v.maxParallelism])).toEqual([
      [1, 128],
      [200, 512],
      [1, 128],
    ]);
    expect(g.jobName).toBe("Weir Streaming Job");
    const named = new StreamExecutionEnvironment({ "pipeline.name": "Named" });
    named.fromElements(1).print();
    expect(named.getJobGraph().jobName).toBe("Named");
    expect(named.getJobGraph("Explicit").jobName).toBe("Explicit");
  });

  it("rejects bad settings with JobDefinitionErrors", () => {
    const env = new StreamExecutionEnvironment(P1);
    expect(() => env.setParallelism(0)).toThrow(JobDefinitionError);
    expect(() => env.setRuntimeMode("FAST" as RuntimeExecutionMode)).toThrow(/unknown mode/);
    expect(() => env.setBufferTimeout(-2)).toThrow(JobDefinitionError);
    expect(() => env.fromElements()).toThrow(/at least one element/);
    expect(() => env.fromElements(1).setParallelism(2)).toThrow(/non parallel operator/);
    expect(() =>
      env
        .fromElements(1)
        .map((x) => x)
        .setParallelism(1.5),
    ).toThrow(/integer/);
    const foreign = new StreamExecutionEnvironment(P1).fromElements(2);
    expect(() => env.fromElements(1).union(foreign)).toThrow(/different execution environments/);
    expect(() => env.fromElements(1).connect(foreign)).toThrow(/different execution environments/);
    env
      .fromSequence(1, 2)
      .map((x) => x)
      .setParallelism(8)
      .setMaxParallelism(4)
      .print();
    expect(() => env.getJobGraph()).toThrow(/parallelism 8 above its max parallelism 4/);
  });

  it("explicit per-operator settings: name, uid, max parallelism, sink settings", () => {
    const env = new StreamExecutionEnvironment(P1);
    const mapped = env
      .fromElements(1)
      .name("numbers")
      .map((x) => x)
      .name("double")
      .uid("double")
      .setMaxParallelism(1024);
    mapped.print().name("out").setParallelism(1).disableChaining();
    expect(mapped.getName()).toBe("double");
    const g = env.getJobGraph();
    expect(g.vertices.map((v) => v.name)).toEqual(["Source: numbers -> double", "Sink: out"]);
    expect(g.vertices[0]!.operators[1]).toMatchObject({ uid: "double", name: "double" });
    expect(g.vertices[0]!.maxParallelism).toBe(128);
  });

  it("sources: names, parallelism and boundedness", () => {
    const env = new StreamExecutionEnvironment({ "parallelism.default": "3" });
    env.fromCollection(new Set([1, 2])).print();
    env.fromSequence(1, 100).print();
    env.readTextFile("/tmp/does-not-matter.txt").print();
    env.socketTextStream("localhost", 9).print();
    env.addSource({ run: async () => {}, cancel: () => {} }).print();
    env.addSource(() => ({ run: async () => {}, cancel: () => {} }), "Parallel", { parallel: true }).print();
    expect(env.fromElements(1).getParallelism()).toBe(1);
    expect(env.fromSequence(1, 2).getParallelism()).toBe(3);
    expect(env.fromSequence(1, 2).setParallelism(2).rebalance().getParallelism()).toBe(3);
    const heads = env.getJobGraph().vertices.filter((v) => v.operators[0]!.kind === "source");
    expect(heads.map((v) => [v.name, v.parallelism, v.operators[0]!.boundedness])).toEqual([
      ["Source: Collection Source", 1, "BOUNDED"],
      ["Source: Sequence Source -> Sink: Print to Std. Out", 3, "BOUNDED"],
      ["Source: Custom File Source -> Sink: Print to Std. Out", 3, "BOUNDED"],
      ["Source: Socket Stream", 1, "CONTINUOUS_UNBOUNDED"],
      ["Source: Custom Source", 1, "CONTINUOUS_UNBOUNDED"],
      ["Source: Parallel -> Sink: Print to Std. Out", 3, "CONTINUOUS_UNBOUNDED"],
    ]);
  });
});

describe("pipelines and execution", () => {
  it("the pipeline carries one factory per operator and the sources by operator id", () => {
    const env = new StreamExecutionEnvironment(P1);
    wordCountJob(env);
    const p = env.getPipeline();
    const ops = p.jobGraph.vertices.flatMap((v) => v.operators);
    expect([...p.operatorFactories.keys()].sort()).toEqual(ops.map((o) => o.id).sort());
    const instances = ops.map((o) => p.operatorFactories.get(o.id)!());
    expect(instances[0]).toBeInstanceOf(SourceOperator);
    expect(instances[1]).toBeInstanceOf(StreamFlatMap);
    expect(instances[2]).toBeInstanceOf(StreamGroupedReduceOperator);
    expect(instances[3]).toBeInstanceOf(SinkWriterOperator);
    expect(p.operatorFactories.get(ops[1]!.id)!()).not.toBe(instances[1]);
    expect([...p.sources.keys()]).toEqual([ops[0]!.id]);
  });

  it("each subtask's operator gets its own copy of a function object (as Flink deserializes one per subtask)", async () => {
    class TagSubtask implements MapFunction<number, [number, number]> {
      private subtask = -1;
      open(ctx: RuntimeContext): void {
        this.subtask = ctx.getIndexOfThisSubtask();
      }
      map(value: number): [number, number] {
        return [this.subtask, value];
      }
    }
    const env = new StreamExecutionEnvironment({ "parallelism.default": "2" });
    env.fromSequence(1, 2).map(new TagSubtask()).print();
    const p = env.getPipeline();
    const mapId = p.jobGraph.vertices[0]!.operators[1]!.id;
    const harnesses = [0, 1].map(
      (subtaskIndex) =>
        new OperatorTestHarness(p.operatorFactories.get(mapId)!() as StreamMap<number, [number, number]>, {
          parallelism: 2,
          subtaskIndex,
        }),
    );
    for (const h of harnesses) await h.open();
    for (const h of harnesses) h.processElement(7);
    expect(harnesses.map((h) => h.getOutput())).toEqual([[[0, 7]], [[1, 7]]]);
  });

  it("execute() hands the pipeline to the context's executor and resets the environment", async () => {
    const { executor, state } = fakeExecutor();
    await runWithExecutionContext(
      { mode: "execute", config: {}, args: ["--in", "x"], executor },
      async () => {
        const env = StreamExecutionEnvironment.getExecutionEnvironment();
        wordCountJob(env);
        const result = await env.execute("WordCount");
        expect(result).toEqual({ jobId: "job-1", jobName: "WordCount", netRuntimeMs: 1 });
        await expect(env.execute()).rejects.toThrow(/No operators defined/);
      },
    );
    expect(state.pipelines).toHaveLength(1);
    expect(state.pipelines[0]!.jobGraph.settings.args).toEqual(["--in", "x"]);
  });

  it("without a context, the registered default executor gets the environment's config", async () => {
    const { executor, state } = fakeExecutor();
    let configSeen: Readonly<Record<string, string>> | undefined;
    setDefaultExecutorFactory(async (config) => {
      configSeen = config;
      return executor;
    });
    const env = new StreamExecutionEnvironment({ x: "1" });
    env.fromElements(1).print();
    const client = await env.executeAsync();
    expect(client.jobId).toBe("job-1");
    expect(configSeen).toEqual({ x: "1" });
    expect(state.pipelines).toHaveLength(1);
  });

  it("capture mode returns the pipeline and aborts main at execute()", async () => {
    let afterExecute = false;
    const main = async (args: string[]) => {
      const env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(Number(args[0]));
      wordCountJob(env);
      await env.execute("captured");
      afterExecute = true;
    };
    const first = await capturePipeline(main, ["2"], { "execution.runtime-mode": "BATCH" });
    const second = await capturePipeline(main, ["2"], { "execution.runtime-mode": "BATCH" });
    expect(afterExecute).toBe(false);
    expect(first.jobGraph.jobName).toBe("captured");
    expect(first.jobGraph.settings.runtimeMode).toBe("BATCH");
    expect(first.jobGraph.settings.args).toEqual(["2"]);
    expect(second.jobGraph).toEqual(first.jobGraph);
    expect(fingerprintJobGraph(second.jobGraph)).toBe(fingerprintJobGraph(first.jobGraph));
  });

  it("executeAndCollect adds a collect sink (parallelism 1) and reads it", async () => {
    const { executor, state } = fakeExecutor(() => [1, 2, 3]);
    const collected = await runWithExecutionContext(
      { mode: "execute", config: {}, args: [], executor },
      () => {
        const env = StreamExecutionEnvironment.getExecutionEnvironment({ "parallelism.default": "2" });
        return env
          .fromSequence(1, 3)
          .map((x) => x)
          .executeAndCollect("collect job");
      },
    );
    expect(collected).toEqual([1, 2, 3]);
    const g = state.pipelines[0]!.jobGraph;
    const sink = g.vertices.flatMap((v) => v.operators).find((o) => o.kind === COLLECT_SINK_OPERATOR_KIND)!;
    expect(state.collectedFrom).toEqual([sink.id]);
    expect(g.vertices.find((v) => v.operators.includes(sink))!).toMatchObject({
      name: "Sink: Data stream collect sink",
      parallelism: 1,
    });
    expect(g.jobName).toBe("collect job");
    expect(state.cancels).toBe(0);
  });

  it("executeAndCollect({limit}) cancels the job once enough values arrived", async () => {
    async function* endless() {
      for (let i = 0; ; i++) yield i;
    }
    const { executor, state } = fakeExecutor(endless);
    const collected = await runWithExecutionContext({ mode: "execute", config: {}, args: [], executor }, () =>
      new StreamExecutionEnvironment(P1).fromSequence(0, 10).executeAndCollect({ limit: 4 }),
    );
    expect(collected).toEqual([0, 1, 2, 3]);
    expect(state.cancels).toBe(1);
    await expect(
      new StreamExecutionEnvironment(P1).fromElements(1).executeAndCollect({ limit: 0 }),
    ).rejects.toThrow(/limit must be a positive integer/);
  });

  it("executeAndCollectStream submits on iteration and cancels when the loop ends early", async () => {
    async function* endless() {
      for (let i = 0; ; i++) yield `v${i}`;
    }
    const { executor, state } = fakeExecutor(endless);
    const seen: string[] = [];
    await runWithExecutionContext({ mode: "execute", config: {}, args: [], executor }, async () => {
      const stream = new StreamExecutionEnvironment(P1)
        .socketTextStream("localhost", 9)
        .executeAndCollectStream();
      expect(state.pipelines).toHaveLength(0);
      for await (const v of stream) {
        seen.push(v);
        if (seen.length === 3) break;
      }
    });
    expect(seen).toEqual(["v0", "v1", "v2"]);
    expect(state.pipelines).toHaveLength(1);
    expect(state.cancels).toBe(1);
  });
});
