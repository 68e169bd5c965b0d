/**
 * How a stream assigns event timestamps and generates watermarks (Flink's `WatermarkStrategy`).
 * Immutable: `withTimestampAssigner` and `withIdleness` return new strategies.
 *
 * Used by sources (`env.fromSource(source, strategy, name)`: per-split watermarks inside the
 * source operator) and by `stream.assignTimestampsAndWatermarks(strategy)`. In BATCH only the
 * timestamp assigner runs; generators are ignored and a MAX watermark ends the input.
 */
import type { Clock } from "../core/clock.js";
import { JobDefinitionError } from "../core/errors.js";
import type { TimestampAssignerLike } from "./functions.js";
import {
  BoundedOutOfOrdernessWatermarks,
  NoWatermarksGenerator,
  type WatermarkGenerator,
  type WatermarkGeneratorSupplier,
  WatermarksWithIdleness,
} from "./watermark/watermark-generator.js";

export type WatermarkGeneratorKind = "none" | "monotonous" | "boundedOutOfOrderness" | "custom";

export class WatermarkStrategy<T> {
  private constructor(
    readonly kind: WatermarkGeneratorKind,
    /** For `boundedOutOfOrderness`: how late (ms) a record may be relative to the max timestamp seen. */
    readonly maxOutOfOrdernessMs: number,
    readonly timestampAssigner: TimestampAssignerLike<T> | undefined,
    /** For `custom`: the generator supplier given to `forGenerator`. */
    readonly generatorSupplier: WatermarkGeneratorSupplier<T> | undefined = undefined,
    /** `withIdleness`: inputs without events for this long (processing time) are marked idle. */
    readonly idlenessMs: number | undefined = undefined,
  ) {}

  /** No watermarks (processing-time jobs, or BATCH where a final watermark ends each key). */
  static noWatermarks<T>(): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>("none", 0, undefined);
  }

  /** Timestamps never decrease: the watermark is the max timestamp seen minus 1. */
  static forMonotonousTimestamps<T>(): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>("monotonous", 0, undefined);
  }

  /** Records may arrive up to `maxOutOfOrdernessMs` late: watermark = max timestamp - bound - 1. */
  static forBoundedOutOfOrderness<T>(maxOutOfOrdernessMs: number): WatermarkStrategy<T> {
    if (!Number.isFinite(maxOutOfOrdernessMs) || maxOutOfOrdernessMs < 0) {
      throw new JobDefinitionError(
        `max out-of-orderness must be a finite number >= 0 ms, got ${maxOutOfOrdernessMs}`,
      );
    }
    return new WatermarkStrategy<T>("boundedOutOfOrderness", maxOutOfOrdernessMs, undefined);
  }

  /** A custom generator (`onEvent` / `onPeriodicEmit`), created once per parallel instance (and split). */
  static forGenerator<T>(supplier: WatermarkGeneratorSupplier<T>): WatermarkStrategy<T> {
    if (typeof supplier !== "function") {
      throw new JobDefinitionError("forGenerator expects a function (ctx) => WatermarkGenerator");
    }
    return new WatermarkStrategy<T>("custom", 0, undefined, supplier);
  }

  /** The same strategy, with event timestamps taken from `assigner`. */
  withTimestampAssigner(assigner: TimestampAssignerLike<T>): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(
      this.kind,
      this.maxOutOfOrdernessMs,
      assigner,
      this.generatorSupplier,
      this.idlenessMs,
    );
  }

  /**
   * The same strategy, marking an input (a split, or a parallel instance) idle after `idleTimeoutMs`
   * without events, so that it does not hold back the watermark downstream.
   */
  withIdleness(idleTimeoutMs: number): WatermarkStrategy<T> {
    if (!Number.isFinite(idleTimeoutMs) || idleTimeoutMs <= 0) {
      throw new JobDefinitionError(`idle timeout must be a finite number > 0 ms, got ${idleTimeoutMs}`);
    }
    return new WatermarkStrategy<T>(
      this.kind,
      this.maxOutOfOrdernessMs,
      this.timestampAssigner,
      this.generatorSupplier,
      idleTimeoutMs,
    );
  }

  /** A fresh generator for one parallel instance (or one split). */
  createWatermarkGenerator(context: { readonly clock: Clock }): WatermarkGenerator<T> {
    let generator: WatermarkGenerator<T>;
    switch (this.kind) {
      case "none":
        generator = new NoWatermarksGenerator<T>();
        break;
      case "monotonous":
        generator = new BoundedOutOfOrdernessWatermarks<T>(0);
        break;
      case "boundedOutOfOrderness":
        generator = new BoundedOutOfOrdernessWatermarks<T>(this.maxOutOfOrdernessMs);
        break;
      case "custom":
        generator = this.generatorSupplier!(context);
        break;
    }
    return this.idlenessMs === undefined
      ? generator
      : new WatermarksWithIdleness(generator, this.idlenessMs, context.clock);
  }

  /** Whether the strategy generates watermarks at all. */
  generatesWatermarks(): boolean {
    return this.kind !== "none" || this.idlenessMs !== undefined;
  }

  /** Short description for `weir info` and the JobGraph's operator params. */
  describe(): string {
    let base: string = this.kind;
    if (this.kind === "boundedOutOfOrderness") base = `boundedOutOfOrderness(${this.maxOutOfOrdernessMs})`;
    if (this.idlenessMs !== undefined) base = `${base}+idleness(${this.idlenessMs})`;
    return this.timestampAssigner === undefined ? base : `${base}+timestampAssigner`;
  }
}
