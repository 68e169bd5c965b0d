/**
 * User-function interfaces of the DataStream API (Flink's `MapFunction`, `FlatMapFunction`, ...).
 * The API accepts each either as a plain lambda or as an object implementing the interface; an
 * object may be *rich*: `open` runs once per subtask before the first record (from the operator's
 * `open`) and `close` once at the end (from the operator's `close`, also after a failure).
 *
 * Functions run on the synchronous per-record path: they must not return promises (only `open`
 * and `close` may be async). Each parallel subtask works on its own copy of a function object, as
 * in Flink (see `function-copy.ts` for what is copied); lambdas are shared.
 */
import type { RuntimeContext } from "./contract.js";

/** Optional lifecycle of a function object (Flink's `RichFunction`). */
export interface RichFunction {
  open?(context: RuntimeContext): void | Promise<void>;
  close?(): void | Promise<void>;
}

/** Receives the results of a flat-map style function; `collect` may be called any number of times. */
export interface Collector<T> {
  collect(value: T): void;
}

export interface MapFunction<T, R> extends RichFunction {
  map(value: T): R;
}

export interface FlatMapFunction<T, R> extends RichFunction {
  flatMap(value: T, out: Collector<R>): void;
}

export interface FilterFunction<T> extends RichFunction {
  filter(value: T): boolean;
}

/** Combines two values of the same key into one; must be associative for meaningful results. */
export interface ReduceFunction<T> extends RichFunction {
  reduce(value1: T, value2: T): T;
}

/** Extracts the key of a record; must be deterministic (the same record always gives the same key). */
export interface KeySelector<T, K> {
  getKey(value: T): K;
}

/** Chooses the consumer subtask of a key: an integer in `[0, numPartitions)`. */
export interface Partitioner<K> {
  partition(key: K, numPartitions: number): number;
}

export interface CoMapFunction<IN1, IN2, R> extends RichFunction {
  map1(value: IN1): R;
  map2(value: IN2): R;
}

export interface CoFlatMapFunction<IN1, IN2, R> extends RichFunction {
  flatMap1(value: IN1, out: Collector<R>): void;
  flatMap2(value: IN2, out: Collector<R>): void;
}

/** What a legacy sink function sees of the record being written (Flink's `SinkFunction.Context`). */
export interface SinkFunctionContext {
  /** The record's event timestamp, or `undefined` when it has none. */
  timestamp(): number | undefined;
  currentWatermark(): number;
  currentProcessingTime(): number;
}

/** Legacy sink (Flink's `SinkFunction` / `RichSinkFunction`): `invoke` is called once per record. */
export interface SinkFunction<T> extends RichFunction {
  invoke(value: T, context: SinkFunctionContext): void;
  /** Called at the end of a bounded input, before `close`. */
  finish?(): void | Promise<void>;
}

/** Extracts the event timestamp (ms) of a record; `recordTimestamp` is the source's, or -Infinity. */
export interface TimestampAssigner<T> {
  extractTimestamp(element: T, recordTimestamp: number): number;
}

/** Accepted forms: a lambda, or an object with the method (optionally rich). */
export type MapFunctionLike<T, R> = MapFunction<T, R> | ((value: T) => R);
export type FlatMapFunctionLike<T, R> = FlatMapFunction<T, R> | ((value: T, out: Collector<R>) => void);
export type FilterFunctionLike<T> = FilterFunction<T> | ((value: T) => boolean);
export type ReduceFunctionLike<T> = ReduceFunction<T> | ((value1: T, value2: T) => T);
export type KeySelectorLike<T, K> = KeySelector<T, K> | ((value: T) => K);
export type PartitionerLike<K> = Partitioner<K> | ((key: K, numPartitions: number) => number);
export type SinkFunctionLike<T> = SinkFunction<T> | ((value: T, context: SinkFunctionContext) => void);
export type TimestampAssignerLike<T> =
  | TimestampAssigner<T>
  | ((element: T, recordTimestamp: number) => number);

/** The rich half of a function given in either form (lambdas have no lifecycle). */
export function richOf(fn: unknown): RichFunction | undefined {
  return typeof fn === "object" && fn !== null ? (fn as RichFunction) : undefined;
}

/** A key selector given in either form, as a plain function. */
export function keySelectorFn<T, K>(selector: KeySelectorLike<T, K>): (value: T) => K {
  return typeof selector === "function" ? selector : (value) => selector.getKey(value);
}

/** A timestamp assigner given in either form, as a plain function. */
export function timestampAssignerFn<T>(
  assigner: TimestampAssignerLike<T>,
): (element: T, recordTimestamp: number) => number {
  return typeof assigner === "function" ? assigner : (e, ts) => assigner.extractTimestamp(e, ts);
}
