/**
 * `KeyedStream.window(assigner)` (Flink's `WindowedStream`): configure the trigger, evictor,
 * allowed lateness and late-data side output, then finish with a window function (`reduce`,
 * `aggregate`, `process`, `apply`), which adds one keyed `WindowOperator` to the job.
 *
 * `reduce` and `aggregate` aggregate incrementally (one value per window in state); given a
 * `ProcessWindowFunction` too, that function receives the single aggregated value together with
 * the window's context. With an evictor every element is kept and aggregation happens at firing.
 */
import { JobDefinitionError } from "../../core/errors.js";
import { type AggregationKind, createAggregationFunction } from "../../operators/aggregation.js";
import type { FieldRef } from "../../operators/field-access.js";
import { copyUserFunction } from "../../operators/function-copy.js";
import type { ReduceFunctionLike } from "../../operators/functions.js";
import type { OutputTag } from "../../operators/output-tag.js";
import type { AggregateFunction } from "../../operators/state/state-types.js";
import {
  isMergingAssigner,
  type WindowAssigner,
} from "../../operators/windowing/assigners/window-assigner.js";
import type { Evictor } from "../../operators/windowing/evictors/evictor.js";
import type { Trigger } from "../../operators/windowing/triggers/trigger.js";
import {
  aggregateContents,
  listContents,
  reduceContents,
  type WindowContentsSpec,
} from "../../operators/windowing/window-contents.js";
import {
  type InternalWindowFunction,
  internalProcessFunction,
  internalWindowFunction,
  type ProcessWindowFunctionLike,
  passThroughFunction,
  type WindowFunctionLike,
} from "../../operators/windowing/window-functions.js";
import { WindowOperator } from "../../operators/windowing/window-operator.js";
import type { Window } from "../../operators/windowing/windows.js";
import type { KeyedStream, SingleOutputStreamOperator } from "../datastream.js";
import type { ComparableField, NumericField } from "../fields.js";

/** What a windowed stream was configured with, before its window function is chosen. */
export interface WindowSettings<T, W extends Window> {
  readonly assigner: WindowAssigner<T, W>;
  trigger: Trigger<T, W> | undefined;
  evictor: Evictor<T, W> | undefined;
  allowedLateness: number;
  lateDataOutputTag: OutputTag<T> | undefined;
}

export class WindowedStream<T, K, W extends Window> {
  private readonly settings: WindowSettings<T, W>;

  /** @internal Created by `KeyedStream.window`. */
  constructor(
    private readonly input: KeyedStream<T, K>,
    assigner: WindowAssigner<T, W>,
    /** Operators of `windowAll` run at parallelism 1. */
    private readonly nonParallel = false,
  ) {
    this.settings = {
      assigner,
      trigger: undefined,
      evictor: undefined,
      allowedLateness: 0,
      lateDataOutputTag: undefined,
    };
  }

  /** Replaces the assigner's default trigger. */
  trigger(trigger: Trigger<T, W>): this {
    if (isMergingAssigner(this.settings.assigner) && trigger.canMerge?.() !== true) {
      throw new JobDefinitionError(
        "A merging window assigner cannot be used with a trigger that does not support merging.",
        { hint: "implement canMerge() and onMerge() in the trigger, or use a non-merging assigner" },
      );
    }
    this.settings.trigger = trigger;
    return this;
  }

  /** Removes elements before and/or after the window function runs (keeps all elements in state). */
  evictor(evictor: Evictor<T, W>): this {
    this.settings.evictor = evictor;
    return this;
  }

  /** Keeps event-time windows `lateness` ms past their end; late elements re-fire them. Default 0. */
  allowedLateness(lateness: number): this {
    if (!Number.isFinite(lateness) || lateness < 0) {
      throw new JobDefinitionError(
        `allowedLateness(${lateness}): the allowed lateness must be a finite number >= 0 ms`,
      );
    }
    this.settings.allowedLateness = lateness;
    return this;
  }

  /** Sends elements that arrive too late for all their windows to the side output `tag`. */
  sideOutputLateData(tag: OutputTag<T>): this {
    this.settings.lateDataOutputTag = tag;
    return this;
  }

  /** Incrementally reduces each window; optionally passes the result to a process window function. */
  reduce(reducer: ReduceFunctionLike<T>): SingleOutputStreamOperator<T>;
  reduce<R>(
    reducer: ReduceFunctionLike<T>,
    fn: ProcessWindowFunctionLike<T, R, K, W>,
  ): SingleOutputStreamOperator<R>;
  reduce<R>(
    reducer: ReduceFunctionLike<T>,
    fn?: ProcessWindowFunctionLike<T, R, K, W>,
  ): SingleOutputStreamOperator<R | T> {
    const contents = () => reduceContents(copyUserFunction(reducer));
    return this.build<T, R | T>("reduce", contents, () =>
      fn === undefined
        ? (passThroughFunction<T, K, W>() as InternalWindowFunction<T, R | T, K, W>)
        : internalProcessFunction(copyUserFunction(fn)),
    );
  }

