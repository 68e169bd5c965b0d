/**
 * Window functions (Flink's `ProcessWindowFunction`, `WindowFunction`, and the all-window
 * variants): evaluate a window's contents when its trigger fires. With `reduce`/`aggregate`
 * followed by a process function, `elements` holds exactly one value: the incremental result.
 *
 * Accepted as a lambda or as an object (optionally rich: `open`/`close`; optionally `clear`, called
 * when the window is cleaned up, to drop per-window state kept in `context.windowState()`).
 * The context object is reused between calls: read from it during the call, do not keep it.
 */
import type { Collector, RichFunction } from "../functions.js";
import type { OutputTag } from "../output-tag.js";
import type { KeyedStateAccess } from "../state/keyed-state-access.js";
import type { Window } from "./windows.js";

/** Flink's `ProcessWindowFunction.Context`. */
export interface ProcessWindowFunctionContext<W extends Window> {
  window(): W;
  currentProcessingTime(): number;
  currentWatermark(): number;
  /** State of the current key and window (cleared with `clear`; merged windows are not supported). */
  windowState(): KeyedStateAccess;
  /** State of the current key, shared by all its windows. */
  globalState(): KeyedStateAccess;
  /** Emits `value` to the side output `tag` (timestamp: the window's `maxTimestamp()`). */
  output<X>(tag: OutputTag<X>, value: X): void;
}

export interface ProcessWindowFunction<IN, OUT, KEY, W extends Window> extends RichFunction {
  process(
    key: KEY,
    context: ProcessWindowFunctionContext<W>,
    elements: Iterable<IN>,
    out: Collector<OUT>,
  ): void;
  /** The window is being purged or cleaned up: drop its per-window state. */
  clear?(context: ProcessWindowFunctionContext<W>): void;
}

export type ProcessWindowFunctionLike<IN, OUT, KEY, W extends Window> =
  | ProcessWindowFunction<IN, OUT, KEY, W>
  | ((
      key: KEY,
      context: ProcessWindowFunctionContext<W>,
      elements: Iterable<IN>,
      out: Collector<OUT>,
    ) => void);

/** Flink's `WindowFunction` (the older `apply` form, without context). */
export interface WindowFunction<IN, OUT, KEY, W extends Window> extends RichFunction {
  apply(key: KEY, window: W, input: Iterable<IN>, out: Collector<OUT>): void;
}

export type WindowFunctionLike<IN, OUT, KEY, W extends Window> =
  | WindowFunction<IN, OUT, KEY, W>
  | ((key: KEY, window: W, input: Iterable<IN>, out: Collector<OUT>) => void);

/** Flink's `ProcessAllWindowFunction` (non-keyed windows). */
export interface ProcessAllWindowFunction<IN, OUT, W extends Window> extends RichFunction {
  process(context: ProcessWindowFunctionContext<W>, elements: Iterable<IN>, out: Collector<OUT>): void;
  clear?(context: ProcessWindowFunctionContext<W>): void;
}

export type ProcessAllWindowFunctionLike<IN, OUT, W extends Window> =
  | ProcessAllWindowFunction<IN, OUT, W>
  | ((context: ProcessWindowFunctionContext<W>, elements: Iterable<IN>, out: Collector<OUT>) => void);

/** Flink's `AllWindowFunction`. */
export interface AllWindowFunction<IN, OUT, W extends Window> extends RichFunction {
  apply(window: W, input: Iterable<IN>, out: Collector<OUT>): void;
}

export type AllWindowFunctionLike<IN, OUT, W extends Window> =
  | AllWindowFunction<IN, OUT, W>
  | ((window: W, input: Iterable<IN>, out: Collector<OUT>) => void);

/**
 * The one form the window operator runs (Flink's `InternalWindowFunction`): every user form is
 * adapted to it. `rich` is the user's function object, for its lifecycle.
 */
export interface InternalWindowFunction<IN, OUT, KEY, W extends Window> {
  readonly rich: unknown;
  process(
    key: KEY,
    context: ProcessWindowFunctionContext<W>,
    elements: Iterable<IN>,
    out: Collector<OUT>,
  ): void;
  clear(context: ProcessWindowFunctionContext<W>): void;
}

export function internalProcessFunction<IN, OUT, KEY, W extends Window>(
  fn: ProcessWindowFunctionLike<IN, OUT, KEY, W>,
): InternalWindowFunction<IN, OUT, KEY, W> {
  if (typeof fn === "function") return { rich: fn, process: fn, clear: () => {} };
  return {
    rich: fn,
    process: (key, ctx, elements, out) => fn.process(key, ctx, elements, out),
    clear: (ctx) => fn.clear?.(ctx),
  };
}

export function internalWindowFunction<IN, OUT, KEY, W extends Window>(
  fn: WindowFunctionLike<IN, OUT, KEY, W>,
): InternalWindowFunction<IN, OUT, KEY, W> {
  const apply =
    typeof fn === "function"
      ? fn
      : (k: KEY, w: W, i: Iterable<IN>, o: Collector<OUT>) => fn.apply(k, w, i, o);
  return {
    rich: fn,
    process: (key, ctx, elements, out) => apply(key, ctx.window(), elements, out),
    clear: () => {},
  };
}

export function internalProcessAllFunction<IN, OUT, W extends Window>(
  fn: ProcessAllWindowFunctionLike<IN, OUT, W>,
): InternalWindowFunction<IN, OUT, unknown, W> {
  if (typeof fn === "function")
    return { rich: fn, process: (_k, ctx, e, o) => fn(ctx, e, o), clear: () => {} };
  return {
    rich: fn,
    process: (_key, ctx, elements, out) => fn.process(ctx, elements, out),
    clear: (ctx) => fn.clear?.(ctx),
  };
}

export function internalAllWindowFunction<IN, OUT, W extends Window>(
  fn: AllWindowFunctionLike<IN, OUT, W>,
): InternalWindowFunction<IN, OUT, unknown, W> {
  const apply =
    typeof fn === "function" ? fn : (w: W, i: Iterable<IN>, o: Collector<OUT>) => fn.apply(w, i, o);
  return {
    rich: fn,
    process: (_key, ctx, elements, out) => apply(ctx.window(), elements, out),
    clear: () => {},
  };
}

/** Emits each element unchanged (`reduce`/`aggregate` without a window function). */
export function passThroughFunction<T, KEY, W extends Window>(): InternalWindowFunction<T, T, KEY, W> {
  return {
    rich: undefined,
    process: (_key, _ctx, elements, out) => {
      for (const e of elements) out.collect(e);
    },
    clear: () => {},
  };
}
