import { describe, expect, it } from "vitest";
import type { JobEdge, JobGraph, JobVertex } from "../../core/jobgraph.js";
import { computePipelinedRegions, minimumSlots } from "./pipelined-regions.js";

function vertex(id: string, parallelism: number, group = "default"): JobVertex {
  return { id, name: id, parallelism, maxParallelism: 128, slotSharingGroup: group, operators: [] };
}

function edge(from: string, to: string, partitioner: JobEdge["partitioner"], blocking: boolean): JobEdge {
  return {
    id: `${from}-${to}`,
    sourceVertexId: from,
    sourceOperatorId: from,
    targetVertexId: to,
    targetOperatorId: to,
    targetInput: 0,
    partitioner,
    exchangeMode: blocking ? "blocking" : "pipelined",
  };
}

function graph(vertices: JobVertex[], edges: JobEdge[]): JobGraph {
  return {
    jobName: "g",
    settings: { runtimeMode: "BATCH", bufferTimeoutMs: -1, args: [], config: {}, autoWatermarkIntervalMs: 0 },
    vertices,
    edges,
  };
}

describe("pipelined regions", () => {
  it("BATCH: forward edges join subtask i with subtask i; blocking edges separate regions", () => {
    const g = graph(
      [vertex("src", 4), vertex("map", 4), vertex("agg", 8)],
      [edge("src", "map", "forward", false), edge("map", "agg", "hash", true)],
    );
    const regions = computePipelinedRegions(g);
    expect(regions).toHaveLength(4 + 8);
    expect(regions[0]!.members.map((m) => `${m.vertexId}${m.subtaskIndex}`)).toEqual(["src0", "map0"]);
    expect(regions[0]!.slotsNeeded).toBe(1);
    expect(regions[0]!.blockingInputVertices).toEqual([]);
    expect(regions[4]!.blockingInputVertices).toEqual(["map"]);
    expect(minimumSlots(regions)).toBe(1);
  });

  it("STREAMING-like all-to-all pipelined edges make one region needing a slot per subtask index", () => {
    const g = graph([vertex("a", 2), vertex("b", 3)], [edge("a", "b", "rebalance", false)]);
    const regions = computePipelinedRegions(g);
    expect(regions).toHaveLength(1);
    expect(regions[0]!.slotsNeeded).toBe(3);
  });

  it("different slot-sharing groups need their own slots", () => {
    const g = graph([vertex("a", 2, "x"), vertex("b", 2, "y")], [edge("a", "b", "forward", false)]);
    const regions = computePipelinedRegions(g);
    expect(regions).toHaveLength(2);
    expect(regions[0]!.slotsNeeded).toBe(2);
  });
});
