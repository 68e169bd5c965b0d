/**
 * The keyed window operator (Flink's `WindowOperator` and `EvictingWindowOperator` in one): assigns
 * each element to windows, keeps each window's contents in keyed state namespaced by the window,
 * asks the trigger what to do, evaluates the window function on FIRE and drops the contents on
 * PURGE.
 *
 * Guarantees (Flink's semantics):
 * - Event-time windows are *late* once `maxTimestamp + allowedLateness <= watermark`; an element
 *   none of whose windows accepts it is late when `timestamp + allowedLateness <= watermark` and
 *   goes to the late side output, or is dropped and counted (`getNumLateRecordsDropped`).
 * - Each window gets a cleanup timer at `maxTimestamp + allowedLateness` (processing time:
 *   `maxTimestamp`) that clears its contents, trigger state, per-window state and merging-set
 *   entry; the global window is never cleaned up.
 * - Results carry the window's `maxTimestamp()` as timestamp.
 * - Merging assigners (sessions): the contents of merged windows are merged into one state window,
 *   the trigger's `onMerge` runs and the merged windows' trigger state and cleanup timers go.
 * - BATCH needs nothing special: the timer service fires every timer of a key at its end with the
 *   watermark at MAX, so each event-time window fires once, complete.
 */
import { InternalError, JobDefinitionError } from "../../core/errors.js";
import { AbstractStreamOperator } from "../abstract-operator.js";
import type { OneInputStreamOperator, OutputTagRef, StreamRecord } from "../contract.js";
import { richOf } from "../functions.js";
import type { InternalStateOf, KeyedStateBackend } from "../state/keyed-state-backend.js";
import {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  ReducingStateDescriptor,
  type StateDescriptor,
} from "../state/state-descriptors.js";
import type { AppendingState, ListState, State } from "../state/state-types.js";
import type { InternalTimer, InternalTimerService, Triggerable } from "../timers/internal-timer-service.js";
import { TimestampedCollector } from "../timestamped-collector.js";
import {
  isMergingAssigner,
  type MergingWindowAssigner,
  type WindowAssigner,
} from "./assigners/window-assigner.js";
import type { Evictor, EvictorContext, TimestampedValue } from "./evictors/evictor.js";
import { MergingSetStore } from "./merging-set-store.js";
import type { MergingWindowSet } from "./merging-window-set.js";
import { isFire, isPurge, type Trigger, type TriggerResult } from "./triggers/trigger.js";
import { foldContents, type WindowContentsSpec } from "./window-contents.js";
import { TriggerContextImpl, WindowContextImpl } from "./window-contexts.js";
import type { InternalWindowFunction } from "./window-functions.js";
import { GLOBAL_WINDOW_MAX_TIMESTAMP, type Window, windowFromNamespace, windowNamespace } from "./windows.js";

export interface WindowOperatorOptions<IN, ACC, OUT, K, W extends Window> {
  readonly assigner: WindowAssigner<IN, W>;
  readonly keySelector: (value: IN) => K;
  /** How contents are kept: a list, or incrementally reduced/aggregated. */
  readonly contents: WindowContentsSpec<IN, ACC>;
  readonly windowFunction: InternalWindowFunction<ACC, OUT, K, W>;
  /** Default: the assigner's default trigger. */
  readonly trigger?: Trigger<IN, W> | undefined;
  readonly evictor?: Evictor<IN, W> | undefined;
  /** ms (event time only). */
  readonly allowedLateness?: number | undefined;
  readonly lateDataOutputTag?: OutputTagRef | undefined;
}

type Contents = AppendingState<unknown, unknown> & State;

const NO_WINDOWS: readonly never[] = [];

