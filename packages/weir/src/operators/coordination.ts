/**
 * Operator events between tasks and their operator coordinators on the JobMaster (Flink's
 * `OperatorEvent` / `OperatorCoordinator`). Events are plain data (they cross threads by
 * structured clone); the runtime routes them by operator id and subtask index.
 *
 * Source protocol (FLIP-27): a source reader registers at `open`, asks for splits, and receives
 * assignments; the coordinator wraps the `SplitEnumerator` of `Pipeline.sources`.
 * Collect protocol (credit-based, so that an unread or slowly read stream cannot grow the
 * JobManager's memory): each collect sink subtask may have at most K un-acknowledged
 * `collect.batch` events outstanding (K = `CollectSinkOptions.maxUnackedBatches`, default
 * `DEFAULT_COLLECT_MAX_UNACKED_BATCHES`), each of at most `batchSize` values. The coordinator
 * queues them until `JobClient.collect(operatorId)` takes them, and then returns the credits with
 * `collect.ack`; a sink without credits backpressures its task (`StreamOperator.backpressure`).
 * So the coordinator holds at most K batches per subtask. `collect.end` needs no credit.
 */
import type { SourceSplit } from "../core/source.js";

/** Task → coordinator events of a source operator. */
export type SourceReaderEvent =
  | { readonly kind: "source.register" }
  | { readonly kind: "source.splitRequest" }
  | { readonly kind: "source.custom"; readonly event: unknown };

/** Coordinator → task events of a source operator. */
export type SourceCoordinatorEvent =
  | { readonly kind: "source.addSplits"; readonly splits: readonly SourceSplit[] }
  | { readonly kind: "source.noMoreSplits" }
  | { readonly kind: "source.custom"; readonly event: unknown };

/** Task → coordinator events of a collect sink (operator kind `collectSink`). */
export type CollectSinkEvent =
  /** Spends one credit. */
  | { readonly kind: "collect.batch"; readonly values: readonly unknown[] }
  /** Every value was sent (after the last batch; spends no credit). */
  | { readonly kind: "collect.end" };

/** Coordinator → task events of a collect sink. */
export type CollectCoordinatorEvent =
  /** The client took `batches` batches of this subtask: that many credits come back. */
  { readonly kind: "collect.ack"; readonly batches: number };

/**
 * Default credits of a collect sink subtask (un-acknowledged batches in flight). Two would already
 * let the sink fill one batch while the client takes the other; four also hide the round trip of
 * the client's poll and the ack (RPC, worker threads) at a cost of 4 × 256 values per subtask.
 */
export const DEFAULT_COLLECT_MAX_UNACKED_BATCHES = 4;
/** Default values per `collect.batch` event. */
export const DEFAULT_COLLECT_BATCH_SIZE = 256;

/** Operator kinds the runtime attaches a coordinator to. */
export const SOURCE_OPERATOR_KIND = "source";
export const COLLECT_SINK_OPERATOR_KIND = "collectSink";
