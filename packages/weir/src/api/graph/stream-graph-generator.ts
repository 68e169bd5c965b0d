/**
 * Transformations → StreamGraph (Flink's `StreamGraphGenerator`).
 *
 * Rules, all deterministic for a given program, configuration and arguments:
 * - Nodes: every physical transformation reachable from the registered ones, in id order.
 * - Parallelism: explicit, else 1 for non-parallel operators, else `parallelism.default` (the
 *   environment's). Max parallelism: explicit, else `pipeline.max-parallelism`, else Flink's
 *   default rule for the node's parallelism; it must not be below the parallelism.
 * - Slot-sharing group: explicit, else the inputs' group when they all agree, else `default`.
 * - Edges: virtual transformations are folded in. The partitioner is the last one applied
 *   (`keyBy` → `hash`, `partitionCustom` → `custom`, ...); without one, `forward` when both sides
 *   have the same parallelism, else `rebalance`. An explicit `forward` across a parallelism
 *   change is an error.
 * - Runtime mode: `AUTOMATIC` is BATCH iff every source is BOUNDED; BATCH with an unbounded
 *   source is an error naming it. In BATCH every non-forward edge is `blocking`, else `pipelined`,
 *   and periodic watermarks are off.
 */
import { readOption } from "../../core/config/option.js";
import { CoreOptions } from "../../core/config/options.js";
import { JobDefinitionError } from "../../core/errors.js";
import type { ExchangeMode, PartitionerKind } from "../../core/jobgraph.js";
import { computeDefaultMaxParallelism } from "../../core/keygroups.js";
import type { Source, SourceSplit } from "../../core/source.js";
import type { OperatorFactory } from "../../operators/contract.js";
import type { CustomPartitionerFn, KeySelectorFn } from "../../operators/executor.js";
import type {
  OneInputTransformation,
  PartitionTransformation,
  PhysicalTransformation,
  Transformation,
} from "../transformation.js";
import { edgeId, operatorIdFromPosition, operatorIdFromUid } from "./operator-ids.js";
import { displayName, type StreamEdge, type StreamGraph, type StreamNode } from "./stream-graph.js";

export interface StreamGraphInput {
  readonly jobName: string;
  /** The registered operators (sinks and every operator added through the API). */
  readonly transformations: readonly PhysicalTransformation[];
  /** The environment's effective configuration. */
  readonly config: Readonly<Record<string, string>>;
  readonly args: readonly string[];
}

/** The user code the StreamGraph refers to, by node id (operators) or edge id (edges). */
export interface StreamGraphUserCode {
  readonly factories: ReadonlyMap<number, OperatorFactory>;
  readonly sources: ReadonlyMap<number, Source<unknown, SourceSplit, unknown>>;
  readonly keySelectors: ReadonlyMap<string, KeySelectorFn>;
  readonly customPartitioners: ReadonlyMap<string, CustomPartitionerFn>;
}

export interface GeneratedStreamGraph {
  readonly graph: StreamGraph;
  readonly userCode: StreamGraphUserCode;
}

interface InputRef {
  readonly node: PhysicalTransformation;
  readonly sideOutputTag: string | undefined;
  readonly partition: PartitionTransformation | undefined;
}

interface RawEdge {
  readonly sourceId: number;
  readonly targetId: number;
  readonly targetInput: number;
  readonly sideOutputTag: string | undefined;
  readonly partitioner: PartitionerKind;
  readonly exchangeMode: ExchangeMode;
  readonly keySelector: KeySelectorFn | undefined;
  readonly customPartitioner: CustomPartitionerFn | undefined;
}

interface Resolved {
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly slotSharingGroup: string;
}

const DEFAULT_SLOT_SHARING_GROUP = "default";

