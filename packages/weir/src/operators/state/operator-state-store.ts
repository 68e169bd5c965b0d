/**
 * Non-keyed (operator) state (Flink's `OperatorStateStore`, `CheckpointedFunction`): per parallel
 * subtask, not per key.
 *
 * - *List state* (`getListState`): on restore with another parallelism the elements of all old
 *   subtasks are redistributed round robin ("even split").
 * - *Union list state* (`getUnionListState`): on restore every subtask gets all elements of all old
 *   subtasks.
 * - *Broadcast state* (`getBroadcastState`): a map that is the same on every subtask; on restore
 *   every subtask gets one copy (that of old subtask 0).
 *
 * Who provides it: the runtime's operator chain and the harness, as `OperatorContext.operatorStateStore`
 * for every operator. Rich functions reach it through `CheckpointedFunction.initializeState(ctx)`
 * (called from their operator's `initializeState`, before `open`).
 *
 * Snapshots (`snapshot()`) are synchronous and reference live values; the checkpoint work
 * serializes them. `snapshotState` of functions is called by the checkpoint work, not here.
 */
import type { KeyedStateAccess } from "./keyed-state-access.js";
import type { ListStateDescriptor, MapStateDescriptor } from "./state-descriptors.js";
import type { BroadcastState, ListState } from "./state-types.js";

export type OperatorStateMode = "SPLIT_DISTRIBUTE" | "UNION" | "BROADCAST";

export interface OperatorStateStore {
  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T>;
  getUnionListState<T>(descriptor: ListStateDescriptor<T>): ListState<T>;
  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): BroadcastState<K, V>;
  getRegisteredStateNames(): string[];
  getRegisteredBroadcastStateNames(): string[];
  snapshot(): OperatorStateSnapshot;
  /**
   * Restores from the snapshots of all subtasks of the previous run (index = old subtask index),
   * redistributing for `subtaskIndex` of `parallelism` per each state's mode.
   */
  restore(snapshots: readonly OperatorStateSnapshot[], subtaskIndex: number, parallelism: number): void;
  /** True after `restore` with at least one snapshot. */
  isRestored(): boolean;
}

export interface OperatorStateSnapshot {
  readonly states: readonly {
    readonly name: string;
    readonly mode: OperatorStateMode;
    /** List elements, or `[key, value]` pairs for broadcast state. */
    readonly values: readonly unknown[];
  }[];
}

/** What `CheckpointedFunction.initializeState` gets (Flink's `FunctionInitializationContext`). */
export interface FunctionInitializationContext {
  isRestored(): boolean;
  getOperatorStateStore(): OperatorStateStore;
  /** Keyed state, on keyed streams only (`undefined` otherwise). */
  getKeyedStateStore(): KeyedStateAccess | undefined;
}

/** What `CheckpointedFunction.snapshotState` gets (Flink's `FunctionSnapshotContext`). */
export interface FunctionSnapshotContext {
  getCheckpointId(): number;
  getCheckpointTimestamp(): number;
}

/**
 * A user function with operator state (Flink's `CheckpointedFunction`). `initializeState` runs once
 * per subtask before `open`; `snapshotState` before every checkpoint (checkpoint work).
 */
export interface CheckpointedFunction {
  initializeState(context: FunctionInitializationContext): void | Promise<void>;
  snapshotState?(context: FunctionSnapshotContext): void | Promise<void>;
}

/** True when `fn` has an `initializeState` method (duck-typed, see `executor.ts`). */
export function isCheckpointedFunction(fn: unknown): fn is CheckpointedFunction {
  return (
    typeof fn === "object" &&
    fn !== null &&
    typeof (fn as { initializeState?: unknown }).initializeState === "function"
  );
}
