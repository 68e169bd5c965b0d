/**
 * How a window operator stores a window's contents, and the adapters that turn the contents into
 * what the user's window function receives (Flink builds the same from `ReducingStateDescriptor`,
 * `AggregatingStateDescriptor`, `ListStateDescriptor` and the `Internal*WindowFunction` wrappers).
 *
 * - `reduce` / `aggregate` (no evictor): incremental state; the function receives one value.
 * - `process` / `apply` (no evictor): a list of the elements.
 * - with an evictor: always a list of timestamped elements; reduce/aggregate run over what the
 *   evictor kept, at firing time.
 */
import type { ReduceFunctionLike } from "../functions.js";
import type { AggregateFunction } from "../state/state-types.js";

export type WindowContentsSpec<IN, ACC> =
  | { readonly kind: "list" }
  | { readonly kind: "reduce"; readonly reduce: (a: IN, b: IN) => IN }
  | { readonly kind: "aggregate"; readonly aggregate: AggregateFunction<IN, unknown, ACC> };

export function reduceContents<T>(reducer: ReduceFunctionLike<T>): WindowContentsSpec<T, T> {
  const reduce = typeof reducer === "function" ? reducer : (a: T, b: T) => reducer.reduce(a, b);
  return { kind: "reduce", reduce };
}

export function aggregateContents<IN, ACC, R>(fn: AggregateFunction<IN, ACC, R>): WindowContentsSpec<IN, R> {
  return { kind: "aggregate", aggregate: fn as AggregateFunction<IN, unknown, R> };
}

export function listContents<IN>(): WindowContentsSpec<IN, IN> {
  return { kind: "list" };
}

/** Applies an incremental spec to a complete list (evicting windows). */
export function foldContents<IN, ACC>(spec: WindowContentsSpec<IN, ACC>, elements: readonly IN[]): ACC[] {
  switch (spec.kind) {
    case "list":
      return elements as unknown as ACC[];
    case "reduce": {
      if (elements.length === 0) return [];
      let acc = elements[0] as IN;
      for (let i = 1; i < elements.length; i++) acc = spec.reduce(acc, elements[i] as IN);
      return [acc as unknown as ACC];
    }
    case "aggregate": {
      let acc = spec.aggregate.createAccumulator();
      for (const e of elements) acc = spec.aggregate.add(e, acc);
      return [spec.aggregate.getResult(acc)];
    }
  }
}
