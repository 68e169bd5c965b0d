import { describe, expect, it } from "vitest";
import { canonicalJson, describeFirstDifference, fingerprintJobGraph } from "./fingerprint.js";
import type { JobGraph, JobVertex, OperatorSpec } from "./jobgraph.js";

const op = (id: string, name: string, kind: string, inputs: OperatorSpec["inputs"] = []): OperatorSpec => ({
  id,
  name,
  kind,
  inputs,
  keyedInputs: inputs.map(() => false),
});

function graph(
  options: {
    mapParallelism?: number;
    chained?: boolean;
    args?: string[];
    extra?: boolean;
    config?: Record<string, string>;
  } = {},
): JobGraph {
  const source = op("a".repeat(32), "Collection Source", "source");
  const map = op("b".repeat(32), "Map", "map", [
    [
      options.chained === false
        ? { kind: "edge", edgeId: "e".repeat(32) }
        : { kind: "chained", operatorId: source.id },
    ],
  ]);
  const sinkInputs: OperatorSpec["inputs"] = [[{ kind: "chained", operatorId: map.id }]];
  const sink = op("c".repeat(32), "Print to Std. Out", "sink", sinkInputs);
  const vertex = (head: OperatorSpec, ops: OperatorSpec[], parallelism = 1): JobVertex => ({
    id: head.id,
    name: ops.map((o) => o.name).join(" -> "),
    parallelism,
    maxParallelism: 128,
    slotSharingGroup: "default",
    operators: ops,
  });
  const extra = options.extra
    ? [vertex(op("d".repeat(32), "Filter", "filter"), [op("d".repeat(32), "Filter", "filter")])]
    : [];
  const vertices =
    options.chained === false
      ? [vertex(source, [source]), vertex(map, [map, sink], options.mapParallelism ?? 1)]
      : [vertex(source, [source, map, sink], options.mapParallelism ?? 1)];
  return {
    jobName: "job",
    settings: {
      runtimeMode: "STREAMING",
      bufferTimeoutMs: 100,
      args: options.args ?? [],
      config: options.config ?? { "parallelism.default": "1" },
      autoWatermarkIntervalMs: 200,
    },
    vertices: [...vertices, ...extra],
    edges:
      options.chained === false
        ? [
            {
              id: "e".repeat(32),
              sourceVertexId: source.id,
              sourceOperatorId: source.id,
              targetVertexId: map.id,
              targetOperatorId: map.id,
              targetInput: 0,
              partitioner: "forward",
              exchangeMode: "pipelined",
            },
          ]
        : [],
  };
}

describe("fingerprintJobGraph", () => {
  it("is a sha256 hex, equal for equal graphs, independent of key order, args and job name", () => {
    const fp = fingerprintJobGraph(graph());
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprintJobGraph(graph())).toBe(fp);
    expect(fingerprintJobGraph({ ...graph({ args: ["--x", "1"] }), jobName: "other" })).toBe(fp);
    const reordered = JSON.parse(canonicalJson(graph())) as JobGraph;
    expect(fingerprintJobGraph(reordered)).toBe(fp);
    expect(fingerprintJobGraph(graph({ mapParallelism: 2 }))).not.toBe(fp);
    expect(describeFirstDifference(graph(), graph({ args: ["a"] }))).toBeUndefined();
  });

  it("canonicalJson sorts keys at every level and drops undefined fields", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"z":1}]},"b":1}',
    );
  });
});

describe("describeFirstDifference", () => {
  it("names the first differing operator by name and id, and what differs", () => {
    expect(describeFirstDifference(graph(), graph({ mapParallelism: 2 }))).toBe(
      `operator 'Collection Source' (id ${"a".repeat(32)}) differs in parallelism: expected 1, actual 2`,
    );
  });

  it("reports chaining differences", () => {
    const d = describeFirstDifference(graph(), graph({ chained: false }));
    expect(d).toContain(`operator 'Map' (id ${"b".repeat(32)}) differs in chaining (chain head)`);
  });

  it("reports missing and extra operators", () => {
    expect(describeFirstDifference(graph({ extra: true }), graph())).toBe(
      `operator 'Filter' (id ${"d".repeat(32)}) is missing from the actual graph`,
    );
    expect(describeFirstDifference(graph(), graph({ extra: true }))).toBe(
      `operator 'Filter' (id ${"d".repeat(32)}) is only in the actual graph`,
    );
  });

  it("reports configuration differences when the operators agree", () => {
    expect(describeFirstDifference(graph(), graph({ config: { "parallelism.default": "2" } }))).toBe(
      `configuration key 'parallelism.default' differs: expected "1", actual "2"`,
    );
  });
});
