/**
 * Turns a `JobResult` into what a client throws (ARCHITECTURE §10): a job that failed because of
 * its definition (too few slots, a graph mismatch in a worker) gives the `JobDefinitionError`
 * itself; a failure in user code gives a `JobExecutionError` naming the job and the task
 * (`Map (2/4)`), with the user's message, the user's stack kept as text, and the original error
 * as the cause; a cancelled job gives a `JobExecutionError` saying so.
 */
import { deserializeError, JobDefinitionError, JobExecutionError } from "../../core/errors.js";
import type { JobExecutionResult } from "../../operators/executor.js";
import type { JobResult } from "./gateway.js";

/** The error a client raises for `result`, or undefined when the job finished. */
export function jobResultError(result: JobResult): Error | undefined {
  if (result.status === "FINISHED") return undefined;
  if (result.status === "CANCELED") {
    return new JobExecutionError(result.jobId, `job '${result.jobName}' (${result.jobId}) was cancelled`);
  }
  const failure = result.failure;
  if (!failure)
    return new JobExecutionError(result.jobId, `job '${result.jobName}' (${result.jobId}) failed`);
  const cause = deserializeError(failure.error);
  if (failure.error.name === "JobDefinitionError") {
    return new JobDefinitionError(
      failure.error.message,
      failure.error.hint === undefined ? { cause } : { cause, hint: failure.error.hint },
    );
  }
  const where = failure.taskName === undefined ? "" : ` in task '${failure.taskName}'`;
  return new JobExecutionError(
    result.jobId,
    `job '${result.jobName}' (${result.jobId}) failed${where}: ${failure.error.name}: ${failure.error.message}`,
    {
      cause,
      ...(failure.taskName === undefined ? {} : { taskName: failure.taskName }),
      ...(failure.error.stack === undefined ? {} : { userStack: failure.error.stack }),
    },
  );
}

export function toJobExecutionResult(result: JobResult): JobExecutionResult {
  return { jobId: result.jobId, jobName: result.jobName, netRuntimeMs: result.endTime - result.startTime };
}
