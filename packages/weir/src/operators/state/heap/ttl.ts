/**
 * TTL bookkeeping of heap state (Flink's `AbstractTtlDecorator` / `TtlUtils`): values are wrapped
 * as `{ v, ts }` with their last-access time from the injected clock; a value is expired when
 * `ts + ttl <= now`.
 */
import type { Clock } from "../../../core/clock.js";
import type { StateTtlConfig } from "../state-ttl-config.js";

/** A TTL-wrapped value: `v` the user value, `ts` its last-access timestamp. */
export interface TtlValue<T> {
  v: T;
  ts: number;
}

export class TtlPolicy {
  readonly ttlMs: number;
  readonly updateOnRead: boolean;
  readonly returnExpired: boolean;
  readonly incrementalCleanupSize: number;
  readonly cleanupEveryRecord: boolean;
  readonly cleanupFullSnapshot: boolean;

  constructor(
    config: StateTtlConfig,
    private readonly clock: Clock,
  ) {
    this.ttlMs = config.ttlMs;
    this.updateOnRead = config.updateType === "OnReadAndWrite";
    this.returnExpired = config.stateVisibility === "ReturnExpiredIfNotCleanedUp";
    this.incrementalCleanupSize = config.incrementalCleanupSize;
    this.cleanupEveryRecord = config.runCleanupForEveryRecord;
    this.cleanupFullSnapshot = config.cleanupFullSnapshot;
  }

  now(): number {
    return this.clock.now();
  }

  isExpired(wrapped: TtlValue<unknown>, now: number): boolean {
    return wrapped.ts + this.ttlMs <= now;
  }

  wrap<T>(value: T): TtlValue<T> {
    return { v: value, ts: this.clock.now() };
  }

  /**
   * Removes what expired from a stored value of `kind`; returns `undefined` when nothing is left.
   * Used by incremental and full-snapshot cleanup.
   */
  sweep(kind: string, stored: unknown, now: number): unknown {
    switch (kind) {
      case "list": {
        const list = stored as TtlValue<unknown>[];
        const kept = list.filter((e) => !this.isExpired(e, now));
        return kept.length === 0 ? undefined : kept;
      }
      case "map": {
        const map = stored as Map<unknown, [unknown, TtlValue<unknown>]>;
        for (const [k, pair] of map) if (this.isExpired(pair[1], now)) map.delete(k);
        return map.size === 0 ? undefined : map;
      }
      default:
        return this.isExpired(stored as TtlValue<unknown>, now) ? undefined : stored;
    }
  }
}
