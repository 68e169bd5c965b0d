/**
 * Timers and time queries of process functions (Flink's `TimerService`). The shape is final; the
 * implementation arrives with event time and keyed state. Until then `ctx.timerService()` throws a
 * `JobDefinitionError` so that a job relying on timers fails at once instead of silently not firing.
 */
import { JobDefinitionError } from "../core/errors.js";

export interface TimerService {
  currentProcessingTime(): number;
  currentWatermark(): number;
  /** Registers a processing-time timer for the current key (keyed streams only). */
  registerProcessingTimeTimer(time: number): void;
  /** Registers an event-time timer for the current key (keyed streams only). */
  registerEventTimeTimer(time: number): void;
  deleteProcessingTimeTimer(time: number): void;
  deleteEventTimeTimer(time: number): void;
}

/** Which clock fired a timer. */
export type TimeDomain = "EVENT_TIME" | "PROCESSING_TIME";

/** The error `timerService()` throws until timers are supported. */
export function timersNotSupported(): JobDefinitionError {
  return new JobDefinitionError(
    "timers arrive with event time/state support; ctx.timerService() is not available yet",
    {
      hint: "remove the timer calls from the process function for now",
    },
  );
}
