/**
 * Public surface of event time, watermarks, state and timers: state descriptors and handles,
 * state TTL, operator state (`CheckpointedFunction`), broadcast state functions and streams,
 * watermark generators, and the contracts that custom operators use (keyed state backend, timer
 * services, BATCH key scope).
 */
export type {
  BroadcastContext,
  BroadcastProcessFunction,
  BroadcastReadOnlyContext,
  KeyedBroadcastContext,
  KeyedBroadcastOnTimerContext,
  KeyedBroadcastProcessFunction,
  KeyedBroadcastReadOnlyContext,
} from "../../operators/broadcast/broadcast-functions.js";
export { CoBroadcastOperator } from "../../operators/broadcast/co-broadcast-operator.js";
export { type BatchKeyScope, QUIESCED_TIMER_WARNING } from "../../operators/state/batch-key-scope.js";
export { HeapKeyedStateBackend } from "../../operators/state/heap/heap-keyed-state-backend.js";
export type { KeyedStateAccess } from "../../operators/state/keyed-state-access.js";
export {
  type AggregateFunction,
  type AggregatingState,
  AggregatingStateDescriptor,
  type AppendingState,
  type BroadcastState,
  type InternalKvState,
  type InternalMergingState,
  type KeyedStateBackend,
  type KeyedStateEntry,
  type KeyedStateSnapshot,
  type KeyGroupStateSnapshot,
  type ListState,
  ListStateDescriptor,
  type MapState,
  MapStateDescriptor,
  type ReadOnlyBroadcastState,
  type ReducingState,
  ReducingStateDescriptor,
  type State,
  StateDescriptor,
  type StateKind,
  StateTtlConfig,
  StateTtlConfigBuilder,
  type TtlStateVisibility,
  type TtlUpdateType,
  type ValueState,
  ValueStateDescriptor,
  VOID_NAMESPACE,
  type VoidNamespace,
} from "../../operators/state/keyed-state-backend.js";
export type {
  CheckpointedFunction,
  FunctionInitializationContext,
  FunctionSnapshotContext,
  OperatorStateSnapshot,
  OperatorStateStore,
} from "../../operators/state/operator-state-store.js";
export type { HarnessSnapshot } from "../../operators/testing/harness.js";
export { KeyedTimerService, NonKeyedTimerService } from "../../operators/timer-service.js";
export type {
  InternalTimer,
  InternalTimerService,
  TimerServiceSnapshot,
  Triggerable,
} from "../../operators/timers/internal-timer-service.js";
export { TimestampsAndWatermarksOperator } from "../../operators/timestamps-and-watermarks.js";
export {
  BoundedOutOfOrdernessWatermarks,
  NoWatermarksGenerator,
  type WatermarkGenerator,
  type WatermarkGeneratorContext,
  type WatermarkGeneratorSupplier,
  type WatermarkOutput,
  WatermarksWithIdleness,
} from "../../operators/watermark/watermark-generator.js";
export { BroadcastConnectedStream, BroadcastStream } from "../datastream.js";
