/**
 * The JobGraph: plain, JSON-serializable data (ARCHITECTURE §3). The API layer produces it from
 * the user's transformations (chaining decided); the runtime consumes it. User functions never
 * appear here: the runtime finds them in the job module's captured plan by stable operator id
 * (for operators) or edge id (for key selectors and custom partitioners).
 *
 * Invariants:
 * - `vertices` are in topological order; `edges` reference existing vertices and operators.
 * - A vertex is a chain of operators. `operators[0]` is the chain head; an operator inside the
 *   chain receives input only from operators earlier in the same array (`chained` inputs), the
 *   head (and any union member) from network edges.
 * - Operator ids are stable: 32 lowercase hex chars derived from `uid()` or a deterministic hash of
 *   the operator's position in the graph. They key state in checkpoints and savepoints.
 * - `maxParallelism >= parallelism` for every vertex.
 */

export type RuntimeExecutionMode = "STREAMING" | "BATCH" | "AUTOMATIC";
export type Boundedness = "BOUNDED" | "CONTINUOUS_UNBOUNDED";

/** How records are distributed from the producing subtasks to the consuming subtasks. */
export type PartitionerKind =
  | "forward" // subtask i -> subtask i; requires equal parallelism
  | "hash" // by key group of the edge's key selector (ARCHITECTURE §6)
  | "rebalance" // round robin over all consumers
  | "rescale" // round robin over a local subset of consumers
  | "shuffle" // uniformly random
  | "broadcast" // every record to every consumer
  | "global" // everything to consumer 0
  | "custom"; // user Partitioner over the edge's key selector

/** Exchange mode: pipelined (consumer reads while producer writes) or blocking (BATCH). */
export type ExchangeMode = "pipelined" | "blocking";

export interface JobSettings {
  /** Mode as requested; `AUTOMATIC` is resolved by the API before the graph is built. */
  readonly runtimeMode: "STREAMING" | "BATCH";
  /** Flush interval of partially filled network buffers in ms; -1 = only when full. */
  readonly bufferTimeoutMs: number;
  /** The job's arguments (`main(args)`), available to functions as job parameters. */
  readonly args: readonly string[];
  /** Effective configuration (flat dotted keys to string values) the job was built with. */
  readonly config: Readonly<Record<string, string>>;
  /** `pipeline.auto-watermark-interval` in ms (0 disables periodic watermarks). */
  readonly autoWatermarkIntervalMs: number;
}

/** Where a chained operator's input comes from. */
export type OperatorInput =
  /** Output of an earlier operator of the same chain (in-thread function call). */
  | { readonly kind: "chained"; readonly operatorId: string; readonly sideOutputTag?: string }
  /** A network edge into this vertex (see `JobEdge.id`). */
  | { readonly kind: "edge"; readonly edgeId: string };

export interface OperatorSpec {
  /** Stable operator id, 32 hex chars. */
  readonly id: string;
  /** The user's `uid()`, if set. */
  readonly uid?: string;
  /** Display name (`name()` or the default, e.g. `Map`, `Keyed Aggregation`). */
  readonly name: string;
  /** Operator kind, e.g. `source`, `map`, `flatMap`, `filter`, `keyedReduce`, `process`, `sink`. */
  readonly kind: string;
  /**
   * Logical inputs: `inputs[0]` feeds the operator's first input, `inputs[1]` the second
   * (two-input operators such as `connect`). Each logical input may merge several sources (union).
   */
  readonly inputs: readonly (readonly OperatorInput[])[];
  /** True when the operator's input `i` is keyed (partitioned by a key selector). */
  readonly keyedInputs: readonly boolean[];
  /** For sources: the declared boundedness. */
  readonly boundedness?: Boundedness;
  /** Free-form, JSON-serializable operator parameters shown by `weir info`. */
  readonly params?: Readonly<Record<string, string | number | boolean>>;
}

export interface JobVertex {
  /** Equal to the chain head's operator id. */
  readonly id: string;
  /** Flink style: operator names joined with ` -> `, sources prefixed `Source: `, sinks `Sink: `. */
  readonly name: string;
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly slotSharingGroup: string;
  /** Chained operators, head first, in topological order. */
  readonly operators: readonly OperatorSpec[];
}

export interface JobEdge {
  /** Stable id (hash of producer operator id, consumer operator id, consumer input, position). */
  readonly id: string;
  readonly sourceVertexId: string;
  /** The operator inside the source vertex whose output travels over this edge. */
  readonly sourceOperatorId: string;
  /** Side output tag id when the edge carries a side output instead of the main output. */
  readonly sideOutputTag?: string;
  readonly targetVertexId: string;
  readonly targetOperatorId: string;
  /** Which logical input of the target operator this edge feeds (0 or 1). */
  readonly targetInput: number;
  readonly partitioner: PartitionerKind;
  readonly exchangeMode: ExchangeMode;
}

export interface JobGraph {
  readonly jobName: string;
  readonly settings: JobSettings;
  readonly vertices: readonly JobVertex[];
  readonly edges: readonly JobEdge[];
}

/** Edges whose target is `vertexId`, in the order of `edges` (this order defines input gate indices). */
export function inputEdgesOf(graph: JobGraph, vertexId: string): JobEdge[] {
  return graph.edges.filter((e) => e.targetVertexId === vertexId);
}

/** Edges whose source is `vertexId`, in the order of `edges` (this order defines result partition indices). */
export function outputEdgesOf(graph: JobGraph, vertexId: string): JobEdge[] {
  return graph.edges.filter((e) => e.sourceVertexId === vertexId);
}