  /** Incrementally aggregates each window; optionally passes the result to a process window function. */
  aggregate<ACC, V>(fn: AggregateFunction<T, ACC, V>): SingleOutputStreamOperator<V>;
  aggregate<ACC, V, R>(
    fn: AggregateFunction<T, ACC, V>,
    windowFn: ProcessWindowFunctionLike<V, R, K, W>,
  ): SingleOutputStreamOperator<R>;
  aggregate<ACC, V, R>(
    fn: AggregateFunction<T, ACC, V>,
    windowFn?: ProcessWindowFunctionLike<V, R, K, W>,
  ): SingleOutputStreamOperator<V | R> {
    return this.build<V, V | R>(
      "aggregate",
      () => aggregateContents(copyUserFunction(fn)),
      () =>
        windowFn === undefined
          ? (passThroughFunction<V, K, W>() as InternalWindowFunction<V, V | R, K, W>)
          : internalProcessFunction(copyUserFunction(windowFn)),
    );
  }

  /** Sum of a numeric field per window; other fields keep the values of the window's first element. */
  sum(field: NumericField<T>): SingleOutputStreamOperator<T> {
    return this.aggregation("sum", field as FieldRef, true);
  }

  min(field: ComparableField<T>): SingleOutputStreamOperator<T> {
    return this.aggregation("min", field as FieldRef, true);
  }

  max(field: ComparableField<T>): SingleOutputStreamOperator<T> {
    return this.aggregation("max", field as FieldRef, true);
  }

  /** The element with the smallest field (the earlier one on ties when `first`). */
  minBy(field: ComparableField<T>, first = true): SingleOutputStreamOperator<T> {
    return this.aggregation("minBy", field as FieldRef, first);
  }

  maxBy(field: ComparableField<T>, first = true): SingleOutputStreamOperator<T> {
    return this.aggregation("maxBy", field as FieldRef, first);
  }

  /** Evaluates each window with all its elements. */
  process<R>(fn: ProcessWindowFunctionLike<T, R, K, W>): SingleOutputStreamOperator<R> {
    return this.build<T, R>("process", listContents, () => internalProcessFunction(copyUserFunction(fn)));
  }

  /** Evaluates each window with all its elements (Flink's older `WindowFunction`). */
  apply<R>(fn: WindowFunctionLike<T, R, K, W>): SingleOutputStreamOperator<R> {
    return this.build<T, R>("apply", listContents, () => internalWindowFunction(copyUserFunction(fn)));
  }

  /** @internal */
  aggregation(kind: AggregationKind, field: FieldRef, first: boolean): SingleOutputStreamOperator<T> {
    return this.build<T, T>(
      kind,
      () => reduceContents(createAggregationFunction<T>(kind, field, first)),
      () => passThroughFunction<T, K, W>(),
    );
  }

  /** @internal Shared with `AllWindowedStream`. */
  build<ACC, R>(
    what: string,
    contents: () => WindowContentsSpec<T, ACC>,
    windowFunction: () => InternalWindowFunction<ACC, R, K, W>,
  ): SingleOutputStreamOperator<R> {
    const s = { ...this.settings };
    const keySelector = this.input.getKeySelector();
    const trigger = s.trigger ?? s.assigner.getDefaultTrigger();
    const name = `Window(${s.assigner.toString()}, ${trigger.toString()}${s.evictor === undefined ? "" : `, ${s.evictor.constructor.name}`}, ${what})`;
    const result = this.input.transform<R>(
      name,
      () =>
        new WindowOperator<T, ACC, R, K, W>({
          assigner: s.assigner,
          keySelector,
          contents: contents(),
          windowFunction: windowFunction(),
          trigger,
          evictor: s.evictor,
          allowedLateness: s.allowedLateness,
          lateDataOutputTag: s.lateDataOutputTag,
        }),
      {
        kind: this.nonParallel ? "windowAll" : "window",
        params: {
          assigner: s.assigner.toString(),
          trigger: trigger.toString(),
          allowedLateness: s.allowedLateness,
        },
      },
    );
    if (this.nonParallel) {
      result.setParallelism(1).setMaxParallelism(1);
      // Like Flink's forceNonParallel: a later setParallelism(n > 1) is rejected.
      (result.getTransformation() as { nonParallel: boolean }).nonParallel = true;
    }
    return result;
  }
}
