/**
 * Transformations → `Pipeline`: the StreamGraph, chained into the JobGraph, with the user code
 * re-keyed from node/edge ids to operator ids and JobGraph edge ids.
 */
import type { Source, SourceSplit } from "../../core/source.js";
import type { OperatorFactory } from "../../operators/contract.js";
import type { CustomPartitionerFn, KeySelectorFn, Pipeline } from "../../operators/executor.js";
import { generateJobGraph } from "./job-graph-generator.js";
import type { StreamGraph } from "./stream-graph.js";
import { generateStreamGraph, type StreamGraphInput } from "./stream-graph-generator.js";

export interface BuiltPipeline {
  readonly pipeline: Pipeline;
  readonly streamGraph: StreamGraph;
  /** Operator ids by transformation id. */
  readonly operatorIds: ReadonlyMap<number, string>;
}

export function buildPipeline(input: StreamGraphInput): BuiltPipeline {
  const { graph, userCode } = generateStreamGraph(input);
  const jobGraph = generateJobGraph(graph);
  const operatorIds = new Map(graph.nodes.map((n) => [n.id, n.operatorId] as const));
  const operatorFactories = new Map<string, OperatorFactory>();
  for (const [nodeId, factory] of userCode.factories)
    operatorFactories.set(operatorIds.get(nodeId)!, factory);
  const sources = new Map<string, Source<unknown, SourceSplit, unknown>>();
  for (const [nodeId, source] of userCode.sources) sources.set(operatorIds.get(nodeId)!, source);
  const jobEdgeIds = new Set(jobGraph.edges.map((e) => e.id));
  const edgeKeySelectors = new Map<string, KeySelectorFn>();
  for (const [id, fn] of userCode.keySelectors) if (jobEdgeIds.has(id)) edgeKeySelectors.set(id, fn);
  const customPartitioners = new Map<string, CustomPartitionerFn>();
  for (const [id, fn] of userCode.customPartitioners) if (jobEdgeIds.has(id)) customPartitioners.set(id, fn);
  return {
    pipeline: { jobGraph, operatorFactories, edgeKeySelectors, customPartitioners, sources },
    streamGraph: graph,
    operatorIds,
  };
}
