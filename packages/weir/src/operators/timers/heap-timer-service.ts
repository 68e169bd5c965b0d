/**
 * A named timer service of one keyed operator (Flink's `InternalTimerServiceImpl` and, in BATCH,
 * `BatchExecutionInternalTimeService`); see `internal-timer-service.ts` for the contract. Created
 * and driven by `HeapInternalTimeServiceManager`.
 */
import type { Clock, TimerHandle } from "../../core/clock.js";
import { type NormalizedKey, normalizeKey } from "../state/normalized-key.js";
import type { InternalTimerService, Triggerable } from "./internal-timer-service.js";
import { TimerQueue, type TimerRecord } from "./timer-queue.js";

/** What a service needs from its manager. */
export interface TimerServiceHost {
  readonly clock: Clock;
  readonly batch: boolean;
  /** The operator's watermark as the services report it. */
  readonly watermark: number;
  /** True while BATCH end-of-key timers fire: registrations are dropped. */
  readonly quiesced: boolean;
  /** A registration was dropped because the service is quiesced. */
  onQuiescedRegistration(): void;
  getCurrentKey(): unknown;
  /** `normalizeKey(getCurrentKey())`, as the backend already computed it. */
  getCurrentKeyNorm(): NormalizedKey;
  setCurrentKey(key: unknown): void;
}

export class HeapTimerService<N> implements InternalTimerService<N> {
  readonly eventTime: TimerQueue;
  readonly processingTime: TimerQueue;
  private scheduled: { at: number; handle: TimerHandle } | undefined;
  private disposed = false;

  constructor(
    readonly name: string,
    private readonly host: TimerServiceHost,
    readonly triggerable: Triggerable<unknown, N>,
  ) {
    this.eventTime = new TimerQueue(!host.batch);
    this.processingTime = new TimerQueue(!host.batch);
  }

  currentProcessingTime(): number {
    return this.host.clock.now();
  }

  currentWatermark(): number {
    return this.host.watermark;
  }

  registerEventTimeTimer(namespace: N, time: number): void {
    if (this.host.quiesced) {
      this.host.onQuiescedRegistration();
      return;
    }
    const host = this.host;
    this.eventTime.add(
      host.getCurrentKey(),
      host.getCurrentKeyNorm(),
      namespace,
      normalizeKey(namespace),
      time,
    );
  }

  registerProcessingTimeTimer(namespace: N, time: number): void {
    if (this.host.quiesced) {
      this.host.onQuiescedRegistration();
      return;
    }
    const host = this.host;
    const added = this.processingTime.add(
      host.getCurrentKey(),
      host.getCurrentKeyNorm(),
      namespace,
      normalizeKey(namespace),
      time,
    );
    if (added && !this.host.batch) this.scheduleProcessingTime();
  }

  deleteEventTimeTimer(namespace: N, time: number): void {
    this.eventTime.delete(this.host.getCurrentKeyNorm(), normalizeKey(namespace), time);
  }

  deleteProcessingTimeTimer(namespace: N, time: number): void {
    this.processingTime.delete(this.host.getCurrentKeyNorm(), normalizeKey(namespace), time);
  }

  forEachEventTimeTimer(fn: (namespace: N, timestamp: number) => void): void {
    const key = this.host.getCurrentKeyNorm();
    this.eventTime.forEach((t) => {
      if (t.keyNorm === key) fn(t.namespace as N, t.timestamp);
    });
  }

  forEachProcessingTimeTimer(fn: (namespace: N, timestamp: number) => void): void {
    const key = this.host.getCurrentKeyNorm();
    this.processingTime.forEach((t) => {
      if (t.keyNorm === key) fn(t.namespace as N, t.timestamp);
    });
  }

  numTimers(): number {
    return this.eventTime.size + this.processingTime.size;
  }

  /** STREAMING: fires every event-time timer with `timestamp <= watermark`, in order. */
  advanceWatermark(watermark: number): void {
    const queue = this.eventTime;
    for (let timer = queue.pollUpTo(watermark); timer !== undefined; timer = queue.pollUpTo(watermark)) {
      this.host.setCurrentKey(timer.key);
      this.triggerable.onEventTime(timer as TimerRecord & { namespace: N });
    }
  }

  /** BATCH: fires the key's event-time timers, then its processing-time timers, each by timestamp. */
  fireKey(keyNorm: NormalizedKey): void {
    for (const timer of this.eventTime.pollKey(keyNorm)) {
      this.host.setCurrentKey(timer.key);
      this.triggerable.onEventTime(timer as TimerRecord & { namespace: N });
    }
    for (const timer of this.processingTime.pollKey(keyNorm)) {
      this.host.setCurrentKey(timer.key);
      this.triggerable.onProcessingTime(timer as TimerRecord & { namespace: N });
    }
  }

  /** Restores one timer (snapshot restore), as registered under `key`. */
  restoreTimer(domain: "event" | "processing", key: unknown, namespace: unknown, timestamp: number): void {
    const queue = domain === "event" ? this.eventTime : this.processingTime;
    queue.add(key, normalizeKey(key), namespace, normalizeKey(namespace), timestamp);
    if (domain === "processing" && !this.host.batch) this.scheduleProcessingTime();
  }

  dispose(): void {
    this.disposed = true;
    this.scheduled?.handle.cancel();
    this.scheduled = undefined;
  }

  /** Keeps one clock timer, for the earliest processing-time timer. */
  private scheduleProcessingTime(): void {
    if (this.disposed) return;
    const next = this.processingTime.peek();
    if (next === undefined) return;
    const scheduled = this.scheduled;
    if (scheduled !== undefined) {
      if (scheduled.at <= next.timestamp) return;
      scheduled.handle.cancel();
    }
    const at = next.timestamp;
    this.scheduled = { at, handle: this.host.clock.setTimer(at, () => this.onProcessingTime(at)) };
  }

  private onProcessingTime(at: number): void {
    if (this.scheduled?.at === at) this.scheduled = undefined;
    if (this.disposed) return;
    const now = this.host.clock.now();
    const queue = this.processingTime;
    for (let timer = queue.pollUpTo(now); timer !== undefined; timer = queue.pollUpTo(now)) {
      this.host.setCurrentKey(timer.key);
      this.triggerable.onProcessingTime(timer as TimerRecord & { namespace: N });
    }
    this.scheduleProcessingTime();
  }
}
