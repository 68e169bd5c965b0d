/**
 * The Dispatcher endpoint (Flink's `Dispatcher`): accepts job submissions, starts one JobMaster
 * per job and answers per-job queries by routing them to it. Finished jobs stay queryable (their
 * result, remaining collect values) until the Dispatcher closes.
 *
 * User code: a JobMaster needs the job's sources (for the split enumerators). The Dispatcher gets
 * them from a `PipelineProvider`; in the MiniCluster that is the live pipeline handed to
 * `submitJob` (a cluster entrypoint will capture it from the job artifact instead).
 *
 * Not implemented yet: HA job graph store, job result store, archiving, fencing.
 */
import type { Clock } from "../../core/clock.js";
import { ExternalError, JobDefinitionError } from "../../core/errors.js";
import type { JobStatus, Pipeline } from "../../operators/executor.js";
import type { CollectResultBatch, JobDetails, JobMasterGateway, JobResult } from "../jobmaster/gateway.js";
import { JobMaster } from "../jobmaster/job-master.js";
import { isGloballyTerminal } from "../jobmaster/job-status.js";
import { RpcEndpoint } from "../rpc/endpoint.js";
import type { RpcService } from "../rpc/rpc-service.js";
import type { DispatcherGateway, JobOverview, JobSubmission } from "./gateway.js";

/** Gives the Dispatcher the user code of a submitted job. */
export interface PipelineProvider {
  pipelineFor(submission: JobSubmission): Promise<Pick<Pipeline, "sources">>;
}

export interface DispatcherOptions {
  readonly rpc: RpcService;
  readonly resourceManagerAddress: string;
  readonly clock: Clock;
  readonly pipelines: PipelineProvider;
  readonly address?: string;
}

export class Dispatcher extends RpcEndpoint implements DispatcherGateway {
  private readonly jobs = new Map<string, JobMaster>();

  constructor(private readonly options: DispatcherOptions) {
    super(options.address ?? "dispatcher");
  }

  async submitJob(submission: JobSubmission): Promise<void> {
    if (this.jobs.has(submission.jobId)) {
      throw new JobDefinitionError(`a job with id ${submission.jobId} was already submitted`);
    }
    if (submission.hosting === "threads" && !submission.artifact) {
      throw new JobDefinitionError("running a job on worker threads needs its artifact", {
        hint: "run the job with `weir run`, or set minicluster.slot-hosting to inline",
      });
    }
    const pipeline = await this.options.pipelines.pipelineFor(submission);
    const { rpc, clock, resourceManagerAddress } = this.options;
    const jobMaster = new JobMaster({
      rpc,
      clock,
      resourceManagerAddress,
      jobId: submission.jobId,
      jobGraph: submission.jobGraph,
      pipeline,
      hosting: submission.hosting,
      ...(submission.artifact ? { artifact: submission.artifact } : {}),
    });
    this.jobs.set(submission.jobId, jobMaster);
    rpc.start(jobMaster);
    jobMaster.startJob();
  }

  async cancelJob(jobId: string): Promise<void> {
    await this.gateway(jobId).cancel();
  }

  async listJobs(): Promise<readonly JobOverview[]> {
    return Promise.all(
      [...this.jobs.keys()].map(async (jobId) => {
        const details = await this.gateway(jobId).requestJobDetails();
        return { jobId: details.jobId, jobName: details.jobName, status: details.status };
      }),
    );
  }

  async requestJobStatus(jobId: string): Promise<JobStatus> {
    return this.gateway(jobId).requestJobStatus();
  }

  async requestJobDetails(jobId: string): Promise<JobDetails> {
    return this.gateway(jobId).requestJobDetails();
  }

  async requestJobResult(jobId: string): Promise<JobResult> {
    return this.gateway(jobId).requestJobResult();
  }

  async pollCollectResults(jobId: string, operatorId: string): Promise<CollectResultBatch> {
    return this.gateway(jobId).pollCollectResults(operatorId);
  }

  /** Asks every job that is not terminal to cancel (does not wait for it). */
  async cancelAllJobs(): Promise<void> {
    await Promise.all(
      [...this.jobs.keys()].map(async (jobId) => {
        const gateway = this.gateway(jobId);
        if (!isGloballyTerminal(await gateway.requestJobStatus())) await gateway.cancel();
      }),
    );
  }

  /** Waits until every job is terminal, then stops the JobMasters. */
  async close(): Promise<void> {
    const jobIds = [...this.jobs.keys()];
    await Promise.all(jobIds.map((jobId) => this.gateway(jobId).requestJobResult()));
    for (const jm of this.jobs.values()) this.options.rpc.stop(jm);
  }

  private gateway(jobId: string): JobMasterGateway {
    if (!this.jobs.has(jobId)) throw new ExternalError(`unknown job ${jobId}`, { retryable: false });
    return this.options.rpc.connect<JobMasterGateway>(JobMaster.addressOf(jobId));
  }
}
