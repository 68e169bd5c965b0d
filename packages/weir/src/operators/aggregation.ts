/**
 * The built-in rolling aggregations of `KeyedStream` (Flink's `SumAggregator` and
 * `ComparableAggregator`), as reduce functions for `StreamGroupedReduceOperator`:
 * - `sum`, `min`, `max`: the result is the *first* element seen for the key with only the
 *   aggregated field replaced (by the running sum, minimum or maximum);
 * - `minBy`, `maxBy`: the result is the whole element holding the minimum or maximum; on ties
 *   the earlier element wins when `first` is true (the default), the later one otherwise.
 * Results are fresh copies when they change: an emitted value is never mutated afterwards.
 * `sum` adds numbers or bigints; comparisons use `<` (numbers, strings, bigints, Dates).
 */
import { JobDefinitionError } from "../core/errors.js";
import { type FieldRef, getField, setField, withField } from "./field-access.js";

export type AggregationKind = "sum" | "min" | "max" | "minBy" | "maxBy";

export function createAggregationFunction<T>(
  kind: AggregationKind,
  field: FieldRef,
  first = true,
): (accumulator: T, value: T) => T {
  const usage = `${kind}(${JSON.stringify(field)})`;
  switch (kind) {
    case "sum":
    case "min":
    case "max":
      return foldField<T>(kind, field, usage, withField);
    case "minBy":
    case "maxBy": {
      const sign = kind === "minBy" ? 1 : -1;
      return (acc, value) => {
        const c = sign * compare(getField(value, field, usage), getField(acc, field, usage));
        if (c === 0) return first ? acc : value;
        return c < 0 ? value : acc;
      };
    }
  }
}

/**
 * The in-place form of `sum`, `min` and `max`, for a caller that owns `accumulator` (a copy it
 * made, never a record it was given): the aggregated field is overwritten and `accumulator` is
 * returned (for a primitive record, the new value). Results and errors equal those of
 * `createAggregationFunction`. `minBy` and `maxBy` pick whole records and have no in-place form.
 */
export function createInPlaceAggregationFunction<T>(
  kind: AggregationKind,
  field: FieldRef,
): ((accumulator: T, value: T) => T) | undefined {
  if (kind === "minBy" || kind === "maxBy") return undefined;
  return foldField<T>(kind, field, `${kind}(${JSON.stringify(field)})`, setField);
}

/** How a fold writes its result field: `withField` (a copy) or `setField` (in place). */
type FieldWriter = <V>(value: V, field: FieldRef, fieldValue: unknown) => V;

/** `sum`, `min` or `max` of `field`, writing the result with `write`. */
function foldField<T>(
  kind: "sum" | "min" | "max",
  field: FieldRef,
  usage: string,
  write: FieldWriter,
): (accumulator: T, value: T) => T {
  if (kind !== "sum") {
    const sign = kind === "min" ? 1 : -1;
    return (acc, value) => {
      const current = getField(acc, field, usage);
      const candidate = getField(value, field, usage);
      return sign * compare(candidate, current) < 0 ? write(acc, field, candidate) : acc;
    };
  }
  const generic = (acc: T, value: T): T =>
    write(acc, field, add(getField(acc, field, usage), getField(value, field, usage), usage));
  if (typeof field !== "number" || !Number.isInteger(field) || field < 0) return generic;
  // Tuples of numbers (WordCount's [word, 1]) skip the generic field access; anything else,
  // including every error case, takes the generic path.
  return (acc, value) => {
    if (Array.isArray(acc) && Array.isArray(value) && field < acc.length && field < value.length) {
      const a: unknown = acc[field];
      const b: unknown = value[field];
      if (typeof a === "number" && typeof b === "number") return write(acc, field, a + b);
    }
    return generic(acc, value);
  };
}

function add(a: unknown, b: unknown, usage: string): number | bigint {
  if (typeof a === "number" && typeof b === "number") return a + b;
  if (typeof a === "bigint" && typeof b === "bigint") return a + b;
  throw new JobDefinitionError(`${usage}: cannot add ${typeof a} and ${typeof b}`, {
    hint: "sum() needs a field holding numbers (or bigints) in every record",
  });
}

function compare(a: unknown, b: unknown): number {
  const x = a as number;
  const y = b as number;
  return x < y ? -1 : x > y ? 1 : 0;
}
