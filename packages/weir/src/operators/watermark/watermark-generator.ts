/**
 * Watermark generation (Flink's `WatermarkGenerator`, `WatermarkOutput`,
 * `BoundedOutOfOrdernessWatermarks`, `WatermarksWithIdleness`).
 *
 * A generator sees every event (`onEvent`) and is asked periodically, every
 * `pipeline.auto-watermark-interval` of the operator's clock, to emit (`onPeriodicEmit`). It may
 * emit from either. Watermarks are numbers (ms; -Infinity = MIN, +Infinity = MAX); outputs drop
 * watermarks that do not advance. `markIdle()` declares the input idle: it then no longer holds back
 * the watermark of downstream operators until it emits again (`markActive()` or any watermark or
 * record).
 */
import type { Clock } from "../../core/clock.js";

export interface WatermarkOutput {
  emitWatermark(watermark: number): void;
  /** This output will not emit records or watermarks for a while. */
  markIdle(): void;
  /** Ends an idle period (emitting a watermark does so too). */
  markActive(): void;
}

export interface WatermarkGenerator<T> {
  onEvent(event: T, eventTimestamp: number, output: WatermarkOutput): void;
  onPeriodicEmit(output: WatermarkOutput): void;
}

/** What a generator supplier gets (Flink's `WatermarkGeneratorSupplier.Context`). */
export interface WatermarkGeneratorContext {
  /** The operator's clock (processing time). */
  readonly clock: Clock;
}

export type WatermarkGeneratorSupplier<T> = (context: WatermarkGeneratorContext) => WatermarkGenerator<T>;

/**
 * Flink's `BoundedOutOfOrdernessWatermarks`: the watermark is the largest timestamp seen minus the
 * out-of-orderness minus 1 (so that a record with timestamp `max - outOfOrderness` is not late).
 * Emits periodically only.
 */
export class BoundedOutOfOrdernessWatermarks<T> implements WatermarkGenerator<T> {
  private maxTimestamp = Number.NEGATIVE_INFINITY;

  constructor(private readonly outOfOrdernessMs: number) {}

  onEvent(_event: T, eventTimestamp: number, _output?: WatermarkOutput): void {
    if (eventTimestamp > this.maxTimestamp) this.maxTimestamp = eventTimestamp;
  }

  onPeriodicEmit(output: WatermarkOutput): void {
    output.emitWatermark(this.maxTimestamp - this.outOfOrdernessMs - 1);
  }
}

/** Flink's `NoWatermarksGenerator`. */
export class NoWatermarksGenerator<T> implements WatermarkGenerator<T> {
  onEvent(): void {}
  onPeriodicEmit(): void {}
}

/**
 * Flink's `WatermarksWithIdleness`: marks the output idle when no event arrived for `idleTimeoutMs`
 * of processing time (checked at periodic emission), and active again at the next event.
 */
export class WatermarksWithIdleness<T> implements WatermarkGenerator<T> {
  private counter = 0;
  private lastCounter = 0;
  private inactiveSince: number | undefined;
  private idle = false;

  constructor(
    private readonly inner: WatermarkGenerator<T>,
    private readonly idleTimeoutMs: number,
    private readonly clock: Clock,
  ) {}

  onEvent(event: T, eventTimestamp: number, output: WatermarkOutput): void {
    this.inner.onEvent(event, eventTimestamp, output);
    this.counter++;
    if (this.idle) {
      this.idle = false;
      output.markActive();
    }
  }

  onPeriodicEmit(output: WatermarkOutput): void {
    if (this.checkIfIdle()) {
      if (!this.idle) {
        this.idle = true;
        output.markIdle();
      }
    } else {
      this.inner.onPeriodicEmit(output);
    }
  }

  private checkIfIdle(): boolean {
    if (this.counter !== this.lastCounter) {
      this.lastCounter = this.counter;
      this.inactiveSince = undefined;
      return false;
    }
    const now = this.clock.now();
    if (this.inactiveSince === undefined) {
      this.inactiveSince = now;
      return false;
    }
    return now - this.inactiveSince > this.idleTimeoutMs;
  }
}
