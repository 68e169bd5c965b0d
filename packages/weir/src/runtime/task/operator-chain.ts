/**
 * Builds the operator chain of one task from its `JobVertex` (Flink's `OperatorChain`): one fresh
 * operator per `OperatorSpec` from the pipeline's factories, each with a `ChainOutput` linking it
 * to its chained successors and to the record writers of the network edges it feeds, a watermark
 * valve over all its input channels, and the dispatch of each incoming network edge to its target
 * operator input.
 *
 * The builder only wires; it calls no operator method except `setup`. Errors in the graph (a
 * missing factory, a key selector missing for a hash edge, an arity mismatch) are reported as
 * `JobDefinitionError`s naming the operator or edge.
 */
import { JobDefinitionError } from "../../core/errors.js";
import {
  inputEdgesOf,
  type JobEdge,
  type JobGraph,
  type JobVertex,
  outputEdgesOf,
} from "../../core/jobgraph.js";
import { computeKeyGroupRangeForOperatorIndex } from "../../core/keygroups.js";
import type {
  AnyStreamOperator,
  OperatorContext,
  SourceStreamOperator,
  StreamRecord,
} from "../../operators/contract.js";
import type { Pipeline } from "../../operators/executor.js";
import type { BatchKeyScope } from "../../operators/state/batch-key-scope.js";
import { OperatorStateServices } from "../../operators/state/operator-state-services.js";
import { createRecordWriter, type PortLike } from "../network/index.js";
import type { NetworkSettings, RecordWriter } from "../network/types.js";
import { ChainedLink, ChainOutput, type OutputLink, WriterLink } from "./chain-output.js";
import { WatermarkValve } from "./watermark-valve.js";

/** The user code a task needs: what the job module's captured pipeline provides. */
export type UserCode = Pick<Pipeline, "operatorFactories" | "edgeKeySelectors" | "customPartitioners">;

export interface ChainedOperator {
  readonly id: string;
  readonly name: string;
  readonly operator: AnyStreamOperator;
  readonly output: ChainOutput;
  /** Undefined for a source (no inputs). */
  readonly valve: WatermarkValve | undefined;
  /** The operator's state backends and timer services (see `operators/state/operator-state-services.ts`). */
  readonly stateServices: OperatorStateServices;
  /**
   * BATCH keyed operators only: the sorted-input driver calls `finishCurrentKey()` after each key
   * (see `operators/state/batch-key-scope.ts`); the MAX watermark ends the input.
   */
  readonly batchKeyScope: BatchKeyScope | undefined;
}

/** How records and events of one incoming network edge reach their operator. */
export interface EdgeInput {
  readonly process: (record: StreamRecord<unknown>) => void;
  readonly valve: WatermarkValve;
  /** Valve channel of producer subtask 0; producer `p` is `channelBase + p`. */
  readonly channelBase: number;
}

export interface OperatorChain {
  /** In chain order, head first. */
  readonly operators: readonly ChainedOperator[];
  /** The head when it is a source operator (a source task). */
  readonly source: SourceStreamOperator<unknown> | undefined;
  /** One per output edge, in `outputEdgesOf` order. */
  readonly writers: readonly RecordWriter[];
  /** One per input edge, in `inputEdgesOf` order (the input gate's edge indices). */
  readonly edgeInputs: readonly EdgeInput[];
}

export interface ChainBuildOptions {
  readonly jobGraph: JobGraph;
  readonly vertex: JobVertex;
  readonly subtaskIndex: number;
  readonly code: UserCode;
  /** Ports of the output edges: `[edge][consumer subtask]`. */
  readonly outputPorts: readonly (readonly PortLike[])[];
  readonly networkSettings: NetworkSettings;
  /** The operator context of operator `index`, given its output. */
  readonly contextFor: (index: number, output: ChainOutput) => OperatorContext<unknown>;
  /** Writers created so far are registered here first, so that a failing build can abort them. */
  readonly onWriterCreated: (writer: RecordWriter) => void;
}

