/**
 * A slot whose tasks run on their own worker thread (one `Worker` per slot, started at the first
 * deployment). The worker imports the job artifact, re-captures the pipeline and checks its
 * fingerprint (worker-main.ts); deployments, cancellations and operator events are posted to it,
 * and it posts task states and operator events back.
 *
 * Guarantees: every task deployed here reports exactly one terminal state: its own, or, if the
 * thread dies (uncaught error, exit, `close()`), FAILED with the reason (CANCELED if it was being
 * cancelled). `close()` asks the worker to cancel its tasks, waits at most
 * `WORKER_CLOSE_GRACE_MS` of the injected clock for it, then terminates the thread.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type MessagePort, Worker } from "node:worker_threads";
import type { TimerHandle } from "../../core/clock.js";
import { readOption } from "../../core/config/option.js";
import { TaskManagerOptions } from "../../core/config/options.js";
import { ExternalError, InternalError, serializeError } from "../../core/errors.js";
import type { TaskDeployment } from "./deployment.js";
import type { SlotHost, SlotHostContext } from "./slot-host.js";
import { failDeployment } from "./slot-runtime.js";
import type { HostToWorkerMessage, WorkerInit, WorkerToHostMessage } from "./worker-protocol.js";

/** How long `close()` lets a worker cancel its tasks before terminating it. */
export const WORKER_CLOSE_GRACE_MS = 5_000;
/**
 * How long a cancelled task may take to stop before its worker thread is terminated (the
 * analogue of Flink's `task.cancellation.timeout`; a task stuck in user code cannot be stopped
 * any other way). The slot's other tasks belong to the same job, which is being cancelled too.
 */
export const TASK_CANCELLATION_TIMEOUT_MS = 30_000;

/**
 * The compiled worker entry module. From the sources (tests run TypeScript directly) this is the
 * build output under `dist/`, which `npm run build` produces.
 */
export function workerMainUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    return new URL(
      here.replace(/\/src\/runtime\/taskexecutor\/[^/]+\.ts$/, "/dist/runtime/taskexecutor/worker-main.js"),
    );
  }
  return new URL("./worker-main.js", here);
}

interface LiveTask {
  cancelRequested: boolean;
}

export class WorkerSlotHost implements SlotHost {
  private worker: Worker | undefined;
  private readonly live = new Map<string, LiveTask>();
  /** Set once the thread is gone (or must not be started any more). */
  private gone: Error | undefined;
  private closing = false;
  private closedWaiters: (() => void)[] = [];
  private readonly watchdogs: TimerHandle[] = [];

  constructor(private readonly context: SlotHostContext) {}

  deploy(deployment: TaskDeployment): void {
    if (this.gone) {
      failDeployment(deployment, this.gone, this.context.listener);
      return;
    }
    let worker: Worker;
    try {
      worker = this.ensureWorker();
    } catch (e) {
      failDeployment(deployment, e, this.context.listener);
      return;
    }
    const { descriptor, channels } = deployment;
    this.live.set(descriptor.executionAttemptId, { cancelRequested: false });
    const transfer = [...channels.outputs.flat(), ...channels.inputs.flat()] as unknown as MessagePort[];
    this.post(worker, { type: "deploy", descriptor, channels }, transfer);
  }

  cancel(executionAttemptId: string): void {
    const task = this.live.get(executionAttemptId);
    if (!task || !this.worker) return;
    task.cancelRequested = true;
    this.post(this.worker, { type: "cancel", executionAttemptId });
    const { clock } = this.context;
    const watchdog = clock.setTimer(clock.now() + TASK_CANCELLATION_TIMEOUT_MS, () => {
      if (!this.live.has(executionAttemptId) || this.gone) return;
      const worker = this.worker;
      this.onThreadGone(
        new ExternalError("a cancelled task did not stop in time; its worker thread was terminated"),
      );
      void worker?.terminate();
    });
    this.watchdogs.push(watchdog);
  }

