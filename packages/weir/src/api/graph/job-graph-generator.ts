/**
 * StreamGraph → JobGraph: operator chaining (Flink's `StreamingJobGraphGenerator`).
 *
 * An edge is chained (its consumer runs in the producer's task, fed by a plain function call) iff
 * chaining is enabled for the job, the edge is `forward` and pipelined, both operators have the
 * same parallelism and slot-sharing group, the consumer has exactly this one input edge (so
 * two-input operators and operators after a union start chains) and is chainable to its input
 * (strategy `always`: not a source, not `startNewChain()`, not `disableChaining()`), and the
 * producer allows successors (strategy not `never`).
 *
 * A vertex is a chain head with everything chained after it, operators in topological order;
 * vertices are ordered by their heads. Vertex names follow Flink: `Source: A -> B`, and
 * `A -> (B, C)` when a chain forks.
 */
import type { JobEdge, JobGraph, JobVertex, OperatorInput, OperatorSpec } from "../../core/jobgraph.js";
import { displayName, type StreamEdge, type StreamGraph, type StreamNode } from "./stream-graph.js";

function chainable(
  edge: StreamEdge,
  up: StreamNode,
  down: StreamNode,
  enabled: boolean,
  inputEdgeCount: number,
): boolean {
  return (
    enabled &&
    inputEdgeCount === 1 &&
    down.inputArity === 1 &&
    down.chainingStrategy === "always" &&
    up.chainingStrategy !== "never" &&
    edge.partitioner === "forward" &&
    edge.exchangeMode === "pipelined" &&
    up.parallelism === down.parallelism &&
    up.slotSharingGroup === down.slotSharingGroup
  );
}

export function generateJobGraph(graph: StreamGraph): JobGraph {
  const nodeById = new Map(graph.nodes.map((n) => [n.id, n] as const));
  const inputEdges = new Map<number, StreamEdge[]>();
  for (const e of graph.edges) {
    const list = inputEdges.get(e.targetId);
    if (list === undefined) inputEdges.set(e.targetId, [e]);
    else list.push(e);
  }
  const chained = new Set<StreamEdge>();
  const chainedOutputs = new Map<number, StreamEdge[]>();
  for (const e of graph.edges) {
    const count = inputEdges.get(e.targetId)?.length ?? 0;
    if (!chainable(e, nodeById.get(e.sourceId)!, nodeById.get(e.targetId)!, graph.chainingEnabled, count))
      continue;
    chained.add(e);
    const list = chainedOutputs.get(e.sourceId);
    if (list === undefined) chainedOutputs.set(e.sourceId, [e]);
    else list.push(e);
  }

  // Head of every node's chain, following chained edges down from each head.
  const headOf = new Map<number, StreamNode>();
  const heads = graph.nodes.filter((n) => !(inputEdges.get(n.id) ?? []).some((e) => chained.has(e)));
  for (const head of heads) {
    const stack = [head.id];
    for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
      headOf.set(id, head);
      for (const e of chainedOutputs.get(id) ?? []) stack.push(e.targetId);
    }
  }

  const chainName = (node: StreamNode): string => {
    const outs = (chainedOutputs.get(node.id) ?? []).map((e) => chainName(nodeById.get(e.targetId)!));
    if (outs.length === 0) return displayName(node);
    if (outs.length === 1) return `${displayName(node)} -> ${outs[0]}`;
    return `${displayName(node)} -> (${outs.join(", ")})`;
  };

  const operatorSpec = (node: StreamNode): OperatorSpec => {
    const edges = inputEdges.get(node.id) ?? [];
    const inputs: OperatorInput[][] = Array.from({ length: node.inputArity }, () => []);
    for (const e of edges) {
      const input: OperatorInput = chained.has(e)
        ? {
            kind: "chained",
            operatorId: nodeById.get(e.sourceId)!.operatorId,
            ...(e.sideOutputTag === undefined ? {} : { sideOutputTag: e.sideOutputTag }),
          }
        : { kind: "edge", edgeId: e.id };
      inputs[e.targetInput]!.push(input);
    }
    const keyedInputs = inputs.map((_, i) => {
      const of = edges.filter((e) => e.targetInput === i);
      return of.length > 0 && of.every((e) => e.partitioner === "hash");
    });
    return {
      id: node.operatorId,
      ...(node.uid === undefined ? {} : { uid: node.uid }),
      name: node.name,
      kind: node.kind,
      inputs,
      keyedInputs,
      ...(node.boundedness === undefined ? {} : { boundedness: node.boundedness }),
      ...(node.params === undefined ? {} : { params: { ...node.params } }),
    };
  };

  const vertices: JobVertex[] = heads.map((head) => ({
    id: head.operatorId,
    name: chainName(head),
    parallelism: head.parallelism,
    maxParallelism: head.maxParallelism,
    slotSharingGroup: head.slotSharingGroup,
    operators: graph.nodes.filter((n) => headOf.get(n.id) === head).map(operatorSpec),
  }));

  const edges: JobEdge[] = graph.edges
    .filter((e) => !chained.has(e))
    .map((e) => ({
      id: e.id,
      sourceVertexId: headOf.get(e.sourceId)!.operatorId,
      sourceOperatorId: nodeById.get(e.sourceId)!.operatorId,
      ...(e.sideOutputTag === undefined ? {} : { sideOutputTag: e.sideOutputTag }),
      targetVertexId: headOf.get(e.targetId)!.operatorId,
      targetOperatorId: nodeById.get(e.targetId)!.operatorId,
      targetInput: e.targetInput,
      partitioner: e.partitioner,
      exchangeMode: e.exchangeMode,
    }));

  return { jobName: graph.jobName, settings: graph.settings, vertices, edges };
}