export function generateStreamGraph(input: StreamGraphInput): GeneratedStreamGraph {
  const { config } = input;
  const nodes = collectNodes(input.transformations);
  if (nodes.length === 0) {
    throw new JobDefinitionError("No operators defined in streaming topology. Cannot execute.", {
      hint: "add a sink (e.g. print()) to a stream before calling execute()",
    });
  }
  const runtimeMode = resolveRuntimeMode(nodes, readOption(config, CoreOptions.RUNTIME_MODE));
  if (runtimeMode === "BATCH") insertCombiners(nodes);
  const resolved = resolveNodes(nodes, config);
  const rawEdges = createEdges(nodes, resolved, runtimeMode);
  const operatorIds = assignOperatorIds(nodes, rawEdges);

  const ordinals = new Map<string, number>();
  const keySelectors = new Map<string, KeySelectorFn>();
  const customPartitioners = new Map<string, CustomPartitionerFn>();
  const edges: StreamEdge[] = rawEdges.map((e) => {
    const source = operatorIds.get(e.sourceId)!;
    const target = operatorIds.get(e.targetId)!;
    const signature = `${source}|${target}|${e.targetInput}|${e.sideOutputTag ?? ""}`;
    const ordinal = ordinals.get(signature) ?? 0;
    ordinals.set(signature, ordinal + 1);
    const id = edgeId(source, target, e.targetInput, e.sideOutputTag, ordinal);
    if (e.keySelector !== undefined) keySelectors.set(id, e.keySelector);
    if (e.customPartitioner !== undefined) customPartitioners.set(id, e.customPartitioner);
    return {
      id,
      sourceId: e.sourceId,
      targetId: e.targetId,
      targetInput: e.targetInput,
      ...(e.sideOutputTag === undefined ? {} : { sideOutputTag: e.sideOutputTag }),
      partitioner: e.partitioner,
      exchangeMode: e.exchangeMode,
    };
  });

  const streamNodes: StreamNode[] = nodes.map((t) => {
    const r = resolved.get(t.id)!;
    return {
      id: t.id,
      operatorId: operatorIds.get(t.id)!,
      ...(t.uid === undefined ? {} : { uid: t.uid }),
      name: t.name,
      kind: t.operatorKind,
      role: t.role,
      inputArity: t.type === "source" ? 0 : t.type === "oneInput" ? 1 : 2,
      parallelism: r.parallelism,
      maxParallelism: r.maxParallelism,
      slotSharingGroup: r.slotSharingGroup,
      chainingStrategy: t.chainingStrategy,
      ...(t.type === "source" ? { boundedness: t.boundedness } : {}),
      ...(t.params === undefined ? {} : { params: { ...t.params } }),
    };
  });

  const autoWatermarkIntervalMs = readOption(config, CoreOptions.AUTO_WATERMARK_INTERVAL);
  const graph: StreamGraph = {
    jobName: input.jobName,
    settings: {
      runtimeMode,
      bufferTimeoutMs: readOption(config, CoreOptions.BUFFER_TIMEOUT),
      args: [...input.args],
      config: { ...config },
      autoWatermarkIntervalMs: runtimeMode === "BATCH" ? 0 : autoWatermarkIntervalMs,
    },
    chainingEnabled: readOption(config, CoreOptions.OPERATOR_CHAINING),
    nodes: streamNodes,
    edges,
  };
  const factories = new Map(nodes.map((t) => [t.id, t.factory] as const));
  const sources = new Map<number, Source<unknown, SourceSplit, unknown>>();
  for (const t of nodes) if (t.type === "source") sources.set(t.id, t.source);
  return { graph, userCode: { factories, sources, keySelectors, customPartitioners } };
}

/** Physical transformations reachable from `registered`, by ascending id (a topological order). */
function collectNodes(registered: readonly PhysicalTransformation[]): PhysicalTransformation[] {
  const found = new Map<number, PhysicalTransformation>();
  const seenVirtual = new Set<number>();
  const stack: Transformation[] = [...registered];
  for (let t = stack.pop(); t !== undefined; t = stack.pop()) {
    switch (t.type) {
      case "source":
      case "oneInput":
      case "twoInput":
        if (found.has(t.id)) break;
        found.set(t.id, t);
        stack.push(...logicalInputs(t));
        break;
      default:
        if (seenVirtual.has(t.id)) break;
        seenVirtual.add(t.id);
        if (t.type === "union") stack.push(...t.inputs);
        else stack.push(t.input);
    }
  }
  return [...found.values()].sort((a, b) => a.id - b.id);
}

