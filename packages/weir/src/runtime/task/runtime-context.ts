/**
 * The `RuntimeContext` a task gives its operators, and job parameters: Flink's `ParameterTool`
 * view of the job arguments (`--key value`, `-key value`, `--key=value`, a bare `--flag` meaning
 * "true"), merged over the effective configuration.
 */

import type { RuntimeContext } from "../../operators/contract.js";
import { parseJobParameters } from "../../operators/job-parameters.js";
import { keyedStateUnavailable } from "../../operators/state/keyed-state-access.js";
import type { State, StateDescriptor } from "../../operators/state/keyed-state-backend.js";

export interface TaskInfo {
  readonly jobId: string;
  /** The vertex name (operator names joined with ` -> `). */
  readonly vertexName: string;
  readonly subtaskIndex: number;
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly attemptNumber: number;
}

/** Flink's subtask naming: `Map -> Filter (2/4)`. */
export function taskNameWithSubtask(vertexName: string, subtaskIndex: number, parallelism: number): string {
  return `${vertexName} (${subtaskIndex + 1}/${parallelism})`;
}

export class TaskRuntimeContext implements RuntimeContext {
  private readonly taskName: string;
  private readonly parameters: Readonly<Record<string, string>>;

  constructor(
    private readonly info: TaskInfo,
    private readonly args: readonly string[],
    config: Readonly<Record<string, string>>,
  ) {
    this.taskName = taskNameWithSubtask(info.vertexName, info.subtaskIndex, info.parallelism);
    this.parameters = Object.freeze({ ...config, ...parseJobParameters(args) });
  }

  getTaskName(): string {
    return this.info.vertexName;
  }
  getTaskNameWithSubtasks(): string {
    return this.taskName;
  }
  getIndexOfThisSubtask(): number {
    return this.info.subtaskIndex;
  }
  getNumberOfParallelSubtasks(): number {
    return this.info.parallelism;
  }
  getMaxNumberOfParallelSubtasks(): number {
    return this.info.maxParallelism;
  }
  getAttemptNumber(): number {
    return this.info.attemptNumber;
  }
  getJobId(): string {
    return this.info.jobId;
  }
  getJobArgs(): readonly string[] {
    return this.args;
  }
  getJobParameters(): Readonly<Record<string, string>> {
    return this.parameters;
  }

  // The task-wide context has no keyed state; the operator chain gives each operator its own
  // context (`OperatorRuntimeContext`) with the operator's keyed backend.
  getState = noKeyedState;
  getListState = noKeyedState;
  getMapState = noKeyedState;
  getReducingState = noKeyedState;
  getAggregatingState = noKeyedState;
}

function noKeyedState<S extends State>(descriptor: StateDescriptor<S>): never {
  throw keyedStateUnavailable(descriptor.name, "this task-level context");
}

export { parseJobParameters };