  deliverOperatorEvent(executionAttemptId: string, operatorId: string, event: unknown): void {
    if (!this.worker || !this.live.has(executionAttemptId)) return;
    this.post(this.worker, { type: "operatorEvent", executionAttemptId, operatorId, event });
  }

  async close(): Promise<void> {
    this.closing = true;
    const worker = this.worker;
    if (!worker || this.gone) {
      this.gone ??= new ExternalError("the slot was released");
      return;
    }
    const { clock } = this.context;
    await new Promise<void>((resolve) => {
      const timer = clock.setTimer(clock.now() + WORKER_CLOSE_GRACE_MS, resolve);
      this.closedWaiters.push(() => {
        timer.cancel();
        resolve();
      });
      this.post(worker, { type: "close" });
    });
    await worker.terminate();
    this.onThreadGone(new ExternalError("the slot was released while its tasks were running"));
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const { job, networkSettings } = this.context;
    if (!job.artifact) throw new InternalError("a worker slot needs the job artifact");
    const url = workerMainUrl();
    if (!existsSync(fileURLToPath(url))) {
      throw new ExternalError(`the worker entry module ${fileURLToPath(url)} does not exist`, {
        hint: "build the package first (npm run build)",
        retryable: false,
      });
    }
    const init: WorkerInit = { job, networkSettings };
    const heapBytes = readOption(job.jobGraph.settings.config, TaskManagerOptions.TASK_HEAP_SIZE);
    const worker = new Worker(url, {
      workerData: init,
      ...(heapBytes > 0
        ? { resourceLimits: { maxOldGenerationSizeMb: Math.max(16, Math.round(heapBytes / 2 ** 20)) } }
        : {}),
    });
    worker.on("message", (message: WorkerToHostMessage) => this.onMessage(message));
    worker.on("error", (error) => this.onThreadGone(error));
    worker.on("messageerror", (error) => this.onThreadGone(error));
    worker.on("exit", (code) => {
      this.onThreadGone(
        new ExternalError(`the slot's worker thread exited unexpectedly (exit code ${code})`),
      );
    });
    this.worker = worker;
    return worker;
  }

  private post(worker: Worker, message: HostToWorkerMessage, transfer: readonly MessagePort[] = []): void {
    try {
      worker.postMessage(message, transfer);
    } catch (e) {
      this.onThreadGone(
        e instanceof Error ? e : new ExternalError("could not post to the worker", { cause: e }),
      );
    }
  }

  private onMessage(message: WorkerToHostMessage): void {
    const { listener } = this.context;
    switch (message.type) {
      case "state": {
        const { update } = message;
        const terminal =
          update.state === "FINISHED" || update.state === "CANCELED" || update.state === "FAILED";
        if (!this.live.has(update.executionAttemptId)) return;
        if (terminal) this.live.delete(update.executionAttemptId);
        listener.onStateChange(update);
        break;
      }
      case "operatorEvent":
        listener.onOperatorEvent(message.executionAttemptId, message.operatorId, message.event);
        break;
      case "closed":
        for (const w of this.closedWaiters.splice(0)) w();
        break;
    }
  }

  /** The thread is gone: every task that did not report a terminal state reports one now. */
  private onThreadGone(reason: Error): void {
    this.gone ??= reason;
    for (const w of this.watchdogs.splice(0)) w.cancel();
    for (const w of this.closedWaiters.splice(0)) w();
    const live = [...this.live];
    this.live.clear();
    const { job, listener } = this.context;
    for (const [executionAttemptId, task] of live) {
      if (task.cancelRequested || this.closing) {
        listener.onStateChange({ jobId: job.jobId, executionAttemptId, state: "CANCELED" });
      } else {
        listener.onStateChange({
          jobId: job.jobId,
          executionAttemptId,
          state: "FAILED",
          error: serializeError(reason),
        });
      }
    }
  }
}
