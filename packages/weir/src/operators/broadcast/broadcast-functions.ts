/**
 * The broadcast state pattern (Flink's `BroadcastProcessFunction` and
 * `KeyedBroadcastProcessFunction`): a stream connected with a broadcast stream. The broadcast side
 * (`processBroadcastElement`) may read and write the broadcast state, which is the same on every
 * subtask as long as every subtask applies the same updates; the other side (`processElement`)
 * may only read it. On keyed streams the broadcast side can visit every key's state with
 * `applyToKeyedState`, and the keyed side has timers.
 *
 * Broadcast states must be declared in `stream.broadcast(descriptor, ...)`; asking for another
 * one is a `JobDefinitionError`. The context objects are reused: do not keep them.
 */
import type { Collector, RichFunction } from "../functions.js";
import type { OutputTag } from "../output-tag.js";
import type { MapStateDescriptor, StateDescriptor } from "../state/state-descriptors.js";
import type { BroadcastState, ReadOnlyBroadcastState, State } from "../state/state-types.js";
import type { TimeDomain, TimerService } from "../timer-service.js";

interface BaseBroadcastProcessContext {
  /** The current record's timestamp (or the firing timer's), or `undefined`. */
  timestamp(): number | undefined;
  output<X>(tag: OutputTag<X>, value: X): void;
  currentProcessingTime(): number;
  currentWatermark(): number;
}

/** Context of the non-broadcast side: broadcast state is read-only. */
export interface BroadcastReadOnlyContext extends BaseBroadcastProcessContext {
  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): ReadOnlyBroadcastState<K, V>;
}

/** Context of the broadcast side: broadcast state is writable. */
export interface BroadcastContext extends BaseBroadcastProcessContext {
  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): BroadcastState<K, V>;
}

export interface BroadcastProcessFunction<IN1, IN2, OUT> extends RichFunction {
  processElement(value: IN1, ctx: BroadcastReadOnlyContext, out: Collector<OUT>): void;
  processBroadcastElement(value: IN2, ctx: BroadcastContext, out: Collector<OUT>): void;
}

export interface KeyedBroadcastReadOnlyContext<K> extends BroadcastReadOnlyContext {
  timerService(): TimerService;
  getCurrentKey(): K;
}

export interface KeyedBroadcastOnTimerContext<K> extends KeyedBroadcastReadOnlyContext<K> {
  timeDomain(): TimeDomain;
}

export interface KeyedBroadcastContext extends BroadcastContext {
  /**
   * Calls `fn` for every key that has state `descriptor` on this subtask, with the state scoped to
   * that key (Flink's `applyToKeyedState`); `fn` may read, update or clear it.
   */
  applyToKeyedState<S extends State>(
    descriptor: StateDescriptor<S>,
    fn: (key: unknown, state: S) => void,
  ): void;
}

export interface KeyedBroadcastProcessFunction<K, IN1, IN2, OUT> extends RichFunction {
  processElement(value: IN1, ctx: KeyedBroadcastReadOnlyContext<K>, out: Collector<OUT>): void;
  processBroadcastElement(value: IN2, ctx: KeyedBroadcastContext, out: Collector<OUT>): void;
  onTimer?(timestamp: number, ctx: KeyedBroadcastOnTimerContext<K>, out: Collector<OUT>): void;
}
