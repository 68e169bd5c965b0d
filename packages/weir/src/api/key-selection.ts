/**
 * Turns the accepted forms of key selectors (lambda, `KeySelector` object, field expression) and
 * partitioners (lambda, `Partitioner` object) into the plain functions the Pipeline carries.
 */
import { JobDefinitionError } from "../core/errors.js";
import type { CustomPartitionerFn, KeySelectorFn } from "../operators/executor.js";
import { type FieldRef, fieldSelector } from "../operators/field-access.js";
import type { KeySelectorLike, PartitionerLike } from "../operators/functions.js";

export function toKeySelectorFn(
  selector: KeySelectorLike<never, unknown> | FieldRef,
  usage: string,
): KeySelectorFn {
  if (typeof selector === "function") return selector as KeySelectorFn;
  if (typeof selector === "number" || typeof selector === "string")
    return fieldSelector(selector, `${usage}(${JSON.stringify(selector)})`);
  if (typeof selector === "object" && selector !== null && typeof selector.getKey === "function") {
    return (value) => selector.getKey(value as never);
  }
  throw new JobDefinitionError(
    `${usage}: expected a key selector function, a KeySelector or a field, got ${typeof selector}`,
  );
}

export function toPartitionerFn(partitioner: PartitionerLike<never>): CustomPartitionerFn {
  if (typeof partitioner === "function") return partitioner as CustomPartitionerFn;
  if (
    typeof partitioner === "object" &&
    partitioner !== null &&
    typeof partitioner.partition === "function"
  ) {
    return (key, numPartitions) => partitioner.partition(key as never, numPartitions);
  }
  throw new JobDefinitionError(
    `partitionCustom: expected a partitioner function or a Partitioner, got ${typeof partitioner}`,
  );
}
