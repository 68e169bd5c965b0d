import { describe, expect, it } from "vitest";
import { ManualClock } from "../../core/clock.js";
import type { Boundedness } from "../../core/jobgraph.js";
import type {
  InputStatus,
  ReaderOutput,
  Source,
  SourceReader,
  SourceReaderContext,
  SourceSplit,
  SplitEnumerator,
} from "../../core/source.js";
import { MAX_WATERMARK } from "../contract.js";
import { SourceOperator } from "../source.js";
import { OperatorTestHarness } from "../testing/harness.js";
import { TimestampsAndWatermarksOperator } from "../timestamps-and-watermarks.js";
import { WatermarkStrategy } from "../watermark-strategy.js";
import {
  BoundedOutOfOrdernessWatermarks,
  type WatermarkOutput,
  WatermarksWithIdleness,
} from "./watermark-generator.js";
import { WatermarkOutputMultiplexer } from "./watermark-output-multiplexer.js";

function recordingOutput() {
  const events: (number | "idle" | "active")[] = [];
  const output: WatermarkOutput = {
    emitWatermark: (w) => events.push(w),
    markIdle: () => events.push("idle"),
    markActive: () => events.push("active"),
  };
  return { events, output };
}

describe("watermark generators", () => {
  it("bounded out-of-orderness: max timestamp - bound - 1, emitted periodically only", () => {
    const { events, output } = recordingOutput();
    const g = new BoundedOutOfOrdernessWatermarks<string>(5);
    g.onEvent("a", 10, output);
    g.onEvent("b", 30, output);
    g.onEvent("c", 20, output);
    expect(events).toEqual([]);
    g.onPeriodicEmit(output);
    expect(events).toEqual([24]);
  });

  it("monotonous timestamps: max timestamp - 1", () => {
    const { events, output } = recordingOutput();
    const g = WatermarkStrategy.forMonotonousTimestamps<string>().createWatermarkGenerator({
      clock: new ManualClock(),
    });
    g.onEvent("a", 7, output);
    g.onPeriodicEmit(output);
    expect(events).toEqual([6]);
  });

  it("idleness: idle after the timeout without events, active again at the next event", () => {
    const clock = new ManualClock(0);
    const { events, output } = recordingOutput();
    const g = new WatermarksWithIdleness(new BoundedOutOfOrdernessWatermarks<string>(0), 100, clock);
    g.onEvent("a", 10, output);
    g.onPeriodicEmit(output);
    clock.advanceTo(50);
    g.onPeriodicEmit(output); // inactivity starts here
    clock.advanceTo(150);
    g.onPeriodicEmit(output); // 100 ms: not yet more than the timeout
    clock.advanceTo(151);
    g.onPeriodicEmit(output);
    g.onPeriodicEmit(output);
    g.onEvent("b", 20, output);
    g.onPeriodicEmit(output);
    expect(events).toEqual([9, 9, 9, "idle", "active", 19]);
  });
});

describe("WatermarkOutputMultiplexer", () => {
  it("combines the minimum over active outputs; idle outputs do not hold it back; all idle = idle", () => {
    const seen: (number | string)[] = [];
    const mux = new WatermarkOutputMultiplexer({
      emitWatermark: (w) => seen.push(w),
      emitWatermarkStatus: (idle) => seen.push(idle ? "idle" : "active"),
    });
    const s1 = mux.register("s1");
    const s2 = mux.register("s2");
    s1.emitWatermark(10);
    expect(seen).toEqual([]);
    s2.emitWatermark(5);
    s1.emitWatermark(20);
    expect(seen).toEqual([5]);
    s2.markIdle();
    expect(seen).toEqual([5, 20]);
    s1.markIdle();
    expect(seen).toEqual([5, 20, "idle"]);
    s2.emitWatermark(30);
    expect(seen).toEqual([5, 20, "idle", "active", 30]);
    // s1 (idle) is the only output left: the combined output is idle until s1 emits again.
    mux.unregister("s2");
    s1.emitWatermark(25);
    expect(seen).toEqual([5, 20, "idle", "active", 30, "idle", "active"]);
    s1.emitWatermark(35);
    expect(seen.at(-1)).toBe(35);
  });
});

