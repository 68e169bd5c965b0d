/**
 * Time-to-live of keyed state (Flink's `StateTtlConfig`). Enabled per state with
 * `descriptor.enableTimeToLive(config)`. Time is processing time from the operator's injected
 * clock (the only time characteristic Flink supports for TTL).
 *
 * - Update type: when the last-access timestamp of a value is refreshed: on create and write
 *   (`OnCreateAndWrite`, default) or also on read (`OnReadAndWrite`).
 * - Visibility: whether an expired value that has not been cleaned up yet may still be returned
 *   (`ReturnExpiredIfNotCleanedUp`) or never (`NeverReturnExpired`, default).
 * - Cleanup: an expired value is always removed when it is read. Additionally, full-snapshot
 *   cleanup (`cleanupFullSnapshot()`) leaves expired entries out of snapshots, and incremental cleanup
 *   (`cleanupIncrementally(n, everyRecord)`, on by default with 5 entries per state access as in
 *   Flink) checks `n` further entries of the state on every access.
 * - Granularity: one timestamp per value for value/reducing/aggregating state, per element for
 *   list state and per entry for map state (as in Flink).
 */
import { JobDefinitionError } from "../../core/errors.js";

export type TtlUpdateType = "OnCreateAndWrite" | "OnReadAndWrite";
export type TtlStateVisibility = "NeverReturnExpired" | "ReturnExpiredIfNotCleanedUp";

export class StateTtlConfig {
  /** Flink-style constants: `StateTtlConfig.UpdateType.OnReadAndWrite`. */
  static readonly UpdateType = {
    OnCreateAndWrite: "OnCreateAndWrite",
    OnReadAndWrite: "OnReadAndWrite",
  } as const;
  static readonly StateVisibility = {
    NeverReturnExpired: "NeverReturnExpired",
    ReturnExpiredIfNotCleanedUp: "ReturnExpiredIfNotCleanedUp",
  } as const;

  /** @internal Use `StateTtlConfig.newBuilder(ttlMs)...build()`. */
  constructor(
    readonly ttlMs: number,
    readonly updateType: TtlUpdateType,
    readonly stateVisibility: TtlStateVisibility,
    /** Expired entries are left out of full snapshots. */
    readonly cleanupFullSnapshot: boolean,
    /** Entries checked per state access by incremental cleanup (0: off). */
    readonly incrementalCleanupSize: number,
    /** Incremental cleanup also runs once per processed record, not only on state access. */
    readonly runCleanupForEveryRecord: boolean,
  ) {}

  static newBuilder(ttlMs: number): StateTtlConfigBuilder {
    return new StateTtlConfigBuilder(ttlMs);
  }
}

export class StateTtlConfigBuilder {
  private updateType: TtlUpdateType = "OnCreateAndWrite";
  private visibility: TtlStateVisibility = "NeverReturnExpired";
  private fullSnapshot = false;
  private incrementalSize = 5;
  private everyRecord = false;

  constructor(private ttlMs: number) {
    checkTtl(ttlMs);
  }

  setUpdateType(updateType: TtlUpdateType): this {
    this.updateType = updateType;
    return this;
  }

  updateTtlOnCreateAndWrite(): this {
    return this.setUpdateType("OnCreateAndWrite");
  }

  updateTtlOnReadAndWrite(): this {
    return this.setUpdateType("OnReadAndWrite");
  }

  setStateVisibility(visibility: TtlStateVisibility): this {
    this.visibility = visibility;
    return this;
  }

  neverReturnExpired(): this {
    return this.setStateVisibility("NeverReturnExpired");
  }

  returnExpiredIfNotCleanedUp(): this {
    return this.setStateVisibility("ReturnExpiredIfNotCleanedUp");
  }

  setTtl(ttlMs: number): this {
    checkTtl(ttlMs);
    this.ttlMs = ttlMs;
    return this;
  }

  /** Leaves expired entries out of full snapshots. */
  cleanupFullSnapshot(): this {
    this.fullSnapshot = true;
    return this;
  }

  /** Checks `cleanupSize` more entries on every state access (and every record, if asked). */
  cleanupIncrementally(cleanupSize: number, runCleanupForEveryRecord = false): this {
    if (!Number.isInteger(cleanupSize) || cleanupSize < 0) {
      throw new JobDefinitionError(
        `cleanupIncrementally: cleanup size must be an integer >= 0, got ${cleanupSize}`,
      );
    }
    this.incrementalSize = cleanupSize;
    this.everyRecord = runCleanupForEveryRecord;
    return this;
  }

  /** Only cleanup on read remains (and full snapshot, if configured). */
  disableCleanupInBackground(): this {
    this.incrementalSize = 0;
    this.everyRecord = false;
    return this;
  }

  build(): StateTtlConfig {
    return new StateTtlConfig(
      this.ttlMs,
      this.updateType,
      this.visibility,
      this.fullSnapshot,
      this.incrementalSize,
      this.everyRecord,
    );
  }
}

function checkTtl(ttlMs: number): void {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new JobDefinitionError(`state TTL must be a finite number of ms > 0, got ${ttlMs}`);
  }
}
