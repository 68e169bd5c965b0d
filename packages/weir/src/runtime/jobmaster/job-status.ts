/**
 * The job's lifecycle as a state machine (Flink's `JobStatus` transitions, without restarts yet):
 *
 *   CREATED ──► RUNNING ──► FINISHED
 *      │           ├──────► FAILING ────► FAILED
 *      │           └──────► CANCELLING ─► CANCELED
 *      └──► FAILING / CANCELLING (before scheduling completed)
 *
 * FAILING and CANCELLING wait for every task to reach a terminal state.
 */
import { InternalError } from "../../core/errors.js";
import type { JobStatus } from "../../operators/executor.js";

const TRANSITIONS: Readonly<Partial<Record<JobStatus, readonly JobStatus[]>>> = {
  CREATED: ["RUNNING", "FAILING", "CANCELLING"],
  RUNNING: ["FINISHED", "FAILING", "CANCELLING"],
  FAILING: ["FAILED"],
  CANCELLING: ["CANCELED"],
};

export function isGloballyTerminal(status: JobStatus): boolean {
  return status === "FINISHED" || status === "FAILED" || status === "CANCELED";
}

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return TRANSITIONS[from]?.includes(to) ?? false;
}

/** Returns `to`, or throws an `InternalError` when the transition is illegal. */
export function checkedTransition(jobId: string, from: JobStatus, to: JobStatus): JobStatus {
  if (!canTransition(from, to))
    throw new InternalError(`job ${jobId}: illegal status transition ${from} -> ${to}`);
  return to;
}