export function buildOperatorChain(options: ChainBuildOptions): OperatorChain {
  const { jobGraph, vertex, code } = options;
  const specs = vertex.operators;
  const indexOf = new Map(specs.map((s, i) => [s.id, i]));
  const vertexById = new Map(jobGraph.vertices.map((v) => [v.id, v]));
  const inEdges = inputEdgesOf(jobGraph, vertex.id);
  const outEdges = outputEdgesOf(jobGraph, vertex.id);

  const operators = specs.map((spec) => {
    const factory = code.operatorFactories.get(spec.id);
    if (!factory) {
      throw new JobDefinitionError(
        `no operator factory for operator '${spec.name}' (${spec.id}) in the job's pipeline`,
        {
          hint: "the job module must build the same graph on every run; check for non-deterministic graph construction",
        },
      );
    }
    return factory();
  });
  const keyGroupRange = computeKeyGroupRangeForOperatorIndex(
    vertex.maxParallelism,
    vertex.parallelism,
    options.subtaskIndex,
  );
  const services = operators.map(
    (op) =>
      new OperatorStateServices(op, {
        maxParallelism: vertex.maxParallelism,
        keyGroupRange,
        runtimeMode: jobGraph.settings.runtimeMode,
      }),
  );

  // Valve sizes: one channel per chained upstream, one per producer subtask of each input edge.
  const channelCounts = specs.map(() => 0);
  specs.forEach((spec, i) => {
    for (const input of spec.inputs) for (const src of input) if (src.kind === "chained") channelCounts[i]!++;
  });
  const edgeTargets = inEdges.map((edge) => {
    const target = indexOf.get(edge.targetOperatorId);
    if (target === undefined)
      throw invalidEdge(edge, `its target operator is not in vertex '${vertex.name}'`);
    const producer = vertexById.get(edge.sourceVertexId);
    if (!producer) throw invalidEdge(edge, "its source vertex does not exist");
    const channelBase = channelCounts[target]!;
    channelCounts[target] = channelBase + producer.parallelism;
    return { target, channelBase };
  });

  const chained: ChainedOperator[] = [];
  const valves = operators.map((op, i) => {
    if (op.inputArity === 0) return undefined;
    // Idle/active status is forwarded to the operator's outputs (operators do not see it).
    return new WatermarkValve(channelCounts[i]!, services[i]!.onWatermark, (idle) =>
      chained[i]?.output.emitWatermarkStatus(idle),
    );
  });

  const processorOf = (i: number, input: number): ((record: StreamRecord<unknown>) => void) => {
    const op = operators[i]!;
    const spec = specs[i]!;
    if (op.inputArity === 0) {
      throw new JobDefinitionError(`source operator '${spec.name}' (${spec.id}) cannot have inputs`);
    }
    if (op.inputArity === 1) {
      if (input !== 0)
        throw new JobDefinitionError(`one-input operator '${spec.name}' has no input ${input}`);
      return services[i]!.processorFor(0);
    }
    if (input === 0 || input === 1) return services[i]!.processorFor(input);
    throw new JobDefinitionError(`two-input operator '${spec.name}' has no input ${input}`);
  };

  // Links into chained operators, grouped by upstream operator.
  const links: OutputLink[][] = specs.map(() => []);
  const chainedChannel = specs.map(() => 0);
  specs.forEach((spec, i) => {
    spec.inputs.forEach((input, inputIndex) => {
      for (const src of input) {
        if (src.kind !== "chained") continue;
        const upstream = indexOf.get(src.operatorId);
        if (upstream === undefined || upstream >= i) {
          throw new JobDefinitionError(
            `operator '${spec.name}' (${spec.id}) is chained to '${src.operatorId}', which is not earlier in its chain`,
          );
        }
        const channel = chainedChannel[i]!++;
        links[upstream]!.push(
          new ChainedLink(src.sideOutputTag, processorOf(i, inputIndex), valves[i]!, channel),
        );
      }
    });
  });

  const writers = outEdges.map((edge, e) => {
    const upstream = indexOf.get(edge.sourceOperatorId);
    if (upstream === undefined)
      throw invalidEdge(edge, `its source operator is not in vertex '${vertex.name}'`);
    const consumer = vertexById.get(edge.targetVertexId);
    if (!consumer) throw invalidEdge(edge, "its target vertex does not exist");
    const ports = options.outputPorts[e];
    if (!ports || ports.length !== consumer.parallelism)
      throw invalidEdge(edge, "its channels were not deployed");
    const keySelector = code.edgeKeySelectors.get(edge.id);
    const customPartitioner = code.customPartitioners.get(edge.id);
    if ((edge.partitioner === "hash" || edge.partitioner === "custom") && !keySelector) {
      throw invalidEdge(edge, `the pipeline has no key selector for this ${edge.partitioner} edge`);
    }
    if (edge.partitioner === "custom" && !customPartitioner) {
      throw invalidEdge(edge, "the pipeline has no partitioner for this custom edge");
    }
    const writer = createRecordWriter({
      ports,
      partitioner: edge.partitioner,
      producerSubtask: options.subtaskIndex,
      producerParallelism: vertex.parallelism,
      consumerMaxParallelism: consumer.maxParallelism,
      settings: options.networkSettings,
      ...(keySelector ? { keySelector } : {}),
      ...(customPartitioner ? { customPartitioner } : {}),
    });
    options.onWriterCreated(writer);
    links[upstream]!.push(new WriterLink(edge.sideOutputTag, writer));
    return writer;
  });

  specs.forEach((spec, i) => {
    const output = new ChainOutput(links[i]!);
    const operator = operators[i]!;
    const stateServices = services[i]!;
    const context = stateServices.extendContext(options.contextFor(i, output));
    operator.setup({ ...context, autoWatermarkIntervalMs: jobGraph.settings.autoWatermarkIntervalMs });
    chained.push({
      id: spec.id,
      name: spec.name,
      operator,
      output,
      valve: valves[i],
      stateServices,
      batchKeyScope: stateServices.batchKeyScope,
    });
  });

  const edgeInputs = inEdges.map((edge, e): EdgeInput => {
    const { target, channelBase } = edgeTargets[e]!;
    return { process: processorOf(target, edge.targetInput), valve: valves[target]!, channelBase };
  });

  const head = operators[0];
  const source = head?.inputArity === 0 ? head : undefined;
  operators.forEach((op, i) => {
    if (i > 0 && op.inputArity === 0) {
      throw new JobDefinitionError(`source operator '${specs[i]!.name}' must be the head of its chain`);
    }
  });
  if (source && inEdges.length > 0) {
    throw new JobDefinitionError(`source vertex '${vertex.name}' cannot have input edges`);
  }
  return { operators: chained, source, writers, edgeInputs };
}

function invalidEdge(edge: JobEdge, reason: string): JobDefinitionError {
  return new JobDefinitionError(
    `invalid job graph: edge ${edge.id} (${edge.sourceOperatorId} -> ${edge.targetOperatorId}): ${reason}`,
  );
}
