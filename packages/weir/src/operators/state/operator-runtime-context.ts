/**
 * The `RuntimeContext` of one operator (Flink's `StreamingRuntimeContext`): the task's context
 * (names, indices, job parameters) plus keyed state from the operator's keyed state backend, in
 * the default namespace. Without a backend (non-keyed operator) the state methods throw a
 * `JobDefinitionError` naming the state and the operator.
 */
import type { RuntimeContext } from "../contract.js";
import { keyedStateUnavailable } from "./keyed-state-access.js";
import {
  type AggregatingState,
  type AggregatingStateDescriptor,
  type KeyedStateBackend,
  type ListState,
  type ListStateDescriptor,
  type MapState,
  type MapStateDescriptor,
  type ReducingState,
  type ReducingStateDescriptor,
  type State,
  type StateDescriptor,
  type ValueState,
  type ValueStateDescriptor,
  VOID_NAMESPACE,
} from "./keyed-state-backend.js";

/** A `RuntimeContext` without keyed state: what a task knows about itself. */
export type TaskRuntimeInfo = Omit<
  RuntimeContext,
  "getState" | "getListState" | "getMapState" | "getReducingState" | "getAggregatingState"
>;

export class OperatorRuntimeContext implements RuntimeContext {
  constructor(
    private readonly task: TaskRuntimeInfo,
    private readonly operatorName: string,
    private readonly backend: KeyedStateBackend<unknown> | undefined,
  ) {}

  getTaskName(): string {
    return this.task.getTaskName();
  }
  getTaskNameWithSubtasks(): string {
    return this.task.getTaskNameWithSubtasks();
  }
  getIndexOfThisSubtask(): number {
    return this.task.getIndexOfThisSubtask();
  }
  getNumberOfParallelSubtasks(): number {
    return this.task.getNumberOfParallelSubtasks();
  }
  getMaxNumberOfParallelSubtasks(): number {
    return this.task.getMaxNumberOfParallelSubtasks();
  }
  getAttemptNumber(): number {
    return this.task.getAttemptNumber();
  }
  getJobId(): string {
    return this.task.getJobId();
  }
  getJobArgs(): readonly string[] {
    return this.task.getJobArgs();
  }
  getJobParameters(): Readonly<Record<string, string>> {
    return this.task.getJobParameters();
  }

  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T> {
    return this.keyed(descriptor);
  }
  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T> {
    return this.keyed(descriptor);
  }
  getMapState<UK, UV>(descriptor: MapStateDescriptor<UK, UV>): MapState<UK, UV> {
    return this.keyed(descriptor);
  }
  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T> {
    return this.keyed(descriptor);
  }
  getAggregatingState<IN, ACC, OUT>(
    descriptor: AggregatingStateDescriptor<IN, ACC, OUT>,
  ): AggregatingState<IN, OUT> {
    return this.keyed(descriptor);
  }

  private keyed<S extends State>(descriptor: StateDescriptor<S>): S {
    const backend = this.backend;
    if (backend === undefined)
      throw keyedStateUnavailable(descriptor.name, `operator '${this.operatorName}'`);
    return backend.getPartitionedState(VOID_NAMESPACE, descriptor);
  }
}
