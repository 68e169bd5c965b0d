/**
 * A slot whose tasks run on the TaskExecutor's own thread with the live pipeline (the job was
 * built in this process: a test, a plain `node` program). Same tasks, same network stack as in a
 * worker thread; user code shares the thread with the cluster components, which the tasks'
 * cooperative loops allow.
 */
import type { UserCode } from "../task/operator-chain.js";
import type { TaskDeployment } from "./deployment.js";
import type { SlotHost, SlotHostContext } from "./slot-host.js";
import { TaskSlotRuntime } from "./slot-runtime.js";

export class InlineSlotHost implements SlotHost {
  private readonly runtime: TaskSlotRuntime;

  constructor(context: SlotHostContext, code: UserCode) {
    this.runtime = new TaskSlotRuntime({
      jobGraph: context.job.jobGraph,
      code,
      clock: context.clock,
      networkSettings: context.networkSettings,
      listener: context.listener,
    });
  }

  deploy(deployment: TaskDeployment): void {
    this.runtime.deploy(deployment);
  }

  cancel(executionAttemptId: string): void {
    this.runtime.cancel(executionAttemptId);
  }

  deliverOperatorEvent(executionAttemptId: string, operatorId: string, event: unknown): void {
    this.runtime.deliverOperatorEvent(executionAttemptId, operatorId, event);
  }

  close(): Promise<void> {
    return this.runtime.close();
  }
}
