/**
 * Public windowing API: assigners, windows, triggers, evictors, window functions and the windowed
 * streams. Importing this module installs `window`, `countWindow`, `windowAll` and
 * `countWindowAll` on the stream classes (see `stream-methods.ts`).
 */
import "./stream-methods.js";

export type { AggregateFunction } from "../../operators/state/state-types.js";
export { GlobalWindows } from "../../operators/windowing/assigners/global.js";
export {
  EventTimeSessionWindows,
  ProcessingTimeSessionWindows,
  type SessionWindowTimeGapExtractor,
} from "../../operators/windowing/assigners/session.js";
export {
  SlidingEventTimeWindows,
  SlidingProcessingTimeWindows,
} from "../../operators/windowing/assigners/sliding.js";
export {
  TumblingEventTimeWindows,
  TumblingProcessingTimeWindows,
} from "../../operators/windowing/assigners/tumbling.js";
export {
  MergingWindowAssigner,
  WindowAssigner,
  type WindowAssignerContext,
} from "../../operators/windowing/assigners/window-assigner.js";
export { CountEvictor } from "../../operators/windowing/evictors/count-evictor.js";
export { DeltaEvictor, type DeltaFunction } from "../../operators/windowing/evictors/delta-evictor.js";
export type {
  Evictor,
  EvictorContext,
  TimestampedValue,
} from "../../operators/windowing/evictors/evictor.js";
export { TimeEvictor } from "../../operators/windowing/evictors/time-evictor.js";
export { MergingWindowSet } from "../../operators/windowing/merging-window-set.js";
export { ContinuousEventTimeTrigger } from "../../operators/windowing/triggers/continuous-event-time-trigger.js";
export { CountTrigger } from "../../operators/windowing/triggers/count-trigger.js";
export { EventTimeTrigger } from "../../operators/windowing/triggers/event-time-trigger.js";
export { NeverTrigger } from "../../operators/windowing/triggers/never-trigger.js";
export { ProcessingTimeTrigger } from "../../operators/windowing/triggers/processing-time-trigger.js";
export { PurgingTrigger } from "../../operators/windowing/triggers/purging-trigger.js";
export {
  type OnMergeContext,
  type Trigger,
  type TriggerContext,
  TriggerResult,
} from "../../operators/windowing/triggers/trigger.js";
export type {
  AllWindowFunction,
  AllWindowFunctionLike,
  ProcessAllWindowFunction,
  ProcessAllWindowFunctionLike,
  ProcessWindowFunction,
  ProcessWindowFunctionContext,
  ProcessWindowFunctionLike,
  WindowFunction,
  WindowFunctionLike,
} from "../../operators/windowing/window-functions.js";
export { WindowOperator, type WindowOperatorOptions } from "../../operators/windowing/window-operator.js";
export { GlobalWindow, TimeWindow, type Window } from "../../operators/windowing/windows.js";
export { AllWindowedStream } from "./all-windowed-stream.js";
export { WindowedStream } from "./windowed-stream.js";