describe("TimestampsAndWatermarksOperator", () => {
  it("assigns timestamps and emits periodic watermarks every auto-watermark interval of the clock", async () => {
    const strategy = WatermarkStrategy.forBoundedOutOfOrderness<[string, number]>(5).withTimestampAssigner(
      (e) => e[1],
    );
    const h = new OperatorTestHarness(new TimestampsAndWatermarksOperator(strategy), {
      config: { "pipeline.auto-watermark-interval": "100 ms" },
    });
    await h.open();
    h.processElement(["a", 50]);
    h.processElement(["b", 40], 999);
    h.processWatermark(1_000);
    expect(h.getRecords().map((r) => r.timestamp)).toEqual([50, 40]);
    expect(h.getWatermarks()).toEqual([]);
    h.setProcessingTime(99);
    expect(h.getWatermarks()).toEqual([]);
    h.setProcessingTime(100);
    expect(h.getWatermarks()).toEqual([44]);
    h.processElement(["c", 70]);
    h.setProcessingTime(300);
    expect(h.getWatermarks()).toEqual([44, 64]);
    h.processWatermark(MAX_WATERMARK);
    expect(h.getWatermarks()).toEqual([44, 64, MAX_WATERMARK]);
  });

  it("BATCH: only the timestamp assigner runs", async () => {
    const strategy = WatermarkStrategy.forMonotonousTimestamps<number>().withTimestampAssigner((e) => e * 10);
    const h = new OperatorTestHarness(new TimestampsAndWatermarksOperator(strategy), {
      runtimeMode: "BATCH",
    });
    await h.open();
    h.processElement(1);
    h.setProcessingTime(10_000);
    h.processWatermark(MAX_WATERMARK);
    expect(h.getRecords()).toEqual([{ value: 1, timestamp: 10 }]);
    expect(h.getWatermarks()).toEqual([MAX_WATERMARK]);
  });

  it("custom generators (forGenerator) emit from onEvent", async () => {
    const strategy = WatermarkStrategy.forGenerator<number>(() => ({
      onEvent: (event, _ts, output) => {
        if (event % 2 === 0) output.emitWatermark(event);
      },
      onPeriodicEmit: () => {},
    })).withTimestampAssigner((e) => e);
    const h = new OperatorTestHarness(new TimestampsAndWatermarksOperator(strategy));
    await h.open();
    for (const v of [1, 2, 3, 4, 3]) h.processElement(v);
    expect(h.getWatermarks()).toEqual([2, 4]);
  });
});

interface Split extends SourceSplit {
  readonly values: readonly number[];
}

/** Reads its splits round robin, one record per split per poll, through per-split outputs. */
class SplitReader implements SourceReader<number, Split> {
  readonly splits: { split: Split; pos: number }[] = [];
  pollNext(output: ReaderOutput<number>): InputStatus {
    for (const s of this.splits) {
      const value = s.split.values[s.pos++];
      if (value === undefined) continue;
      output.createOutputForSplit!(s.split.id).collect(value, value);
    }
    return "NOTHING_AVAILABLE";
  }
  start(): void {}
  isAvailable(): Promise<void> {
    return Promise.resolve();
  }
  addSplits(splits: readonly Split[]): void {
    for (const split of splits) this.splits.push({ split, pos: 0 });
  }
  notifyNoMoreSplits(): void {}
  snapshotState(): Split[] {
    return [];
  }
  close(): void {}
}

class SplitSource implements Source<number, Split, null> {
  getBoundedness(): Boundedness {
    return "BOUNDED";
  }
  createEnumerator(): SplitEnumerator<Split, null> {
    throw new Error("not used");
  }
  createReader(_context: SourceReaderContext): SourceReader<number, Split> {
    return new SplitReader();
  }
}

describe("SourceOperator watermarks", () => {
  it("per-split generators: the source watermark is the minimum over its splits", async () => {
    const strategy = WatermarkStrategy.forMonotonousTimestamps<number>();
    const h = new OperatorTestHarness(new SourceOperator<number>(new SplitSource(), strategy), {
      config: { "pipeline.auto-watermark-interval": "10 ms" },
    });
    await h.open();
    h.sendOperatorEvent({
      kind: "source.addSplits",
      splits: [
        { id: "fast", values: [100, 200, 300] },
        { id: "slow", values: [10, 20] },
      ],
    });
    h.emitNext();
    h.setProcessingTime(10);
    expect(h.getWatermarks()).toEqual([9]);
    h.emitNext();
    h.setProcessingTime(20);
    expect(h.getWatermarks()).toEqual([9, 19]);
    h.emitNext();
    h.setProcessingTime(30);
    // "slow" has no more records but is still active: it holds the watermark at 19.
    expect(h.getWatermarks()).toEqual([9, 19]);
  });

  it("idle splits do not hold back the watermark (withIdleness)", async () => {
    const clock = new ManualClock(0);
    const strategy = WatermarkStrategy.forMonotonousTimestamps<number>().withIdleness(15);
    const h = new OperatorTestHarness(new SourceOperator<number>(new SplitSource(), strategy), {
      clock,
      config: { "pipeline.auto-watermark-interval": "10 ms" },
    });
    await h.open();
    h.sendOperatorEvent({
      kind: "source.addSplits",
      splits: [
        { id: "busy", values: [100, 200, 300, 400, 500] },
        { id: "quiet", values: [10] },
      ],
    });
    for (let t = 10; t <= 50; t += 10) {
      h.emitNext();
      h.setProcessingTime(t);
    }
    // "quiet" is seen inactive at t=20 and idle once more than 15 ms passed (t=40): from then on
    // only "busy" counts.
    expect(h.getWatermarks()).toEqual([9, 399, 499]);
  });
});
