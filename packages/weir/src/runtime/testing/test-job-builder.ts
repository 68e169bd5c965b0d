/**
 * Builds JobGraphs and Pipelines by hand for runtime tests (the runtime's analogue of Flink's
 * `JobGraphTestUtils`): vertices in creation order, operators chained inside a vertex when their
 * input is an operator of the same vertex, network edges otherwise. Ids are deterministic
 * 32-hex-char strings, so the same builder calls give the same graph (and fingerprint).
 */
import type {
  Boundedness,
  JobEdge,
  JobGraph,
  JobSettings,
  JobVertex,
  OperatorInput,
  OperatorSpec,
  PartitionerKind,
} from "../../core/jobgraph.js";
import type { Source, SourceSplit } from "../../core/source.js";
import type { AnyStreamOperator } from "../../operators/contract.js";
import type { CustomPartitionerFn, KeySelectorFn, Pipeline } from "../../operators/executor.js";

/** Where an operator input comes from: an operator (chained if in the same vertex) and how. */
export interface InputRef {
  readonly from: string;
  /** For network edges (default `forward` at equal parallelism, else `rebalance`). */
  readonly partitioner?: PartitionerKind;
  readonly keySelector?: KeySelectorFn;
  readonly customPartitioner?: CustomPartitionerFn;
  readonly sideOutputTag?: string;
}

export interface VertexOptions {
  readonly parallelism: number;
  readonly maxParallelism?: number;
  readonly slotSharingGroup?: string;
}

export interface OperatorOptions {
  readonly kind?: string;
  /** `inputs[i]`: the sources of logical input `i` (several = union). */
  readonly inputs?: readonly (readonly InputRef[])[];
  readonly source?: Source<unknown, SourceSplit, unknown>;
  readonly boundedness?: Boundedness;
}

interface MutableVertex {
  id: string;
  name: string;
  parallelism: number;
  maxParallelism: number;
  slotSharingGroup: string;
  operators: OperatorSpec[];
}

export class TestJobBuilder {
  private counter = 0;
  private readonly vertices: MutableVertex[] = [];
  private readonly edges: JobEdge[] = [];
  private readonly vertexOf = new Map<string, MutableVertex>();
  private readonly factories = new Map<string, () => AnyStreamOperator>();
  private readonly keySelectors = new Map<string, KeySelectorFn>();
  private readonly partitioners = new Map<string, CustomPartitionerFn>();
  private readonly sources = new Map<string, Source<unknown, SourceSplit, unknown>>();
  private settings: JobSettings = {
    runtimeMode: "STREAMING",
    bufferTimeoutMs: 0,
    args: [],
    config: {},
    autoWatermarkIntervalMs: 0,
  };

  constructor(private readonly jobName = "test job") {}

  withSettings(settings: Partial<JobSettings>): this {
    this.settings = { ...this.settings, ...settings };
    return this;
  }

  /** Adds a vertex (a chain) whose head is the first operator added to it. Returns its id. */
  vertex(options: VertexOptions): string {
    const id = this.nextId();
    this.vertices.push({
      id,
      name: "",
      parallelism: options.parallelism,
      maxParallelism: options.maxParallelism ?? Math.max(128, options.parallelism),
      slotSharingGroup: options.slotSharingGroup ?? "default",
      operators: [],
    });
    return id;
  }

  /** Adds an operator to `vertexId`; returns its id. */
  operator(
    vertexId: string,
    name: string,
    factory: () => AnyStreamOperator,
    options: OperatorOptions = {},
  ): string {
    const vertex = this.vertices.find((v) => v.id === vertexId);
    if (!vertex) throw new Error(`unknown vertex ${vertexId}`);
    const id = vertex.operators.length === 0 ? vertex.id : this.nextId();
    const inputs: OperatorInput[][] = (options.inputs ?? []).map((refs, inputIndex) =>
      refs.map((ref) => this.input(vertex, id, inputIndex, ref)),
    );
    const spec: OperatorSpec = {
      id,
      name,
      kind: options.kind ?? "test",
      inputs,
      keyedInputs: inputs.map(() => false),
      ...(options.boundedness ? { boundedness: options.boundedness } : {}),
    };
    vertex.operators.push(spec);
    this.vertexOf.set(id, vertex);
    this.factories.set(id, factory);
    if (options.source) this.sources.set(id, options.source);
    return id;
  }

  build(): Pipeline {
    const vertices: JobVertex[] = this.vertices.map((v) => ({
      ...v,
      name: v.operators.map((o) => o.name).join(" -> "),
    }));
    const jobGraph: JobGraph = {
      jobName: this.jobName,
      settings: this.settings,
      vertices,
      edges: [...this.edges],
    };
    return {
      jobGraph,
      operatorFactories: this.factories,
      edgeKeySelectors: this.keySelectors,
      customPartitioners: this.partitioners,
      sources: this.sources,
    };
  }

  private input(vertex: MutableVertex, targetId: string, targetInput: number, ref: InputRef): OperatorInput {
    const producer = this.vertexOf.get(ref.from);
    if (!producer) throw new Error(`unknown operator ${ref.from}`);
    if (producer === vertex) {
      return ref.sideOutputTag === undefined
        ? { kind: "chained", operatorId: ref.from }
        : { kind: "chained", operatorId: ref.from, sideOutputTag: ref.sideOutputTag };
    }
    const edgeId = this.nextId();
    const partitioner =
      ref.partitioner ?? (producer.parallelism === vertex.parallelism ? "forward" : "rebalance");
    this.edges.push({
      id: edgeId,
      sourceVertexId: producer.id,
      sourceOperatorId: ref.from,
      ...(ref.sideOutputTag === undefined ? {} : { sideOutputTag: ref.sideOutputTag }),
      targetVertexId: vertex.id,
      targetOperatorId: targetId,
      targetInput,
      partitioner,
      exchangeMode: "pipelined",
    });
    if (ref.keySelector) this.keySelectors.set(edgeId, ref.keySelector);
    if (ref.customPartitioner) this.partitioners.set(edgeId, ref.customPartitioner);
    return { kind: "edge", edgeId };
  }

  private nextId(): string {
    return (++this.counter).toString(16).padStart(32, "0");
  }
}
