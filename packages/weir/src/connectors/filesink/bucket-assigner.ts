/**
 * Bucket assigners of the file sink (Flink's `BasePathBucketAssigner` and
 * `DateTimeBucketAssigner`): the sub-directory of the base path a record is written to.
 * `dateTime` buckets by the processing time read from the writer's clock, formatted
 * `yyyy-MM-dd--HH` in the local time zone (Flink's default format and zone).
 */
import type { Clock } from "../../core/clock.js";

export type BucketAssignerKind = "basePath" | "dateTime";

/** Returns the bucket id (relative directory, `""` for the base path itself) of the next record. */
export type BucketAssigner = () => string;

/** Every time-zone offset in use is a multiple of 15 minutes, so a bucket id is stable within one. */
const QUARTER_HOUR_MS = 15 * 60 * 1000;

export function createBucketAssigner(kind: BucketAssignerKind, clock: Clock): BucketAssigner {
  if (kind === "basePath") return () => "";
  // Formatting a date per record is costly; the id can only change at a quarter-hour boundary.
  let validUntil = Number.NEGATIVE_INFINITY;
  let current = "";
  return () => {
    const now = clock.now();
    if (now >= validUntil || now < validUntil - QUARTER_HOUR_MS) {
      current = formatDateTimeBucket(now);
      validUntil = (Math.floor(now / QUARTER_HOUR_MS) + 1) * QUARTER_HOUR_MS;
    }
    return current;
  };
}

/** `yyyy-MM-dd--HH` of `epochMs` in the local time zone. */
export function formatDateTimeBucket(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}--${pad(d.getHours())}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