export class WindowOperator<IN, ACC, OUT, K, W extends Window>
  extends AbstractStreamOperator<OUT>
  implements OneInputStreamOperator<IN, OUT>, Triggerable<unknown, unknown>
{
  readonly inputArity = 1;
  readonly stateKeySelector: (value: IN) => unknown;
  private readonly assigner: WindowAssigner<IN, W>;
  private readonly trigger: Trigger<IN, W>;
  private readonly evictor: Evictor<IN, W> | undefined;
  private readonly allowedLateness: number;
  private readonly merging: MergingWindowAssigner<IN, W> | undefined;
  /** `assigner.isEventTime()`, asked on every element. */
  private readonly eventTime: boolean;
  private readonly fn: InternalWindowFunction<ACC, OUT, K, W>;
  private readonly contentsSpec: WindowContentsSpec<IN, ACC>;
  private backend!: KeyedStateBackend<unknown>;
  private timers!: InternalTimerService<unknown>;
  private windowState!: InternalStateOf<Contents, unknown>;
  /** Per key: the merging window set (merging assigners only). */
  private mergingSets: MergingSetStore<W> | undefined;
  private triggerContext!: TriggerContextImpl<W>;
  private windowContext!: WindowContextImpl<W>;
  private collector!: TimestampedCollector<OUT>;
  private evictorContext!: EvictorContext;
  private readonly assignerContext = { getCurrentProcessingTime: () => this.timers.currentProcessingTime() };
  private numLateRecordsDropped = 0;
  private readonly mergeFunction = (result: W, merged: W[], stateResult: W, mergedStates: W[]): void =>
    this.onWindowsMerged(result, merged, stateResult, mergedStates);

  constructor(private readonly options: WindowOperatorOptions<IN, ACC, OUT, K, W>) {
    super();
    this.assigner = options.assigner;
    this.stateKeySelector = options.keySelector;
    this.trigger = options.trigger ?? options.assigner.getDefaultTrigger();
    this.evictor = options.evictor;
    this.allowedLateness = options.allowedLateness ?? 0;
    this.fn = options.windowFunction;
    this.contentsSpec = options.contents;
    this.merging = isMergingAssigner(options.assigner) ? options.assigner : undefined;
    this.eventTime = options.assigner.isEventTime();
    if (this.merging !== undefined && this.trigger.canMerge?.() !== true) {
      throw new JobDefinitionError(
        `A merging window assigner cannot be used with a trigger that does not support merging: ${this.trigger.toString()}`,
      );
    }
  }

  /** Late elements dropped so far (Flink's `numLateRecordsDropped` metric). */
  getNumLateRecordsDropped(): number {
    return this.numLateRecordsDropped;
  }

  override open(): void | Promise<void> {
    const context = this.context;
    const backend = context.keyedStateBackend;
    if (backend === undefined || context.getInternalTimerService === undefined) {
      throw new InternalError(
        "WindowOperator needs a keyed state backend and timer service (keyed operator)",
      );
    }
    this.backend = backend;
    this.timers = context.getInternalTimerService<unknown>("window-timers", this);
    this.windowState = backend.getOrCreateKeyedState<unknown, Contents>(this.contentsDescriptor());
    if (this.merging !== undefined) {
      this.mergingSets = new MergingSetStore<W>(backend, this.merging as MergingWindowAssigner<unknown, W>);
    }
    this.triggerContext = new TriggerContextImpl<W>(backend, this.timers);
    this.windowContext = new WindowContextImpl<W>(
      backend,
      this.timers,
      this.output,
      this.merging !== undefined,
    );
    this.collector = new TimestampedCollector<OUT>(this.output);
    this.evictorContext = {
      getCurrentProcessingTime: () => this.timers.currentProcessingTime(),
      getCurrentWatermark: () => this.timers.currentWatermark(),
    };
    return richOf(this.fn.rich)?.open?.(context.runtimeContext);
  }

  override close(): void | Promise<void> {
    return richOf(this.fn.rich)?.close?.();
  }

  processElement(record: StreamRecord<IN>): void {
    const value = record.value;
    const timestamp = record.timestamp;
    const windows = this.assigner.assignWindows(value, timestamp, this.assignerContext);
    let skipped = true;
    const stored: unknown = this.evictor === undefined ? value : { value, timestamp };

    if (this.merging !== undefined) {
      const set = this.mergingSets!.load();
      for (const window of windows) {
        const actual = set.addWindow(window, this.mergeFunction);
        if (this.isWindowLate(actual)) {
          set.retireWindow(actual);
          continue;
        }
        skipped = false;
        const stateWindow = set.getStateWindow(actual);
        if (stateWindow === undefined)
          throw new InternalError(`Window ${String(actual)} is not in in-flight window set.`);
        this.addAndTrigger(actual, stateWindow, stored, value, timestamp);
      }
      this.mergingSets!.persist(set);
    } else {
      for (const window of windows) {
        if (this.isWindowLate(window)) continue;
        skipped = false;
        this.addAndTrigger(window, window, stored, value, timestamp);
      }
    }

    if (skipped && this.isElementLate(timestamp)) {
      const tag = this.options.lateDataOutputTag;
      if (tag !== undefined) this.output.collectSide(tag, record);
      else this.numLateRecordsDropped++;
    }
  }

  onEventTime(timer: InternalTimer<unknown, unknown>): void {
    this.onTimer(timer, true);
  }

  onProcessingTime(timer: InternalTimer<unknown, unknown>): void {
    this.onTimer(timer, false);
  }

  private onTimer(timer: InternalTimer<unknown, unknown>, eventTime: boolean): void {
    const window = windowFromNamespace<W>(timer.namespace);
    let set: MergingWindowSet<W> | undefined;
    let stateWindow: W = window;
    if (this.merging !== undefined) {
      set = this.mergingSets!.load();
      const sw = set.getStateWindow(window);
      // A timer of a window that was merged away: its state lives on in the merge result.
      if (sw === undefined) return;
      stateWindow = sw;
    }
    const ctx = this.triggerContext;
    ctx.setWindow(window);
    const result = eventTime
      ? this.trigger.onEventTime(timer.timestamp, window, ctx)
      : this.trigger.onProcessingTime(timer.timestamp, window, ctx);
    this.windowState.setCurrentNamespace(windowNamespace(stateWindow));
    this.applyTriggerResult(result, window);
    if (eventTime === this.eventTime && this.isCleanupTime(window, timer.timestamp)) {
      this.clearAllState(window, set);
    }
    if (set !== undefined) this.mergingSets!.persist(set);
  }

  private addAndTrigger(window: W, stateWindow: W, stored: unknown, value: IN, timestamp: number): void {
    const state = this.windowState;
    const stateNamespace = windowNamespace(stateWindow);
    state.setCurrentNamespace(stateNamespace);
    state.add(stored);
    const ctx = this.triggerContext;
    ctx.setWindow(window);
    const result = this.trigger.onElement(value, timestamp, window, ctx);
    state.setCurrentNamespace(stateNamespace);
    this.applyTriggerResult(result, window);
    this.registerCleanupTimer(window);
  }

  /** `windowState` is bound to the window's state window. */
  private applyTriggerResult(result: TriggerResult, window: W): void {
    if (isFire(result)) this.fire(window);
    if (isPurge(result)) this.windowState.clear();
  }

  private fire(window: W): void {
    const state = this.windowState;
    const raw = state.get();
    if (raw === undefined) return;
    if (this.evictor === undefined) {
      if (this.contentsSpec.kind === "list") {
        const list = raw as readonly IN[];
        if (list.length === 0) return;
        this.emit(window, list as unknown as Iterable<ACC>);
      } else {
        this.emit(window, [raw as ACC]);
      }
      return;
    }
    const elements = [...(raw as readonly TimestampedValue<IN>[])];
    if (elements.length === 0) return;
    this.evictor.evictBefore(elements, elements.length, window, this.evictorContext);
    this.emit(
      window,
      foldContents(
        this.contentsSpec,
        elements.map((e) => e.value),
      ),
    );
    this.evictor.evictAfter(elements, elements.length, window, this.evictorContext);
    (state as unknown as ListState<TimestampedValue<IN>>).update(elements);
  }

  private emit(window: W, contents: Iterable<ACC>): void {
    this.collector.setAbsoluteTimestamp(window.maxTimestamp());
    this.windowContext.currentWindow = window;
    this.fn.process(this.backend.getCurrentKey() as K, this.windowContext, contents, this.collector);
  }

  private onWindowsMerged(result: W, merged: W[], stateResult: W, mergedStates: W[]): void {
    if (this.eventTime && result.maxTimestamp() + this.allowedLateness <= this.timers.currentWatermark()) {
      throw new JobDefinitionError(
        `The end timestamp of an event-time window cannot become earlier than the current watermark by merging. Current watermark: ${this.timers.currentWatermark()} window: ${String(result)}`,
      );
    }
    if (!this.eventTime && result.maxTimestamp() <= this.timers.currentProcessingTime()) {
      throw new JobDefinitionError(
        `The end timestamp of a processing-time window cannot become earlier than the current processing time by merging. Current processing time: ${this.timers.currentProcessingTime()} window: ${String(result)}`,
      );
    }
    const ctx = this.triggerContext;
    ctx.setWindow(result);
    ctx.setMergedWindows(merged);
    this.trigger.onMerge?.(result, ctx);
    ctx.setMergedWindows(NO_WINDOWS);
    for (const m of merged) {
      ctx.setWindow(m);
      this.trigger.clear(m, ctx);
      this.deleteCleanupTimer(m);
    }
    if (mergedStates.length > 0) {
      const mergeNamespaces = this.windowState.mergeNamespaces;
      if (mergeNamespaces === undefined) throw new InternalError("window contents state cannot merge");
      mergeNamespaces.call(this.windowState, windowNamespace(stateResult), mergedStates.map(windowNamespace));
    }
  }

  private clearAllState(window: W, set: MergingWindowSet<W> | undefined): void {
    this.windowState.clear();
    const ctx = this.triggerContext;
    ctx.setWindow(window);
    this.trigger.clear(window, ctx);
    this.windowContext.currentWindow = window;
    this.fn.clear(this.windowContext);
    set?.retireWindow(window);
  }

  private cleanupTime(window: W): number {
    const max = window.maxTimestamp();
    if (max >= GLOBAL_WINDOW_MAX_TIMESTAMP) return Number.POSITIVE_INFINITY;
    return this.eventTime ? max + this.allowedLateness : max;
  }

  private isCleanupTime(window: W, time: number): boolean {
    return time === this.cleanupTime(window);
  }

  private registerCleanupTimer(window: W): void {
    const time = this.cleanupTime(window);
    if (time === Number.POSITIVE_INFINITY) return;
    const ns = windowNamespace(window);
    if (this.eventTime) this.timers.registerEventTimeTimer(ns, time);
    else this.timers.registerProcessingTimeTimer(ns, time);
  }

  private deleteCleanupTimer(window: W): void {
    const time = this.cleanupTime(window);
    if (time === Number.POSITIVE_INFINITY) return;
    const ns = windowNamespace(window);
    if (this.eventTime) this.timers.deleteEventTimeTimer(ns, time);
    else this.timers.deleteProcessingTimeTimer(ns, time);
  }

  private isWindowLate(window: W): boolean {
    return this.eventTime && this.cleanupTime(window) <= this.timers.currentWatermark();
  }

  private isElementLate(timestamp: number): boolean {
    return this.eventTime && timestamp + this.allowedLateness <= this.timers.currentWatermark();
  }

  private contentsDescriptor(): StateDescriptor<Contents> {
    const spec = this.contentsSpec;
    if (this.evictor !== undefined || spec.kind === "list") {
      return new ListStateDescriptor<unknown>("window-contents") as unknown as StateDescriptor<Contents>;
    }
    if (spec.kind === "reduce") {
      return new ReducingStateDescriptor<IN>(
        "window-contents",
        spec.reduce,
      ) as unknown as StateDescriptor<Contents>;
    }
    return new AggregatingStateDescriptor<IN, unknown, ACC>(
      "window-contents",
      spec.aggregate,
    ) as unknown as StateDescriptor<Contents>;
  }
}
