/**
 * `DataStream.windowAll(assigner)` (Flink's `AllWindowedStream`): windows over the whole stream,
 * evaluated by one subtask (the operator runs at parallelism 1, as in Flink, where it is keyed by
 * a constant key).
 */
import { copyUserFunction } from "../../operators/function-copy.js";
import type { ReduceFunctionLike } from "../../operators/functions.js";
import type { OutputTag } from "../../operators/output-tag.js";
import type { AggregateFunction } from "../../operators/state/state-types.js";
import type { WindowAssigner } from "../../operators/windowing/assigners/window-assigner.js";
import type { Evictor } from "../../operators/windowing/evictors/evictor.js";
import type { Trigger } from "../../operators/windowing/triggers/trigger.js";
import {
  aggregateContents,
  listContents,
  reduceContents,
} from "../../operators/windowing/window-contents.js";
import {
  type AllWindowFunctionLike,
  type InternalWindowFunction,
  internalAllWindowFunction,
  internalProcessAllFunction,
  type ProcessAllWindowFunctionLike,
  passThroughFunction,
} from "../../operators/windowing/window-functions.js";
import type { Window } from "../../operators/windowing/windows.js";
import type { KeyedStream, SingleOutputStreamOperator } from "../datastream.js";
import type { ComparableField, NumericField } from "../fields.js";
import { WindowedStream } from "./windowed-stream.js";

export class AllWindowedStream<T, W extends Window> {
  private readonly windowed: WindowedStream<T, number, W>;

  /** @internal Created by `DataStream.windowAll` with the stream keyed by a constant. */
  constructor(input: KeyedStream<T, number>, assigner: WindowAssigner<T, W>) {
    this.windowed = new WindowedStream<T, number, W>(input, assigner, true);
  }

  trigger(trigger: Trigger<T, W>): this {
    this.windowed.trigger(trigger);
    return this;
  }

  evictor(evictor: Evictor<T, W>): this {
    this.windowed.evictor(evictor);
    return this;
  }

  allowedLateness(lateness: number): this {
    this.windowed.allowedLateness(lateness);
    return this;
  }

  sideOutputLateData(tag: OutputTag<T>): this {
    this.windowed.sideOutputLateData(tag);
    return this;
  }

  reduce(reducer: ReduceFunctionLike<T>): SingleOutputStreamOperator<T>;
  reduce<R>(
    reducer: ReduceFunctionLike<T>,
    fn: ProcessAllWindowFunctionLike<T, R, W>,
  ): SingleOutputStreamOperator<R>;
  reduce<R>(
    reducer: ReduceFunctionLike<T>,
    fn?: ProcessAllWindowFunctionLike<T, R, W>,
  ): SingleOutputStreamOperator<T | R> {
    return this.windowed.build<T, T | R>(
      "reduce",
      () => reduceContents(copyUserFunction(reducer)),
      () =>
        (fn === undefined
          ? passThroughFunction<T, number, W>()
          : internalProcessAllFunction(copyUserFunction(fn))) as InternalWindowFunction<T, T | R, number, W>,
    );
  }

  aggregate<ACC, V>(fn: AggregateFunction<T, ACC, V>): SingleOutputStreamOperator<V>;
  aggregate<ACC, V, R>(
    fn: AggregateFunction<T, ACC, V>,
    windowFn: ProcessAllWindowFunctionLike<V, R, W>,
  ): SingleOutputStreamOperator<R>;
  aggregate<ACC, V, R>(
    fn: AggregateFunction<T, ACC, V>,
    windowFn?: ProcessAllWindowFunctionLike<V, R, W>,
  ): SingleOutputStreamOperator<V | R> {
    return this.windowed.build<V, V | R>(
      "aggregate",
      () => aggregateContents(copyUserFunction(fn)),
      () =>
        (windowFn === undefined
          ? passThroughFunction<V, number, W>()
          : internalProcessAllFunction(copyUserFunction(windowFn))) as InternalWindowFunction<
          V,
          V | R,
          number,
          W
        >,
    );
  }

  sum(field: NumericField<T>): SingleOutputStreamOperator<T> {
    return this.windowed.sum(field);
  }

  min(field: ComparableField<T>): SingleOutputStreamOperator<T> {
    return this.windowed.min(field);
  }

  max(field: ComparableField<T>): SingleOutputStreamOperator<T> {
    return this.windowed.max(field);
  }

  minBy(field: ComparableField<T>, first = true): SingleOutputStreamOperator<T> {
    return this.windowed.minBy(field, first);
  }

  maxBy(field: ComparableField<T>, first = true): SingleOutputStreamOperator<T> {
    return this.windowed.maxBy(field, first);
  }

  process<R>(fn: ProcessAllWindowFunctionLike<T, R, W>): SingleOutputStreamOperator<R> {
    return this.windowed.build<T, R>(
      "process",
      listContents,
      () => internalProcessAllFunction(copyUserFunction(fn)) as InternalWindowFunction<T, R, number, W>,
    );
  }

  apply<R>(fn: AllWindowFunctionLike<T, R, W>): SingleOutputStreamOperator<R> {
    return this.windowed.build<T, R>(
      "apply",
      listContents,
      () => internalAllWindowFunction(copyUserFunction(fn)) as InternalWindowFunction<T, R, number, W>,
    );
  }
}
