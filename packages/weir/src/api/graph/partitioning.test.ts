import { describe, expect, it } from "vitest";
import { JobDefinitionError } from "../../core/errors.js";
import type { DataStream } from "../datastream.js";
import { StreamExecutionEnvironment } from "../environment.js";

type Row = [string, number];

function edgeOf(build: (s: DataStream<Row>) => DataStream<Row>, parallelism = 2) {
  const env = new StreamExecutionEnvironment({ "parallelism.default": String(parallelism) });
  build(env.fromSequence(1, 10).map((n): Row => [`k${n % 3}`, n])).print();
  const pipeline = env.getPipeline();
  expect(pipeline.jobGraph.edges).toHaveLength(1);
  return { edge: pipeline.jobGraph.edges[0]!, pipeline };
}

describe("partitioner per API call", () => {
  it.each([
    ["rebalance", (s: DataStream<Row>) => s.rebalance()],
    ["rescale", (s: DataStream<Row>) => s.rescale()],
    ["shuffle", (s: DataStream<Row>) => s.shuffle()],
    ["broadcast", (s: DataStream<Row>) => s.broadcast()],
    ["global", (s: DataStream<Row>) => s.global()],
  ] as const)("%s()", (kind, build) => {
    const { edge, pipeline } = edgeOf(build);
    expect(edge.partitioner).toBe(kind);
    expect(pipeline.edgeKeySelectors.size).toBe(0);
  });

  it("forward() chains; with chaining disabled it is a forward JobEdge", () => {
    const env = new StreamExecutionEnvironment({ "parallelism.default": "2" });
    env.fromSequence(1, 2).forward().print();
    expect(env.getJobGraph().edges).toEqual([]);
    expect(env.getJobGraph().vertices).toHaveLength(1);
    env.disableOperatorChaining();
    expect(env.getJobGraph().edges.map((e) => e.partitioner)).toEqual(["forward"]);
  });

  it("keyBy → hash, with the key selector registered under the edge id", () => {
    const { edge, pipeline } = edgeOf((s) => s.keyBy((r) => r[0]).map((x) => x));
    expect(edge.partitioner).toBe("hash");
    expect(pipeline.edgeKeySelectors.get(edge.id)?.(["k1", 4])).toBe("k1");
    expect(pipeline.customPartitioners.size).toBe(0);
  });

  it("keyBy(field) reads a tuple position or a property", () => {
    const { edge, pipeline } = edgeOf((s) => s.keyBy(1).map((x) => x));
    expect(pipeline.edgeKeySelectors.get(edge.id)?.(["k1", 4])).toBe(4);
    const env = new StreamExecutionEnvironment();
    env.fromElements({ word: "a", n: 1 }).keyBy("word").sum("n").print();
    const p = env.getPipeline();
    expect(p.edgeKeySelectors.get(p.jobGraph.edges[0]!.id)?.({ word: "w", n: 1 })).toBe("w");
  });

  it("keyBy with a KeySelector object", () => {
    const { edge, pipeline } = edgeOf((s) => s.keyBy({ getKey: (r) => r[0].toUpperCase() }).map((x) => x));
    expect(pipeline.edgeKeySelectors.get(edge.id)?.(["ab", 1])).toBe("AB");
  });

  it("partitionCustom → custom, with key selector and partitioner registered", () => {
    const { edge, pipeline } = edgeOf((s) => s.partitionCustom((key: number, n) => key % n, 1));
    expect(edge.partitioner).toBe("custom");
    expect(pipeline.edgeKeySelectors.get(edge.id)?.(["x", 5])).toBe(5);
    expect(pipeline.customPartitioners.get(edge.id)?.(5, 2)).toBe(1);
    const other = edgeOf((s) => s.partitionCustom({ partition: () => 0 }, (r) => r[0]));
    expect(other.pipeline.customPartitioners.get(other.edge.id)?.("k", 2)).toBe(0);
  });

  it("defaults: forward at equal parallelism (chained), rebalance otherwise", () => {
    const env = new StreamExecutionEnvironment({ "parallelism.default": "2" });
    env
      .fromSequence(1, 2)
      .map((x) => x)
      .setParallelism(3)
      .print()
      .setParallelism(3);
    const g = env.getJobGraph();
    expect(g.vertices.map((v) => v.name)).toEqual([
      "Source: Sequence Source",
      "Map -> Sink: Print to Std. Out",
    ]);
    expect(g.edges[0]!.partitioner).toBe("rebalance");
  });

  it("the last partitioning applied wins", () => {
    const { edge } = edgeOf((s) => s.rebalance().shuffle().broadcast());
    expect(edge.partitioner).toBe("broadcast");
  });

  it("explicit forward across a parallelism change is an error", () => {
    const env = new StreamExecutionEnvironment({ "parallelism.default": "2" });
    env
      .fromElements(1)
      .forward()
      .map((x) => x)
      .print();
    expect(() => env.getJobGraph()).toThrow(JobDefinitionError);
    expect(() => env.getJobGraph()).toThrow(/Forward partitioning does not allow change of parallelism/);
  });
});
