/**
 * Functions of window joins, coGroup and interval joins (Flink's `JoinFunction`,
 * `FlatJoinFunction`, `CoGroupFunction`, `ProcessJoinFunction`), and the adapters that run a
 * join as a coGroup per window (Flink builds window joins on coGroup the same way).
 *
 * A join function given as a lambda or an object method with *three* parameters
 * `(first, second, out)` is a flat join function (emits any number of results through `out`);
 * with two parameters it returns one result per pair.
 */
import type { Collector, RichFunction } from "../functions.js";
import type { OutputTag } from "../output-tag.js";

export interface JoinFunction<IN1, IN2, OUT> extends RichFunction {
  join(first: IN1, second: IN2): OUT;
}

export interface FlatJoinFunction<IN1, IN2, OUT> extends RichFunction {
  join(first: IN1, second: IN2, out: Collector<OUT>): void;
}

/** A lambda with two parameters returns the joined value; one with three emits through `out`. */
export type JoinFunctionLike<IN1, IN2, OUT> =
  | JoinFunction<IN1, IN2, OUT>
  | FlatJoinFunction<IN1, IN2, OUT>
  // biome-ignore lint/suspicious/noConfusingVoidType: a flat join lambda's block body returns void
  | ((first: IN1, second: IN2, out: Collector<OUT>) => OUT | undefined | void);

export interface CoGroupFunction<IN1, IN2, OUT> extends RichFunction {
  coGroup(first: Iterable<IN1>, second: Iterable<IN2>, out: Collector<OUT>): void;
}

export type CoGroupFunctionLike<IN1, IN2, OUT> =
  | CoGroupFunction<IN1, IN2, OUT>
  | ((first: Iterable<IN1>, second: Iterable<IN2>, out: Collector<OUT>) => void);

/** Flink's `ProcessJoinFunction.Context`. */
export interface ProcessJoinFunctionContext {
  getLeftTimestamp(): number;
  getRightTimestamp(): number;
  /** The result's timestamp: the larger of both. */
  getTimestamp(): number;
  output<X>(tag: OutputTag<X>, value: X): void;
}

export interface ProcessJoinFunction<IN1, IN2, OUT> extends RichFunction {
  processElement(left: IN1, right: IN2, ctx: ProcessJoinFunctionContext, out: Collector<OUT>): void;
}

export type ProcessJoinFunctionLike<IN1, IN2, OUT> =
  | ProcessJoinFunction<IN1, IN2, OUT>
  | ((left: IN1, right: IN2, ctx: ProcessJoinFunctionContext, out: Collector<OUT>) => void);

/** A join function in its flat form. */
export function flatJoinFn<IN1, IN2, OUT>(
  fn: JoinFunctionLike<IN1, IN2, OUT>,
): (first: IN1, second: IN2, out: Collector<OUT>) => void {
  if (typeof fn === "function") {
    if (fn.length >= 3) return fn as (a: IN1, b: IN2, out: Collector<OUT>) => void;
    const join = fn as (a: IN1, b: IN2) => OUT;
    return (a, b, out) => out.collect(join(a, b));
  }
  if (fn.join.length >= 3) return (a, b, out) => (fn as FlatJoinFunction<IN1, IN2, OUT>).join(a, b, out);
  return (a, b, out) => out.collect((fn as JoinFunction<IN1, IN2, OUT>).join(a, b));
}

export function coGroupFn<IN1, IN2, OUT>(
  fn: CoGroupFunctionLike<IN1, IN2, OUT>,
): (first: Iterable<IN1>, second: Iterable<IN2>, out: Collector<OUT>) => void {
  return typeof fn === "function" ? fn : (a, b, out) => fn.coGroup(a, b, out);
}

/** The coGroup function of an inner join: every pair of the two sides. */
export function joinAsCoGroup<IN1, IN2, OUT>(
  join: (first: IN1, second: IN2, out: Collector<OUT>) => void,
): (first: Iterable<IN1>, second: Iterable<IN2>, out: Collector<OUT>) => void {
  return (first, second, out) => {
    for (const a of first) for (const b of second) join(a, b, out);
  };
}

/** An element of either input of a coGroup, in the union that is windowed (Flink's `TaggedUnion`). */
export interface TaggedUnion<IN1, IN2> {
  readonly one?: IN1;
  readonly two?: IN2;
  readonly isOne: boolean;
}

/** Splits a window's tagged elements into the two sides, in order, and calls the coGroup function. */
export function coGroupWindowContents<IN1, IN2, OUT>(
  fn: (first: Iterable<IN1>, second: Iterable<IN2>, out: Collector<OUT>) => void,
  elements: Iterable<TaggedUnion<IN1, IN2>>,
  out: Collector<OUT>,
): void {
  const first: IN1[] = [];
  const second: IN2[] = [];
  for (const e of elements) {
    if (e.isOne) first.push(e.one as IN1);
    else second.push(e.two as IN2);
  }
  fn(first, second, out);
}
