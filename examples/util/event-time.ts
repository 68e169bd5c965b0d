/**
 * A bounded-out-of-orderness watermark strategy that emits its watermark after every event
 * (punctuated) instead of every `pipeline.auto-watermark-interval`. The watermark value is Flink's
 * `forBoundedOutOfOrderness` one (largest timestamp seen - out-of-orderness - 1); emitting it per
 * event makes the examples' late data, and so their output, the same on every run. Real jobs
 * normally use `WatermarkStrategy.forBoundedOutOfOrderness(ms)`.
 */
import { WatermarkStrategy } from "weir";

export function punctuatedBoundedOutOfOrderness<T>(
  maxOutOfOrdernessMs: number,
  timestampOf: (event: T) => number,
): WatermarkStrategy<T> {
  return WatermarkStrategy.forGenerator<T>(() => {
    let maxTimestamp = Number.NEGATIVE_INFINITY;
    return {
      onEvent(_event, timestamp, output) {
        if (timestamp > maxTimestamp) {
          maxTimestamp = timestamp;
          output.emitWatermark(maxTimestamp - maxOutOfOrdernessMs - 1);
        }
      },
      onPeriodicEmit() {},
    };
  }).withTimestampAssigner((event) => timestampOf(event));
}
