/**
 * `executeAndCollect`: runs the job with a collect sink (operator kind `collectSink`) and reads the
 * sink's values through `JobClient.collect(operatorId)`.
 * - `collectAll` gathers every value of a bounded job; with `limit` it cancels the job as soon as
 *   `limit` values arrived and returns exactly those.
 * - `collectStream` yields values as they arrive; leaving the loop early cancels the job.
 *
 * Memory stays bounded whatever the reader does: the sink sends only against credits that the
 * JobManager returns when the client takes values (operators/coordination.ts), so a slow or
 * paused reader backpressures the job down to its sources. Per sink subtask at most
 * `maxUnackedBatches` × `batchSize` values (default 4 × 256) wait on the JobManager, one poll's
 * worth in the client, and under a batch plus one input batch in the sink. Cancelling the job
 * also releases a sink that waits for credits.
 */
import { JobDefinitionError } from "../core/errors.js";
import type { JobClient } from "../operators/executor.js";
import type { PhysicalTransformation, StreamHost } from "./transformation.js";

export interface ExecuteAndCollectOptions {
  readonly jobName?: string;
  /** Stop (cancel the job) after this many values. */
  readonly limit?: number;
}

export function normalizeCollectOptions(
  arg: string | ExecuteAndCollectOptions | undefined,
): ExecuteAndCollectOptions {
  const options = typeof arg === "string" ? { jobName: arg } : (arg ?? {});
  const limit = options.limit;
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
    throw new JobDefinitionError(`executeAndCollect: limit must be a positive integer, got ${limit}`);
  }
  return options;
}

export async function collectAll<T>(
  client: JobClient,
  operatorId: string,
  limit: number | undefined,
): Promise<T[]> {
  const values: T[] = [];
  for await (const value of client.collect<T>(operatorId)) {
    values.push(value);
    if (limit !== undefined && values.length >= limit) {
      await cancelUnlessTerminal(client);
      break;
    }
  }
  return values;
}

export async function* collectStream<T>(
  host: StreamHost,
  jobName: string | undefined,
  sink: PhysicalTransformation,
): AsyncGenerator<T, void, undefined> {
  const { client, operatorId } = await host.executeAsyncFor(jobName, sink);
  let exhausted = false;
  try {
    for await (const value of client.collect<T>(operatorId)) yield value;
    exhausted = true;
  } finally {
    if (!exhausted) await cancelUnlessTerminal(client);
  }
}

/** Cancels the job; a job that already ended (finished between the last value and now) is fine. */
async function cancelUnlessTerminal(client: JobClient): Promise<void> {
  try {
    await client.cancel();
  } catch (e) {
    const status = await client.getJobStatus();
    if (status !== "FINISHED" && status !== "CANCELED" && status !== "FAILED") throw e;
  }
}
