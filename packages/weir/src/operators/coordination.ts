/**
 * Operator events between tasks and their operator coordinators on the JobMaster (Flink's
 * `OperatorEvent` / `OperatorCoordinator`). Events are plain data (they cross threads by
 * structured clone); the runtime routes them by operator id and subtask index.
 *
 * Source protocol (FLIP-27): a source reader registers at `open`, asks for splits, and receives
 * assignments; the coordinator wraps the `SplitEnumerator` of `Pipeline.sources`.
 * Collect protocol: the collect sink streams batches of values to the coordinator, which hands them
 * to `JobClient.collect(operatorId)`.
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
  | { readonly kind: "collect.batch"; readonly values: readonly unknown[] }
  | { readonly kind: "collect.end" };

/** Operator kinds the runtime attaches a coordinator to. */
export const SOURCE_OPERATOR_KIND = "source";
export const COLLECT_SINK_OPERATOR_KIND = "collectSink";
