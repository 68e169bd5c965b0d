/**
 * `weir run [-D key=value]... [-p N] [-d] [--verbose] <job> [args...]`: bundles the job, runs its
 * `main(args)` with an execution context whose executor is an embedded MiniCluster, and returns
 * when every job `main` submitted has ended.
 *
 * Guarantees:
 * - every job submitted by `main` is awaited, also when `main` used `executeAsync()` and returned
 *   early, because the embedded cluster cannot outlive this process; a failure of any of them is
 *   reported;
 * - what the runtime throws is classified: a runtime error without a domain becomes an
 *   `InternalError`, so it is never mistaken for the user's program failing;
 * - stdout carries only the job's own output, except for the JobID line of `-d` (Flink's
 *   "Job has been submitted with JobID <id>"); status lines go to stderr.
 */
import { type FlatConfig, readOption } from "../core/config/option.js";
import { DeploymentOptions } from "../core/config/options.js";
import { InternalError, JobDefinitionError } from "../core/errors.js";
import {
  type JobClient,
  type JobExecutionResult,
  type Pipeline,
  type PipelineExecutor,
  runWithExecutionContext,
} from "../operators/executor.js";
import { type JobCommandFlags, loadCliConfiguration } from "./config.js";
import type { CliIO } from "./io.js";
import { classifyMainError, prepareJob } from "./job.js";

/** The runtime `weir run` uses; tests substitute a fake. */
export interface RunDependencies {
  createExecutor(options: {
    config: FlatConfig;
    artifact: { path: string; args: readonly string[] };
  }): Promise<PipelineExecutor>;
}

const EMBEDDED: RunDependencies = {
  async createExecutor(options) {
    // Loaded lazily: `info`, `--help` and errors found earlier never load the runtime.
    const { MiniClusterExecutor } = await import("../runtime/minicluster/index.js");
    return new MiniClusterExecutor({
      config: options.config,
      artifact: { path: options.artifact.path, args: [...options.artifact.args] },
    });
  },
};

export async function runCommand(
  jobFile: string,
  args: string[],
  flags: JobCommandFlags,
  io: CliIO,
  deps: RunDependencies = EMBEDDED,
): Promise<void> {
  const config = loadCliConfiguration(flags, io);
  const attached = readOption(config, DeploymentOptions.ATTACHED);
  const verbose = flags.verbose === true;
  const { main, artifact } = await prepareJob(jobFile, config, io, verbose);

  let inner: PipelineExecutor;
  try {
    inner = await deps.createExecutor({ config, artifact: { path: artifact.path, args } });
  } catch (e) {
    throw classifyRuntimeError(e, "starting the MiniCluster");
  }
  const executor = new CliExecutor(inner, {
    onSubmitted: (client) => {
      if (!attached) {
        io.out(`Job has been submitted with JobID ${client.jobId}`);
        io.err(
          "Note: -d cannot detach from the embedded MiniCluster: it runs inside this process, which waits until the job ends.",
        );
      } else if (verbose) {
        io.err(`Job has been submitted with JobID ${client.jobId}`);
      }
    },
    onFinished: (result) => {
      if (verbose)
        io.err(`Job with JobID ${result.jobId} has finished. Job Runtime: ${result.netRuntimeMs} ms`);
    },
  });

  let failure: { error: unknown } | undefined;
  try {
    try {
      await runWithExecutionContext({ mode: "execute", config, args, executor }, () => main([...args]));
    } catch (e) {
      throw classifyMainError(e);
    }
    if (executor.clients.length === 0) {
      throw new JobDefinitionError(
        `${jobFile} did not submit a job: main() returned without calling execute()`,
        {
          hint: "call env.execute(), env.executeAsync() or env.executeAndCollect() in main()",
        },
      );
    }
    await executor.awaitJobs();
  } catch (e) {
    failure = { error: e };
  }
  try {
    await closeExecutor(inner);
  } catch (e) {
    failure ??= { error: classifyRuntimeError(e, "shutting down the MiniCluster") };
  }
  if (failure !== undefined) throw failure.error;
}

interface ExecutorListener {
  onSubmitted(client: JobClient): void;
  onFinished(result: JobExecutionResult): void;
}

/**
 * Wraps the runtime's executor: records submitted jobs, reports submission and completion once
 * per job, and classifies what the runtime throws.
 */
class CliExecutor implements PipelineExecutor {
  readonly clients: WatchedClient[] = [];

  constructor(
    private readonly inner: PipelineExecutor,
    private readonly listener: ExecutorListener,
  ) {}

  async execute(pipeline: Pipeline): Promise<JobClient> {
    let client: JobClient;
    try {
      client = await this.inner.execute(pipeline);
    } catch (e) {
      throw classifyRuntimeError(e, "submitting the job");
    }
    const watched = watchClient(client, this.listener);
    this.clients.push(watched);
    this.listener.onSubmitted(client);
    return watched.client;
  }

  /**
   * Waits for every submitted job. A job whose result `main` never asked for (`executeAsync`)
   * fails the command if it fails; one whose result `main` already handled is only waited for.
   */
  async awaitJobs(): Promise<void> {
    for (const watched of this.clients) {
      // A job the program cancelled itself (e.g. executeAndCollect({ limit })) ended as intended.
      if (watched.requested() || watched.cancelledByProgram()) {
        await watched.client.getJobExecutionResult().catch(() => undefined);
      } else {
        await watched.client.getJobExecutionResult();
      }
    }
  }
}

interface WatchedClient {
  readonly client: JobClient;
  /** Whether someone asked for the job's result already. */
  requested(): boolean;
  /** Whether the job program itself cancelled the job through its client. */
  cancelledByProgram(): boolean;
}

/** A view of `client` whose result is memoised, reported once and classified. */
function watchClient(client: JobClient, listener: ExecutorListener): WatchedClient {
  let result: Promise<JobExecutionResult> | undefined;
  const getJobExecutionResult = (): Promise<JobExecutionResult> => {
    result ??= client.getJobExecutionResult().then(
      (r) => {
        listener.onFinished(r);
        return r;
      },
      (e: unknown) => {
        throw classifyRuntimeError(e, `running job ${client.jobId}`);
      },
    );
    return result;
  };
  let cancelled = false;
  const cancel = (): Promise<void> => {
    cancelled = true;
    return client.cancel();
  };
  const view = new Proxy(client, {
    get(target, prop) {
      if (prop === "getJobExecutionResult") return getJobExecutionResult;
      if (prop === "cancel") return cancel;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { client: view, requested: () => result !== undefined, cancelledByProgram: () => cancelled };
}

function classifyRuntimeError(thrown: unknown, during: string): unknown {
  const domain = (thrown as { domain?: unknown } | null)?.domain;
  if (thrown instanceof Error && typeof domain === "string") return thrown;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new InternalError(`the runtime failed while ${during}: ${message}`, { cause: thrown });
}

async function closeExecutor(executor: PipelineExecutor): Promise<void> {
  const closable = executor as PipelineExecutor & { close?: () => unknown };
  if (typeof closable.close === "function") await closable.close();
}
