/**
 * A token bucket on an injected clock (the rate limiter of `DataGeneratorSource`). Permits accrue
 * continuously at `permitsPerSecond` up to `burst`; the bucket starts with one permit so the first
 * record goes out at once. Over any interval of `d` ms at most `burst + d * permitsPerSecond / 1000`
 * permits are granted.
 */
import type { Clock } from "../../core/clock.js";

export class TokenBucket {
  private readonly clock: Clock;
  private readonly permitsPerMs: number;
  private readonly burst: number;
  private tokens = 1;
  private lastRefill: number;

  constructor(clock: Clock, permitsPerSecond: number, burst: number) {
    this.clock = clock;
    this.permitsPerMs = permitsPerSecond / 1000;
    this.burst = Math.max(1, burst);
    this.lastRefill = clock.now();
  }

  /** Takes up to `max` whole permits and returns how many were taken. */
  tryAcquire(max: number): number {
    this.refill();
    const granted = Math.min(max, Math.floor(this.tokens));
    this.tokens -= granted;
    return granted;
  }

  /** The time at which the next whole permit is available (`now` if one is already there). */
  nextPermitAt(): number {
    this.refill();
    if (this.tokens >= 1) return this.lastRefill;
    return this.lastRefill + Math.ceil((1 - this.tokens) / this.permitsPerMs);
  }

  private refill(): void {
    const now = this.clock.now();
    if (now <= this.lastRefill) return;
    this.tokens = Math.min(this.burst, this.tokens + (now - this.lastRefill) * this.permitsPerMs);
    this.lastRefill = now;
  }
}
