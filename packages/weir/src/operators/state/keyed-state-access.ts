/**
 * Keyed state as user functions ask for it (Flink's `KeyedStateStore`, the state half of
 * `RuntimeContext`): handles in the default namespace, scoped to the key of the record being
 * processed. `RuntimeContext` extends this; on non-keyed streams every method throws a
 * `JobDefinitionError` (see `keyedStateUnavailable`).
 */
import { JobDefinitionError } from "../../core/errors.js";
import type {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from "./state-descriptors.js";
import type { AggregatingState, ListState, MapState, ReducingState, ValueState } from "./state-types.js";

export interface KeyedStateAccess {
  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T>;
  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T>;
  getMapState<UK, UV>(descriptor: MapStateDescriptor<UK, UV>): MapState<UK, UV>;
  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T>;
  getAggregatingState<IN, ACC, OUT>(
    descriptor: AggregatingStateDescriptor<IN, ACC, OUT>,
  ): AggregatingState<IN, OUT>;
}

/** The error for keyed state asked for outside a keyed stream. */
export function keyedStateUnavailable(stateName: string, where: string): JobDefinitionError {
  return new JobDefinitionError(
    `keyed state '${stateName}' is only available on keyed streams, but ${where} is not keyed`,
    {
      hint: "apply the function after keyBy(...), or use operator state (CheckpointedFunction.initializeState) for non-keyed state",
    },
  );
}
