/**
 * Validation and application of per-operator settings (`name`, `uid`, `setParallelism`, ...),
 * shared by `SingleOutputStreamOperator` and `DataStreamSink`. Bad values are `JobDefinitionError`s
 * raised at the call, naming the operator.
 */
import { JobDefinitionError } from "../core/errors.js";
import { UPPER_BOUND_MAX_PARALLELISM } from "../core/keygroups.js";
import type { PhysicalTransformation } from "./transformation.js";

export function setName(t: PhysicalTransformation, name: string): void {
  if (typeof name !== "string" || name.length === 0) {
    throw new JobDefinitionError(`operator '${t.name}': name() needs a non-empty string`);
  }
  t.name = name;
}

export function setUid(t: PhysicalTransformation, uid: string): void {
  if (typeof uid !== "string" || uid.length === 0) {
    throw new JobDefinitionError(`operator '${t.name}': uid() needs a non-empty string`);
  }
  t.uid = uid;
}

export function setParallelism(t: PhysicalTransformation, parallelism: number): void {
  checkParallelism(`operator '${t.name}'`, "setParallelism", parallelism);
  if (t.nonParallel && parallelism !== 1) {
    throw new JobDefinitionError(
      `The parallelism of non parallel operator '${t.name}' must be 1, got ${parallelism}`,
      {
        hint: "this operator always runs as a single subtask; use a parallel source or sink instead",
      },
    );
  }
  t.parallelism = parallelism;
}

export function setMaxParallelism(t: PhysicalTransformation, maxParallelism: number): void {
  checkParallelism(`operator '${t.name}'`, "setMaxParallelism", maxParallelism);
  t.maxParallelism = maxParallelism;
}

export function setSlotSharingGroup(t: PhysicalTransformation, group: string): void {
  if (typeof group !== "string" || group.length === 0) {
    throw new JobDefinitionError(`operator '${t.name}': slotSharingGroup() needs a non-empty string`);
  }
  t.slotSharingGroup = group;
}

/** Throws unless `value` is an integer in `[1, 32768]`. */
export function checkParallelism(subject: string, call: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > UPPER_BOUND_MAX_PARALLELISM) {
    throw new JobDefinitionError(
      `${subject}: ${call}(${value}) needs an integer in [1, ${UPPER_BOUND_MAX_PARALLELISM}]`,
    );
  }
}
