/**
 * Transformations: the logical plan the DataStream API records (Flink's `Transformation` classes).
 * Each API call adds one; `graph/stream-graph-generator.ts` turns them into a StreamGraph.
 *
 * - *Physical* transformations (source, one-input, two-input; sinks are one-input with role
 *   `sink`) become operators. Their settings (`name`, `uid`, `setParallelism`, ...) are mutable
 *   until the graph is built.
 * - *Virtual* transformations (partition, union, side output) only shape the edges between
 *   operators.
 *
 * Transformation ids count up per environment in creation order, so the inputs of a
 * transformation always have smaller ids and re-running `main` gives the same ids.
 */
import type { Boundedness, PartitionerKind } from "../core/jobgraph.js";
import type { Source, SourceSplit } from "../core/source.js";
import type { OperatorFactory } from "../operators/contract.js";
import type { CustomPartitionerFn, JobClient, KeySelectorFn } from "../operators/executor.js";
import type { WatermarkStrategy } from "../operators/watermark-strategy.js";

/** Flink's `ChainingStrategy`: `always` chains both ways, `head` only to successors, `never` not at all. */
export type ChainingStrategy = "always" | "head" | "never";

export type OperatorRole = "source" | "operator" | "sink";

export type OperatorParams = Record<string, string | number | boolean>;

interface PhysicalBase {
  readonly id: number;
  name: string;
  uid: string | undefined;
  /** Explicit parallelism; `undefined` uses the environment's. */
  parallelism: number | undefined;
  maxParallelism: number | undefined;
  /** Explicit group; `undefined` inherits the inputs' group when they agree, else `default`. */
  slotSharingGroup: string | undefined;
  chainingStrategy: ChainingStrategy;
  /** Runs at parallelism 1 only (non-parallel sources, the collect sink). */
  readonly nonParallel: boolean;
  /** `OperatorSpec.kind`, e.g. `map`, `keyedReduce`, `sink`. */
  readonly operatorKind: string;
  readonly role: OperatorRole;
  readonly factory: OperatorFactory;
  readonly params: OperatorParams | undefined;
}

export interface SourceTransformation extends PhysicalBase {
  readonly type: "source";
  readonly source: Source<unknown, SourceSplit, unknown>;
  readonly boundedness: Boundedness;
  /** Kept for watermark generation; its timestamp assigner is already applied by the operator. */
  readonly watermarkStrategy: WatermarkStrategy<unknown>;
}

export interface OneInputTransformation extends PhysicalBase {
  readonly type: "oneInput";
  readonly input: Transformation;
  /**
   * For built-in rolling aggregations behind a keyBy: the factory of a local pre-aggregation
   * that the graph generator chains to the producers in BATCH mode (see
   * `operators/local-aggregation.ts`).
   */
  readonly combiner?: OperatorFactory;
}

export interface TwoInputTransformation extends PhysicalBase {
  readonly type: "twoInput";
  readonly input1: Transformation;
  readonly input2: Transformation;
}

export type PhysicalTransformation = SourceTransformation | OneInputTransformation | TwoInputTransformation;

export interface PartitionTransformation {
  readonly type: "partition";
  readonly id: number;
  readonly input: Transformation;
  readonly partitioner: PartitionerKind;
  /** For `hash` and `custom`. */
  readonly keySelector: KeySelectorFn | undefined;
  /** For `custom`. */
  readonly customPartitioner: CustomPartitionerFn | undefined;
}

export interface UnionTransformation {
  readonly type: "union";
  readonly id: number;
  readonly inputs: readonly Transformation[];
}

export interface SideOutputTransformation {
  readonly type: "sideOutput";
  readonly id: number;
  readonly input: PhysicalTransformation;
  readonly tagId: string;
}

export type Transformation =
  | PhysicalTransformation
  | PartitionTransformation
  | UnionTransformation
  | SideOutputTransformation;

/** What a physical transformation is made of, before it gets an id. */
export interface PhysicalSpec {
  readonly name: string;
  readonly operatorKind: string;
  readonly role?: OperatorRole;
  readonly factory: OperatorFactory;
  readonly params?: OperatorParams;
  readonly nonParallel?: boolean;
  readonly chainingStrategy?: ChainingStrategy;
}

export function physicalBase(id: number, spec: PhysicalSpec, defaultRole: OperatorRole): PhysicalBase {
  return {
    id,
    name: spec.name,
    uid: undefined,
    parallelism: undefined,
    maxParallelism: undefined,
    slotSharingGroup: undefined,
    chainingStrategy: spec.chainingStrategy ?? "always",
    nonParallel: spec.nonParallel ?? false,
    operatorKind: spec.operatorKind,
    role: spec.role ?? defaultRole,
    factory: spec.factory,
    params: spec.params,
  };
}

/** The environment as the streams see it (keeps `DataStream` free of an import of the environment). */
export interface StreamHost {
  nextTransformationId(): number;
  /** Registers an operator for the next `execute()` (sources are reached through their consumers). */
  addOperator(transformation: PhysicalTransformation): void;
  /** Builds and submits the registered operators; returns the client and the operator id of `of`. */
  executeAsyncFor(
    jobName: string | undefined,
    of: PhysicalTransformation,
  ): Promise<{ readonly client: JobClient; readonly operatorId: string }>;
  /** The environment's current default parallelism. */
  getParallelism(): number;
}
