/**
 * The StreamGraph: one node per operator, one edge per logical connection (Flink's `StreamGraph`),
 * before chaining. Plain, JSON-serializable data: `env.getStreamGraph()` returns it and
 * `graph/job-graph-generator.ts` chains it into the JobGraph. Node ids are the transformation ids;
 * `nodes` are in topological order (ascending id) and edges in the order they feed their targets.
 */
import type { Boundedness, ExchangeMode, JobSettings, PartitionerKind } from "../../core/jobgraph.js";
import type { ChainingStrategy, OperatorParams, OperatorRole } from "../transformation.js";

export interface StreamNode {
  readonly id: number;
  /** Stable operator id, 32 hex chars (see `operator-ids.ts`). */
  readonly operatorId: string;
  readonly uid?: string;
  readonly name: string;
  readonly kind: string;
  readonly role: OperatorRole;
  readonly inputArity: 0 | 1 | 2;
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly slotSharingGroup: string;
  readonly chainingStrategy: ChainingStrategy;
  readonly boundedness?: Boundedness;
  readonly params?: Readonly<OperatorParams>;
}

export interface StreamEdge {
  /** Stable id; becomes the JobEdge id when the edge is not chained. */
  readonly id: string;
  readonly sourceId: number;
  readonly targetId: number;
  /** Logical input of the target (0, or 1 for the second input of a two-input operator). */
  readonly targetInput: number;
  readonly sideOutputTag?: string;
  readonly partitioner: PartitionerKind;
  readonly exchangeMode: ExchangeMode;
}

export interface StreamGraph {
  readonly jobName: string;
  /** Job settings with the runtime mode resolved. */
  readonly settings: JobSettings;
  readonly chainingEnabled: boolean;
  readonly nodes: readonly StreamNode[];
  readonly edges: readonly StreamEdge[];
}

/** Flink-style display name: sources prefixed `Source: `, sinks `Sink: `. */
export function displayName(node: { readonly role: OperatorRole; readonly name: string }): string {
  if (node.role === "source") return `Source: ${node.name}`;
  if (node.role === "sink") return `Sink: ${node.name}`;
  return node.name;
}
