/**
 * `RuntimeExecutionMode` (Flink's enum, as a const object): how the job runs.
 * - `STREAMING`: incremental results, all exchanges pipelined (the default).
 * - `BATCH`: bounded sources only; final results per key, blocking exchanges, stage by stage.
 * - `AUTOMATIC`: BATCH when every source is bounded, else STREAMING.
 */
export const RuntimeExecutionMode = {
  STREAMING: "STREAMING",
  BATCH: "BATCH",
  AUTOMATIC: "AUTOMATIC",
} as const;

export type RuntimeExecutionMode = (typeof RuntimeExecutionMode)[keyof typeof RuntimeExecutionMode];
