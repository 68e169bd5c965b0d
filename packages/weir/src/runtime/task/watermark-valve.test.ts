import { describe, expect, it } from "vitest";
import { WatermarkValve } from "./watermark-valve.js";

describe("WatermarkValve", () => {
  it("emits the minimum over channels, only when it advances", () => {
    const out: number[] = [];
    const valve = new WatermarkValve(3, (w) => out.push(w));
    valve.inputWatermark(0, 10);
    valve.inputWatermark(1, 5);
    expect(out).toEqual([]);
    valve.inputWatermark(2, 7);
    expect(out).toEqual([5]);
    valve.inputWatermark(1, 20);
    expect(out).toEqual([5, 7]);
    valve.inputWatermark(0, 3); // lower than the channel's own: ignored
    valve.inputWatermark(2, 30);
    expect(out).toEqual([5, 7, 10]);
    expect(valve.currentWatermark).toBe(10);
  });

  it("ignores ended channels and emits nothing when all ended", () => {
    const out: number[] = [];
    const valve = new WatermarkValve(2, (w) => out.push(w));
    valve.inputWatermark(0, 100);
    valve.endChannel(1);
    expect(out).toEqual([100]);
    valve.endChannel(0);
    valve.inputWatermark(0, 200);
    expect(out).toEqual([100]);
  });
});

describe("WatermarkValve: idle channels", () => {
  it("idle channels do not hold back the minimum; all idle makes the output idle; activity resumes", () => {
    const out: (number | string)[] = [];
    const valve = new WatermarkValve(
      2,
      (w) => out.push(w),
      (idle) => out.push(idle ? "idle" : "active"),
    );
    valve.inputWatermark(0, 10);
    expect(out).toEqual([]);
    valve.inputStatus(1, true);
    expect(out).toEqual([10]);
    valve.inputStatus(0, true);
    expect(out).toEqual([10, "idle"]);
    // A channel coming back with an older watermark does not lower the output watermark.
    valve.inputWatermark(1, 5);
    expect(out).toEqual([10, "idle", "active"]);
    valve.inputWatermark(1, 15);
    expect(out).toEqual([10, "idle", "active", 15]);
    valve.inputStatus(0, false);
    valve.inputWatermark(1, 30);
    expect(out).toEqual([10, "idle", "active", 15]);
    valve.inputWatermark(0, 20);
    expect(out).toEqual([10, "idle", "active", 15, 20]);
  });
});
