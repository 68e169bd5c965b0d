/**
 * Adds the windowing methods to the stream classes: `KeyedStream.window` / `countWindow` and
 * `DataStream.windowAll` / `countWindowAll`.
 *
 * They are installed on the prototypes from here, with a module augmentation for their types,
 * instead of being written in `datastream.ts`: `WindowedStream` returns `SingleOutputStreamOperator`s,
 * so declaring them there would make `datastream.ts` and this package import each other (a cycle
 * the import rules forbid, type-only imports included). The package entry imports this module, so
 * the methods exist wherever `weir` is imported.
 */

import { GlobalWindows } from "../../operators/windowing/assigners/global.js";
import type { WindowAssigner } from "../../operators/windowing/assigners/window-assigner.js";
import { CountEvictor } from "../../operators/windowing/evictors/count-evictor.js";
import { CountTrigger } from "../../operators/windowing/triggers/count-trigger.js";
import { PurgingTrigger } from "../../operators/windowing/triggers/purging-trigger.js";
import type { GlobalWindow, Window } from "../../operators/windowing/windows.js";
import { DataStream, KeyedStream } from "../datastream.js";
import { AllWindowedStream } from "./all-windowed-stream.js";
import { WindowedStream } from "./windowed-stream.js";

declare module "../datastream.js" {
  interface KeyedStream<T, K> {
    /** Groups each key's elements into windows (Flink's `KeyedStream.window`). */
    window<W extends Window>(assigner: WindowAssigner<T, W>): WindowedStream<T, K, W>;
    /**
     * Count windows per key: every `size` elements (tumbling), or the last `size` elements every
     * `slide` elements (sliding).
     */
    countWindow(size: number, slide?: number): WindowedStream<T, K, GlobalWindow>;
  }
  interface DataStream<T> {
    /** Windows over the whole (non-keyed) stream, evaluated at parallelism 1. */
    windowAll<W extends Window>(assigner: WindowAssigner<T, W>): AllWindowedStream<T, W>;
    countWindowAll(size: number, slide?: number): AllWindowedStream<T, GlobalWindow>;
  }
}

/** The constant key of non-keyed windows (Flink keys them by a `NullByteKeySelector`). */
const ALL_KEY = 0;

KeyedStream.prototype.window = function window<T, K, W extends Window>(
  this: KeyedStream<T, K>,
  assigner: WindowAssigner<T, W>,
): WindowedStream<T, K, W> {
  return new WindowedStream<T, K, W>(this, assigner);
};

KeyedStream.prototype.countWindow = function countWindow<T, K>(
  this: KeyedStream<T, K>,
  size: number,
  slide?: number,
): WindowedStream<T, K, GlobalWindow> {
  const windowed = new WindowedStream<T, K, GlobalWindow>(this, GlobalWindows.create());
  return slide === undefined
    ? windowed.trigger(PurgingTrigger.of(CountTrigger.of<GlobalWindow>(size)))
    : windowed.evictor(CountEvictor.of<GlobalWindow>(size)).trigger(CountTrigger.of<GlobalWindow>(slide));
};

DataStream.prototype.windowAll = function windowAll<T, W extends Window>(
  this: DataStream<T>,
  assigner: WindowAssigner<T, W>,
): AllWindowedStream<T, W> {
  return new AllWindowedStream<T, W>(
    this.keyBy(() => ALL_KEY),
    assigner,
  );
};

DataStream.prototype.countWindowAll = function countWindowAll<T>(
  this: DataStream<T>,
  size: number,
  slide?: number,
): AllWindowedStream<T, GlobalWindow> {
  const windowed = this.windowAll<GlobalWindow>(GlobalWindows.create());
  return slide === undefined
    ? windowed.trigger(PurgingTrigger.of(CountTrigger.of<GlobalWindow>(size)))
    : windowed.evictor(CountEvictor.of<GlobalWindow>(size)).trigger(CountTrigger.of<GlobalWindow>(slide));
};
