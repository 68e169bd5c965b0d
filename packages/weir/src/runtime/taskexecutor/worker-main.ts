/**
 * Entry module of a slot's worker thread (compiled to dist/runtime/taskexecutor/worker-main.js).
 *
 * On start it enables source maps (so user stacks point at the job's TypeScript lines), imports
 * the job artifact, re-runs the job's `main(args)` in plan-capture mode to get the pipeline (the
 * user functions by operator and edge id), and compares the captured graph's fingerprint with
 * the JobMaster's. A mismatch (non-deterministic graph construction) or an import failure fails
 * every task deployed into the slot with a clear error; otherwise the tasks run on this thread's
 * `TaskSlotRuntime`. Deployments that arrive while the pipeline is being captured wait for it.
 */
import { parentPort, workerData } from "node:worker_threads";
import { SystemClock } from "../../core/clock.js";
import { JobDefinitionError } from "../../core/errors.js";
import { describeFirstDifference, fingerprintJobGraph } from "../../core/fingerprint.js";
import { capturePipeline } from "../../operators/executor.js";
import { loadJobMain } from "../artifact/index.js";
import type { TaskListener } from "../task/task.js";
import type { JobInformation, TaskDeployment } from "./deployment.js";
import { failDeployment, TaskSlotRuntime } from "./slot-runtime.js";
import type { HostToWorkerMessage, WorkerInit, WorkerToHostMessage } from "./worker-protocol.js";

process.setSourceMapsEnabled(true);

const port = parentPort;
if (!port) throw new Error("worker-main must run in a worker thread");
const init = workerData as WorkerInit;

const post = (message: WorkerToHostMessage): void => port.postMessage(message);
const listener: TaskListener = {
  onStateChange: (update) => post({ type: "state", update }),
  onOperatorEvent: (executionAttemptId, operatorId, event) =>
    post({ type: "operatorEvent", executionAttemptId, operatorId, event }),
};

async function createRuntime(job: JobInformation): Promise<TaskSlotRuntime> {
  if (!job.artifact) throw new JobDefinitionError("a worker slot needs the job artifact");
  const main = await loadJobMain(job.artifact.path);
  const pipeline = await capturePipeline(
    main,
    job.artifact.args,
    job.jobGraph.settings.config,
    job.artifact.jobIndex ?? 0,
  );
  if (job.fingerprint !== undefined && fingerprintJobGraph(pipeline.jobGraph) !== job.fingerprint) {
    const difference = describeFirstDifference(job.jobGraph, pipeline.jobGraph) ?? "the graphs differ";
    throw new JobDefinitionError(
      `the job graph built in the worker differs from the one submitted: ${difference}`,
      {
        hint: "build the job graph deterministically (no randomness, time or environment in main() before execute())",
      },
    );
  }
  return new TaskSlotRuntime({
    jobGraph: job.jobGraph,
    code: pipeline,
    clock: SystemClock.INSTANCE,
    networkSettings: init.networkSettings,
    listener,
  });
}

const runtime = createRuntime(init.job);
// A failed capture is reported per deployment; keep it from being an unhandled rejection.
runtime.catch(() => undefined);

function withRuntime(action: (rt: TaskSlotRuntime) => void, onError?: (error: unknown) => void): void {
  runtime.then(action, (error: unknown) => onError?.(error));
}

port.on("message", (message: HostToWorkerMessage) => {
  switch (message.type) {
    case "deploy": {
      const deployment: TaskDeployment = {
        job: init.job,
        descriptor: message.descriptor,
        channels: message.channels,
      };
      withRuntime(
        (rt) => rt.deploy(deployment),
        (error) => failDeployment(deployment, error, listener),
      );
      break;
    }
    case "cancel":
      withRuntime((rt) => rt.cancel(message.executionAttemptId));
      break;
    case "operatorEvent":
      withRuntime((rt) =>
        rt.deliverOperatorEvent(message.executionAttemptId, message.operatorId, message.event),
      );
      break;
    case "close":
      runtime
        .then((rt) => rt.close())
        .catch(() => undefined)
        .finally(() => post({ type: "closed" }))
        .catch(() => undefined);
      break;
  }
});