/**
 * BATCH only: a rolling aggregation with a combiner, reading a keyBy of one plain upstream
 * operator, gets a "Local Aggregation" operator between that upstream and the shuffle: same
 * parallelism, slot sharing group and chaining as the upstream, so it chains to it and folds
 * records before they are serialized, shuffled and sorted. Rewrites `nodes` in place (the
 * aggregation is replaced by a copy reading the new partition; its id, and so every reference to
 * it from downstream, stays the same). STREAMING graphs are never changed.
 */
function insertCombiners(nodes: PhysicalTransformation[]): void {
  for (let i = 0; i < nodes.length; i++) {
    const t = nodes[i]!;
    if (t.type !== "oneInput" || t.combiner === undefined) continue;
    const partition = t.input;
    if (partition.type !== "partition" || partition.partitioner !== "hash") continue;
    const upstream = partition.input;
    if (upstream.type !== "source" && upstream.type !== "oneInput" && upstream.type !== "twoInput") continue;
    const combiner: OneInputTransformation = {
      // Between the partition (created before the aggregation) and the aggregation: ids order nodes.
      id: t.id - 0.5,
      name: "Local Aggregation",
      uid: undefined,
      parallelism: upstream.parallelism,
      maxParallelism: upstream.maxParallelism,
      slotSharingGroup: upstream.slotSharingGroup,
      chainingStrategy: "always",
      nonParallel: upstream.nonParallel,
      operatorKind: "localAggregation",
      role: "operator",
      factory: t.combiner,
      params: t.params,
      type: "oneInput",
      input: upstream,
    };
    nodes[i] = { ...t, input: { ...partition, input: combiner } };
    nodes.splice(i, 0, combiner);
    i++;
  }
}

function logicalInputs(t: PhysicalTransformation): Transformation[] {
  if (t.type === "oneInput") return [t.input];
  if (t.type === "twoInput") return [t.input1, t.input2];
  return [];
}

/** The operators feeding `t`, with the side output and the (last applied) partitioning on the way. */
function resolveRefs(t: Transformation): InputRef[] {
  switch (t.type) {
    case "source":
    case "oneInput":
    case "twoInput":
      return [{ node: t, sideOutputTag: undefined, partition: undefined }];
    case "partition":
      return resolveRefs(t.input).map((r) => ({ ...r, partition: t }));
    case "union":
      return t.inputs.flatMap(resolveRefs);
    case "sideOutput":
      return [{ node: t.input, sideOutputTag: t.tagId, partition: undefined }];
  }
}

function resolveRuntimeMode(
  nodes: readonly PhysicalTransformation[],
  requested: "STREAMING" | "BATCH" | "AUTOMATIC",
): "STREAMING" | "BATCH" {
  const unbounded = nodes.find((t) => t.type === "source" && t.boundedness !== "BOUNDED");
  if (requested === "STREAMING") return "STREAMING";
  if (requested === "AUTOMATIC") return unbounded === undefined ? "BATCH" : "STREAMING";
  if (unbounded !== undefined) {
    throw new JobDefinitionError(
      `Detected an UNBOUNDED source with execution.runtime-mode set to BATCH: '${displayName(unbounded)}'`,
      { hint: "run with -Dexecution.runtime-mode=STREAMING (or AUTOMATIC), or use a bounded source" },
    );
  }
  return "BATCH";
}

function resolveNodes(
  nodes: readonly PhysicalTransformation[],
  config: Readonly<Record<string, string>>,
): Map<number, Resolved> {
  const defaultParallelism = readOption(config, CoreOptions.DEFAULT_PARALLELISM);
  const configMaxParallelism = readOption(config, CoreOptions.MAX_PARALLELISM);
  const resolved = new Map<number, Resolved>();
  for (const t of nodes) {
    const parallelism = t.nonParallel ? 1 : (t.parallelism ?? defaultParallelism);
    const maxParallelism =
      t.maxParallelism ??
      (configMaxParallelism > 0 ? configMaxParallelism : computeDefaultMaxParallelism(parallelism));
    if (parallelism > maxParallelism) {
      throw new JobDefinitionError(
        `operator '${displayName(t)}' has parallelism ${parallelism} above its max parallelism ${maxParallelism}`,
        { hint: "lower the parallelism or raise setMaxParallelism() / pipeline.max-parallelism" },
      );
    }
    resolved.set(t.id, { parallelism, maxParallelism, slotSharingGroup: slotSharingGroupOf(t, resolved) });
  }
  return resolved;
}

