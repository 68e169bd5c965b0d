import { describe, expect, it } from "vitest";
import type { JobGraph } from "../../core/jobgraph.js";
import type { Collector } from "../../operators/functions.js";
import { OutputTag } from "../../operators/output-tag.js";
import { StreamExecutionEnvironment } from "../environment.js";

/** Parallelism 1 unless a test says otherwise: the default follows the machine's cores. */
const env = (config: Record<string, string> = {}) =>
  new StreamExecutionEnvironment({ "parallelism.default": "1", ...config });
const names = (g: JobGraph) => g.vertices.map((v) => v.name);
const tokenize = (line: string, out: Collector<[string, number]>) => {
  for (const w of line.split(" ")) out.collect([w, 1]);
};

describe("operator chaining", () => {
  it("chains forward edges of equal parallelism into one vertex, head first", () => {
    const e = env();
    e.fromElements(1, 2)
      .map((x) => x + 1)
      .filter((x) => x > 1)
      .print();
    const g = e.getJobGraph();
    expect(names(g)).toEqual(["Source: Collection Source -> Map -> Filter -> Sink: Print to Std. Out"]);
    expect(g.edges).toEqual([]);
    const [source, map] = g.vertices[0]!.operators;
    expect(source!.kind).toBe("source");
    expect(map!.inputs).toEqual([[{ kind: "chained", operatorId: source!.id }]]);
    expect(g.vertices[0]!.id).toBe(source!.id);
  });

  it("breaks the chain at a parallelism change (with a rebalance edge)", () => {
    const e = env({ "parallelism.default": "4" });
    e.fromElements("a b").flatMap(tokenize).print();
    const g = e.getJobGraph();
    expect(names(g)).toEqual(["Source: Collection Source", "Flat Map -> Sink: Print to Std. Out"]);
    expect(g.vertices.map((v) => v.parallelism)).toEqual([1, 4]);
    expect(g.edges).toHaveLength(1);
    expect(g.edges[0]).toMatchObject({ partitioner: "rebalance", exchangeMode: "pipelined", targetInput: 0 });
    expect(g.vertices[1]!.operators[0]!.inputs).toEqual([[{ kind: "edge", edgeId: g.edges[0]!.id }]]);
  });

  it("breaks the chain at keyBy (hash edge, keyed input) — WordCount's shape", () => {
    const e = env();
    e.fromElements("to be or not to be")
      .flatMap(tokenize)
      .keyBy((p) => p[0])
      .sum(1)
      .print();
    const g = e.getJobGraph();
    expect(names(g)).toEqual([
      "Source: Collection Source -> Flat Map",
      "Keyed Aggregation -> Sink: Print to Std. Out",
    ]);
    expect(g.edges.map((x) => x.partitioner)).toEqual(["hash"]);
    const agg = g.vertices[1]!.operators[0]!;
    expect(agg.kind).toBe("keyedReduce");
    expect(agg.keyedInputs).toEqual([true]);
    expect(agg.params).toEqual({ aggregation: "sum", field: 1 });
    expect(g.vertices[1]!.operators[1]!.keyedInputs).toEqual([false]);
  });

  it("disableChaining isolates the operator on both sides", () => {
    const e = env();
    e.fromElements(1)
      .map((x) => x)
      .disableChaining()
      .filter(() => true)
      .print();
    expect(names(e.getJobGraph())).toEqual([
      "Source: Collection Source",
      "Map",
      "Filter -> Sink: Print to Std. Out",
    ]);
    const g = e.getJobGraph();
    expect(g.edges.map((x) => x.partitioner)).toEqual(["forward", "forward"]);
  });

  it("startNewChain breaks only towards the input", () => {
    const e = env();
    e.fromElements(1)
      .map((x) => x)
      .filter(() => true)
      .startNewChain()
      .map(String)
      .print();
    expect(names(e.getJobGraph())).toEqual([
      "Source: Collection Source -> Map",
      "Filter -> Map -> Sink: Print to Std. Out",
    ]);
  });

  it("breaks at slot-sharing-group boundaries; successors inherit the group", () => {
    const e = env();
    e.fromElements(1)
      .map((x) => x)
      .slotSharingGroup("heavy")
      .filter(() => true)
      .print();
    const g = e.getJobGraph();
    expect(names(g)).toEqual(["Source: Collection Source", "Map -> Filter -> Sink: Print to Std. Out"]);
    expect(g.vertices.map((v) => v.slotSharingGroup)).toEqual(["default", "heavy"]);
  });

  it("disableOperatorChaining turns every operator into its own vertex", () => {
    const e = env().disableOperatorChaining();
    e.fromElements(1)
      .map((x) => x)
      .print();
    expect(names(e.getJobGraph())).toEqual(["Source: Collection Source", "Map", "Sink: Print to Std. Out"]);
    expect(env({ "pipeline.operator-chaining": "false" }).isChainingEnabled()).toBe(false);
  });

  it("an operator after a union is a head with one edge per union member", () => {
    const e = env();
    const a = e.fromElements(1);
    const b = e.fromElements(2);
    a.union(b)
      .map((x) => x * 10)
      .print();
    const g = e.getJobGraph();
    expect(names(g)).toEqual([
      "Source: Collection Source",
      "Source: Collection Source",
      "Map -> Sink: Print to Std. Out",
    ]);
    const map = g.vertices[2]!.operators[0]!;
    expect(map.inputs[0]).toHaveLength(2);
    expect(map.inputs[0]!.every((i) => i.kind === "edge")).toBe(true);
    expect(g.edges.map((x) => [x.partitioner, x.targetInput])).toEqual([
      ["forward", 0],
      ["forward", 0],
    ]);
  });

  it("two-input operators are heads; their successors chain to them", () => {
    const e = env();
    const nums = e.fromElements(1);
    const strs = e.fromElements("x");
    nums
      .connect(strs)
      .map({ map1: (n) => `n${n}`, map2: (s) => `s${s}` })
      .print();
    const g = e.getJobGraph();
    expect(names(g)).toEqual([
      "Source: Collection Source",
      "Source: Collection Source",
      "Co-Map -> Sink: Print to Std. Out",
    ]);
    const coMap = g.vertices[2]!.operators[0]!;
    expect(coMap.inputs.map((i) => i.length)).toEqual([1, 1]);
    expect(g.edges.map((x) => x.targetInput)).toEqual([0, 1]);
  });

  it("keyed connected streams have two keyed inputs", () => {
    const e = env();
    const a = e.fromElements<[string, number]>(["k", 1]);
    const b = e.fromElements({ id: "k", label: "x" });
    a.connect(b)
      .keyBy(0, "id")
      .flatMap<string>({
        flatMap1: (v, out) => out.collect(v[0]),
        flatMap2: (v, out) => out.collect(v.label),
      })
      .print();
    const g = e.getJobGraph();
    const coFlatMap = g.vertices.find((v) => v.name.startsWith("Co-Flat Map"))!.operators[0]!;
    expect(coFlatMap.keyedInputs).toEqual([true, true]);
    expect(g.edges.map((x) => x.partitioner)).toEqual(["hash", "hash"]);
  });

  it("sources are always chain heads, even after startNewChain downstream", () => {
    const e = env();
    e.fromSequence(1, 10)
      .map((x) => x)
      .print();
    const g = e.getJobGraph();
    expect(names(g)).toEqual(["Source: Sequence Source -> Map -> Sink: Print to Std. Out"]);
    expect(g.vertices[0]!.operators[0]!.boundedness).toBe("BOUNDED");
  });

  it("names forked chains Flink-style and chains side outputs with their tag", () => {
    const e = env();
    const late = new OutputTag<string>("late");
    const processed = e.fromElements(1, 2).process<number>((v, ctx, out) => {
      if (v > 1) ctx.output(late, `late ${v}`);
      else out.collect(v);
    });
    processed.print();
    processed.getSideOutput(late).printToErr();
    const g = e.getJobGraph();
    expect(names(g)).toEqual([
      "Source: Collection Source -> Process -> (Sink: Print to Std. Out, Sink: Print to Std. Err)",
    ]);
    const [, process, out, err] = g.vertices[0]!.operators;
    expect(out!.inputs).toEqual([[{ kind: "chained", operatorId: process!.id }]]);
    expect(err!.inputs).toEqual([[{ kind: "chained", operatorId: process!.id, sideOutputTag: "late" }]]);
  });

  it("side outputs over a network edge carry the tag on the JobEdge", () => {
    const e = env();
    const late = new OutputTag<string>("late");
    const processed = e.fromElements(1).process<number>((v, ctx) => ctx.output(late, String(v)));
    processed.getSideOutput(late).rebalance().print();
    const g = e.getJobGraph();
    expect(g.edges).toHaveLength(1);
    expect(g.edges[0]).toMatchObject({ sideOutputTag: "late", partitioner: "rebalance" });
  });
});
