/**
 * Runs the tasks deployed into one slot, on the current thread: the part of a slot that is the
 * same whether the slot is a worker thread (`worker-main.ts`) or inline on the caller's thread.
 *
 * Guarantees: every deployed task reports exactly one terminal state through the listener, also
 * when its deployment is refused (`failDeployment`); `close()` cancels what still runs and
 * resolves once every task released its resources.
 */
import type { Clock } from "../../core/clock.js";
import { serializeError } from "../../core/errors.js";
import type { JobGraph } from "../../core/jobgraph.js";
import type { NetworkSettings } from "../network/types.js";
import type { UserCode } from "../task/operator-chain.js";
import { Task, type TaskListener } from "../task/task.js";
import type { TaskDeployment } from "./deployment.js";

export interface TaskSlotRuntimeOptions {
  readonly jobGraph: JobGraph;
  readonly code: UserCode;
  readonly clock: Clock;
  readonly networkSettings: NetworkSettings;
  readonly listener: TaskListener;
}

export class TaskSlotRuntime {
  private readonly tasks = new Map<string, Task>();

  constructor(private readonly options: TaskSlotRuntimeOptions) {}

  /** Creates and starts the task. */
  deploy(deployment: TaskDeployment): void {
    const { descriptor } = deployment;
    let task: Task;
    try {
      task = new Task({ ...this.options, descriptor, channels: deployment.channels });
    } catch (e) {
      failDeployment(deployment, e, this.options.listener);
      return;
    }
    this.tasks.set(descriptor.executionAttemptId, task);
    void task.terminated.then(() => this.tasks.delete(descriptor.executionAttemptId));
    task.start();
  }

  cancel(executionAttemptId: string): void {
    this.tasks.get(executionAttemptId)?.cancel();
  }

  deliverOperatorEvent(executionAttemptId: string, operatorId: string, event: unknown): void {
    this.tasks.get(executionAttemptId)?.deliverOperatorEvent(operatorId, event);
  }

  get numberOfTasks(): number {
    return this.tasks.size;
  }

  /** Cancels every task and waits until all of them terminated. */
  async close(): Promise<void> {
    const tasks = [...this.tasks.values()];
    for (const task of tasks) task.cancel();
    await Promise.all(tasks.map((t) => t.terminated));
  }
}

/** Reports a deployment that cannot run as FAILED with `error`, closing its channels. */
export function failDeployment(deployment: TaskDeployment, error: unknown, listener: TaskListener): void {
  for (const ports of [...deployment.channels.outputs, ...deployment.channels.inputs]) {
    for (const port of ports) port.close();
  }
  listener.onStateChange({
    jobId: deployment.descriptor.jobId,
    executionAttemptId: deployment.descriptor.executionAttemptId,
    state: "FAILED",
    error: serializeError(error),
  });
}
