/**
 * Timers and time queries of process functions (Flink's `TimerService`), and its two
 * implementations: keyed (timers of the current key through the operator's internal timer service,
 * in `VOID_NAMESPACE`) and non-keyed (time queries only; registering a timer throws, as in Flink).
 */
import type { Clock } from "../core/clock.js";
import { JobDefinitionError } from "../core/errors.js";
import { VOID_NAMESPACE, type VoidNamespace } from "./state/keyed-state-backend.js";
import type { InternalTimerService } from "./timers/internal-timer-service.js";

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

/** The timer service of keyed process functions: timers of the current key. */
export class KeyedTimerService implements TimerService {
  constructor(private readonly internal: InternalTimerService<VoidNamespace>) {}

  currentProcessingTime(): number {
    return this.internal.currentProcessingTime();
  }
  currentWatermark(): number {
    return this.internal.currentWatermark();
  }
  registerProcessingTimeTimer(time: number): void {
    this.internal.registerProcessingTimeTimer(VOID_NAMESPACE, time);
  }
  registerEventTimeTimer(time: number): void {
    this.internal.registerEventTimeTimer(VOID_NAMESPACE, time);
  }
  deleteProcessingTimeTimer(time: number): void {
    this.internal.deleteProcessingTimeTimer(VOID_NAMESPACE, time);
  }
  deleteEventTimeTimer(time: number): void {
    this.internal.deleteEventTimeTimer(VOID_NAMESPACE, time);
  }
}

/** The timer service of non-keyed process functions: time queries; timers throw. */
export class NonKeyedTimerService implements TimerService {
  constructor(
    private readonly clock: Clock,
    private readonly watermark: () => number,
  ) {}

  currentProcessingTime(): number {
    return this.clock.now();
  }
  currentWatermark(): number {
    return this.watermark();
  }
  registerProcessingTimeTimer(): void {
    throw timersNeedKeyedStream();
  }
  registerEventTimeTimer(): void {
    throw timersNeedKeyedStream();
  }
  deleteProcessingTimeTimer(): void {
    throw timersNeedKeyedStream();
  }
  deleteEventTimeTimer(): void {
    throw timersNeedKeyedStream();
  }
}

/** Flink's "Setting timers is only supported on a keyed streams." */
export function timersNeedKeyedStream(): JobDefinitionError {
  return new JobDefinitionError("setting timers is only supported on keyed streams", {
    hint: "apply the process function after keyBy(...) (a KeyedProcessFunction)",
  });
}
