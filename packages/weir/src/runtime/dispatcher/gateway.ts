/**
 * The Dispatcher's gateway (Flink's `DispatcherGateway`): job submission and per-job queries,
 * routed to the job's JobMaster. Plain data only.
 */
import type { JobGraph } from "../../core/jobgraph.js";
import type { JobStatus } from "../../operators/executor.js";
import type { CollectResultBatch, JobDetails, JobResult } from "../jobmaster/gateway.js";
import type { JobArtifact, SlotHosting } from "../taskexecutor/deployment.js";

export interface JobSubmission {
  readonly jobId: string;
  readonly jobGraph: JobGraph;
  /** Where the job's slots run; `threads` needs `artifact`. */
  readonly hosting: SlotHosting;
  readonly artifact?: JobArtifact;
}

export interface JobOverview {
  readonly jobId: string;
  readonly jobName: string;
  readonly status: JobStatus;
}

export interface DispatcherGateway {
  /** Accepts the job and starts its JobMaster; resolves once it is running (not finished). */
  submitJob(submission: JobSubmission): Promise<void>;
  cancelJob(jobId: string): Promise<void>;
  listJobs(): Promise<readonly JobOverview[]>;
  requestJobStatus(jobId: string): Promise<JobStatus>;
  requestJobDetails(jobId: string): Promise<JobDetails>;
  requestJobResult(jobId: string): Promise<JobResult>;
  pollCollectResults(jobId: string, operatorId: string): Promise<CollectResultBatch>;
}
