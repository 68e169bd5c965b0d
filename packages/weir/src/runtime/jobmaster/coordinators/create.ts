/**
 * Which operators get a coordinator: a `SourceCoordinator` for every operator of kind `source`
 * (its `Source` from `Pipeline.sources`), a `CollectCoordinator` for every `collectSink`.
 */
import { JobDefinitionError } from "../../../core/errors.js";
import type { JobGraph, JobVertex, OperatorSpec } from "../../../core/jobgraph.js";
import { COLLECT_SINK_OPERATOR_KIND, SOURCE_OPERATOR_KIND } from "../../../operators/coordination.js";
import type { Pipeline } from "../../../operators/executor.js";
import { CollectCoordinator } from "./collect-coordinator.js";
import type { OperatorCoordinator, OperatorCoordinatorContext } from "./coordinator.js";
import { SourceCoordinator } from "./source-coordinator.js";

export interface CreatedCoordinators {
  /** Every coordinator, by operator id. */
  readonly all: ReadonlyMap<string, OperatorCoordinator>;
  /** The collect coordinators among them. */
  readonly collect: ReadonlyMap<string, CollectCoordinator>;
}

export function createOperatorCoordinators(
  jobGraph: JobGraph,
  pipeline: Pick<Pipeline, "sources">,
  contextFor: (vertex: JobVertex, operator: OperatorSpec) => OperatorCoordinatorContext,
): CreatedCoordinators {
  const all = new Map<string, OperatorCoordinator>();
  const collect = new Map<string, CollectCoordinator>();
  for (const vertex of jobGraph.vertices) {
    for (const op of vertex.operators) {
      if (op.kind === SOURCE_OPERATOR_KIND) {
        const source = pipeline.sources.get(op.id);
        if (!source) {
          throw new JobDefinitionError(
            `the pipeline has no source for source operator '${op.name}' (${op.id})`,
          );
        }
        all.set(op.id, new SourceCoordinator(contextFor(vertex, op), source));
      } else if (op.kind === COLLECT_SINK_OPERATOR_KIND) {
        // The context lets it return credits (`collect.ack`) to the sink subtasks.
        const coordinator = new CollectCoordinator(contextFor(vertex, op));
        all.set(op.id, coordinator);
        collect.set(op.id, coordinator);
      }
    }
  }
  return { all, collect };
}
