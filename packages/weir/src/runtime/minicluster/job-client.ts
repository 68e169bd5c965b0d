/**
 * A `JobClient` on a job of a MiniCluster, talking to its Dispatcher (Flink's
 * `MiniClusterJobClient`). `collect` polls the job's collect coordinator until the job ended.
 */
import type { JobClient, JobExecutionResult, JobStatus } from "../../operators/executor.js";
import type { DispatcherGateway } from "../dispatcher/gateway.js";
import type { CollectResultBatch, JobDetails, JobResult } from "../jobmaster/gateway.js";
import { jobResultError, toJobExecutionResult } from "../jobmaster/job-result.js";

export class MiniClusterJobClient implements JobClient {
  constructor(
    readonly jobId: string,
    private readonly dispatcher: DispatcherGateway,
  ) {}

  getJobStatus(): Promise<JobStatus> {
    return this.dispatcher.requestJobStatus(this.jobId);
  }

  /** Per-vertex, per-subtask execution states. */
  getJobDetails(): Promise<JobDetails> {
    return this.dispatcher.requestJobDetails(this.jobId);
  }

  cancel(): Promise<void> {
    return this.dispatcher.cancelJob(this.jobId);
  }

  /** The raw result (no error thrown for failed or cancelled jobs). */
  getJobResult(): Promise<JobResult> {
    return this.dispatcher.requestJobResult(this.jobId);
  }

  async getJobExecutionResult(): Promise<JobExecutionResult> {
    const result = await this.getJobResult();
    const error = jobResultError(result);
    if (error) throw error;
    return toJobExecutionResult(result);
  }

  /** The next batch of collect sink `operatorId` (waits for one, or the job's end). */
  pollCollectResults(operatorId: string): Promise<CollectResultBatch> {
    return this.dispatcher.pollCollectResults(this.jobId, operatorId);
  }

  collect<T>(operatorId: string): AsyncIterable<T> {
    const { dispatcher, jobId } = this;
    const self = this;
    return {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          const batch = await dispatcher.pollCollectResults(jobId, operatorId);
          for (const value of batch.values) yield value as T;
          if (batch.end) break;
        }
        const result = await self.getJobResult();
        // A cancelled job ends the stream quietly; a failed one throws its error.
        if (result.status === "FAILED") throw jobResultError(result);
      },
    };
  }
}
