/**
 * Process functions (Flink's `ProcessFunction` and `KeyedProcessFunction`): the lowest-level
 * one-input functions, with access to the record's timestamp, side outputs and (keyed, later)
 * timers. Accepted as an object with `processElement` (optionally rich, optionally `onTimer`) or
 * as a lambda `(value, ctx, out) => void`.
 *
 * The context object is reused between records: read from it during the call, do not keep it.
 */
import type { Collector, RichFunction } from "./functions.js";
import type { OutputTag } from "./output-tag.js";
import type { TimeDomain, TimerService } from "./timer-service.js";

/** Flink's `ProcessFunction.Context`. */
export interface ProcessFunctionContext {
  /** The current record's event timestamp, or `undefined` when it has none. */
  timestamp(): number | undefined;
  /** Timers and time; throws until timers are supported (see `timer-service.ts`). */
  timerService(): TimerService;
  /** Emits `value` to the side output `tag`, with the current record's timestamp. */
  output<X>(tag: OutputTag<X>, value: X): void;
}

/** Flink's `ProcessFunction.OnTimerContext`. */
export interface OnTimerContext extends ProcessFunctionContext {
  timeDomain(): TimeDomain;
}

export interface ProcessFunction<I, O> extends RichFunction {
  processElement(value: I, ctx: ProcessFunctionContext, out: Collector<O>): void;
  onTimer?(timestamp: number, ctx: OnTimerContext, out: Collector<O>): void;
}

/** Flink's `KeyedProcessFunction.Context`: adds the key of the current record. */
export interface KeyedProcessFunctionContext<K> extends ProcessFunctionContext {
  getCurrentKey(): K;
}

export interface KeyedOnTimerContext<K> extends KeyedProcessFunctionContext<K> {
  timeDomain(): TimeDomain;
}

export interface KeyedProcessFunction<K, I, O> extends RichFunction {
  processElement(value: I, ctx: KeyedProcessFunctionContext<K>, out: Collector<O>): void;
  onTimer?(timestamp: number, ctx: KeyedOnTimerContext<K>, out: Collector<O>): void;
}

export type ProcessFunctionLike<I, O> =
  | ProcessFunction<I, O>
  | ((value: I, ctx: ProcessFunctionContext, out: Collector<O>) => void);

export type KeyedProcessFunctionLike<K, I, O> =
  | KeyedProcessFunction<K, I, O>
  | ((value: I, ctx: KeyedProcessFunctionContext<K>, out: Collector<O>) => void);