function slotSharingGroupOf(t: PhysicalTransformation, resolved: ReadonlyMap<number, Resolved>): string {
  if (t.slotSharingGroup !== undefined) return t.slotSharingGroup;
  let group: string | undefined;
  for (const input of logicalInputs(t)) {
    for (const ref of resolveRefs(input)) {
      const inputGroup = resolved.get(ref.node.id)!.slotSharingGroup;
      if (group === undefined) group = inputGroup;
      else if (group !== inputGroup) return DEFAULT_SLOT_SHARING_GROUP;
    }
  }
  return group ?? DEFAULT_SLOT_SHARING_GROUP;
}

function createEdges(
  nodes: readonly PhysicalTransformation[],
  resolved: ReadonlyMap<number, Resolved>,
  runtimeMode: "STREAMING" | "BATCH",
): RawEdge[] {
  const edges: RawEdge[] = [];
  for (const target of nodes) {
    const down = resolved.get(target.id)!;
    logicalInputs(target).forEach((input, targetInput) => {
      for (const ref of resolveRefs(input)) {
        const up = resolved.get(ref.node.id)!;
        let partitioner = ref.partition?.partitioner;
        if (partitioner === undefined)
          partitioner = up.parallelism === down.parallelism ? "forward" : "rebalance";
        else if (partitioner === "forward" && up.parallelism !== down.parallelism) {
          throw new JobDefinitionError(
            `Forward partitioning does not allow change of parallelism. Upstream operation: '${displayName(ref.node)}' ` +
              `parallelism: ${up.parallelism}, downstream operation: '${displayName(target)}' parallelism: ${down.parallelism}`,
            { hint: "use another partitioning such as rebalance(), shuffle(), broadcast() or global()" },
          );
        }
        edges.push({
          sourceId: ref.node.id,
          targetId: target.id,
          targetInput,
          sideOutputTag: ref.sideOutputTag,
          partitioner,
          exchangeMode: runtimeMode === "BATCH" && partitioner !== "forward" ? "blocking" : "pipelined",
          keySelector: ref.partition?.keySelector,
          customPartitioner: ref.partition?.customPartitioner,
        });
      }
    });
  }
  return edges;
}

function assignOperatorIds(
  nodes: readonly PhysicalTransformation[],
  edges: readonly RawEdge[],
): Map<number, string> {
  const ids = new Map<number, string>();
  const uidOwners = new Map<string, PhysicalTransformation>();
  nodes.forEach((t, index) => {
    if (t.uid !== undefined) {
      const owner = uidOwners.get(t.uid);
      if (owner !== undefined) {
        throw new JobDefinitionError(
          `uid '${t.uid}' is used by both '${displayName(owner)}' and '${displayName(t)}'`,
          { hint: "operator uids must be unique within a job" },
        );
      }
      uidOwners.set(t.uid, t);
      ids.set(t.id, operatorIdFromUid(t.uid));
      return;
    }
    const inputs = edges
      .filter((e) => e.targetId === t.id)
      .map((e) => ({
        operatorId: ids.get(e.sourceId)!,
        targetInput: e.targetInput,
        sideOutputTag: e.sideOutputTag,
      }));
    ids.set(t.id, operatorIdFromPosition(index, t.operatorKind, inputs));
  });
  const owners = new Map<string, number>();
  for (const [node, id] of ids) {
    if (owners.has(id))
      throw new JobDefinitionError(`two operators got the same id ${id}; give one of them a uid()`);
    owners.set(id, node);
  }
  return ids;
}
