/**
 * Timers of keyed operators (Flink's `InternalTimerService`, `InternalTimer`, `Triggerable`).
 *
 * Who provides it: `OperatorContext.getInternalTimerService(name, triggerable)`, present for keyed
 * operators (the runtime's operator chain and the test harness create one `InternalTimeServiceManager`
 * per keyed operator). One service per `name`; asking again with the same name returns the same
 * service (the triggerable of the first call is kept).
 *
 * Contract:
 * - Timers belong to the backend's *current key* at registration and to a namespace (user timers:
 *   `VOID_NAMESPACE`; window operators: the window). They are deduplicated per
 *   (key, namespace, timestamp) and per time domain; deleting an absent timer is a no-op.
 * - Event-time timers fire when the operator's watermark reaches them (`timestamp <= watermark`),
 *   in timestamp order, *before* the operator's `processWatermark` sees that watermark (the runtime
 *   advances the timer services first, as Flink's `AbstractStreamOperator.processWatermark` does).
 *   `currentWatermark()` is that watermark while the timers fire.
 * - Processing-time timers fire when the injected clock reaches them, as mails of the task (never
 *   during a record), in timestamp order.
 * - Before `onEventTime` / `onProcessingTime` the backend's current key is set to the timer's key.
 * - BATCH (see `operators/state/batch-key-scope.ts`): nothing fires while records flow; at the end of
 *   each key the key's event-time timers fire in timestamp order with the watermark at MAX, then its
 *   processing-time timers; timers registered from those callbacks are dropped with one warning
 *   ("Timer service is quiesced"). `currentProcessingTime()` still reads the clock.
 */

export interface InternalTimer<K, N> {
  readonly timestamp: number;
  readonly key: K;
  readonly namespace: N;
}

/** What a timer service calls when a timer fires (the operator). */
export interface Triggerable<K, N> {
  onEventTime(timer: InternalTimer<K, N>): void;
  onProcessingTime(timer: InternalTimer<K, N>): void;
}

export interface InternalTimerService<N> {
  currentProcessingTime(): number;
  /** The operator's current watermark (MIN before the first; MAX while BATCH end-of-key timers fire). */
  currentWatermark(): number;
  registerEventTimeTimer(namespace: N, time: number): void;
  registerProcessingTimeTimer(namespace: N, time: number): void;
  deleteEventTimeTimer(namespace: N, time: number): void;
  deleteProcessingTimeTimer(namespace: N, time: number): void;
  /** Calls `fn` for every event-time timer (window operators use it to restore merging windows). */
  forEachEventTimeTimer(fn: (namespace: N, timestamp: number) => void): void;
  forEachProcessingTimeTimer(fn: (namespace: N, timestamp: number) => void): void;
  /** Number of pending timers of both domains (tests). */
  numTimers(): number;
}

/** One timer in a snapshot: `[key, namespace, timestamp]`. */
export type TimerEntry = readonly [key: unknown, namespace: unknown, timestamp: number];

/** Timers of one named service, by key group (only non-empty groups, ascending). */
export interface TimerServiceSnapshot {
  readonly name: string;
  readonly keyGroups: readonly {
    readonly keyGroup: number;
    readonly eventTime: readonly TimerEntry[];
    readonly processingTime: readonly TimerEntry[];
  }[];
}

/**
 * The timer services of one keyed operator (Flink's `InternalTimeServiceManager`). The runtime
 * drives it; operators only see `getInternalTimerService`.
 */
export interface InternalTimeServiceManager {
  getInternalTimerService<N>(name: string, triggerable: Triggerable<unknown, N>): InternalTimerService<N>;
  /** The operator's combined input watermark advanced: fire due event-time timers (STREAMING). */
  advanceWatermark(watermark: number): void;
  /** The watermark the services report. */
  currentWatermark(): number;
  snapshot(): TimerServiceSnapshot[];
  restore(snapshots: readonly (readonly TimerServiceSnapshot[])[]): void;
  /** Stops processing-time callbacks (task end); later registrations are ignored. */
  dispose(): void;
}
