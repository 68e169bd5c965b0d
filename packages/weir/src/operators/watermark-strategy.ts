/**
 * How a source assigns event timestamps and generates watermarks (Flink's `WatermarkStrategy`).
 * Immutable: `withTimestampAssigner` returns a new strategy. The timestamp assigner is applied by
 * the source operator today; watermark generation from `kind` and `maxOutOfOrdernessMs` arrives
 * with the event-time work.
 */
import { JobDefinitionError } from "../core/errors.js";
import type { TimestampAssignerLike } from "./functions.js";

export type WatermarkGeneratorKind = "none" | "monotonous" | "boundedOutOfOrderness";

export class WatermarkStrategy<T> {
  private constructor(
    readonly kind: WatermarkGeneratorKind,
    /** For `boundedOutOfOrderness`: how late (ms) a record may be relative to the max timestamp seen. */
    readonly maxOutOfOrdernessMs: number,
    readonly timestampAssigner: TimestampAssignerLike<T> | undefined,
  ) {}

  /** No watermarks (processing-time jobs, or BATCH where a final watermark ends each key). */
  static noWatermarks<T>(): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>("none", 0, undefined);
  }

  /** Timestamps never decrease: the watermark follows the max timestamp seen. */
  static forMonotonousTimestamps<T>(): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>("monotonous", 0, undefined);
  }

  /** Records may arrive up to `maxOutOfOrdernessMs` late relative to the max timestamp seen. */
  static forBoundedOutOfOrderness<T>(maxOutOfOrdernessMs: number): WatermarkStrategy<T> {
    if (!Number.isFinite(maxOutOfOrdernessMs) || maxOutOfOrdernessMs < 0) {
      throw new JobDefinitionError(
        `max out-of-orderness must be a finite number >= 0 ms, got ${maxOutOfOrdernessMs}`,
      );
    }
    return new WatermarkStrategy<T>("boundedOutOfOrderness", maxOutOfOrdernessMs, undefined);
  }

  /** The same strategy, with event timestamps taken from `assigner`. */
  withTimestampAssigner(assigner: TimestampAssignerLike<T>): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(this.kind, this.maxOutOfOrdernessMs, assigner);
  }

  /** Short description for `weir info` and the JobGraph's operator params. */
  describe(): string {
    const base =
      this.kind === "boundedOutOfOrderness"
        ? `boundedOutOfOrderness(${this.maxOutOfOrdernessMs})`
        : this.kind;
    return this.timestampAssigner === undefined ? base : `${base}+timestampAssigner`;
  }
}
