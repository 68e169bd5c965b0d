import { describe, expect, it } from "vitest";
import type { RuntimeContext } from "../contract.js";
import { MAX_WATERMARK } from "../contract.js";
import type { Collector } from "../functions.js";
import { KeyedProcessOperator } from "../keyed-process.js";
import type {
  KeyedOnTimerContext,
  KeyedProcessFunction,
  KeyedProcessFunctionContext,
} from "../process-functions.js";
import { QUIESCED_TIMER_WARNING } from "../state/batch-key-scope.js";
import { type ValueState, ValueStateDescriptor } from "../state/keyed-state-backend.js";
import { OperatorTestHarness } from "../testing/harness.js";

type Ev = [key: string, ts: number];

/** Registers an event-time timer at ts + 10 per record (and a processing-time one when asked). */
class TimerFn implements KeyedProcessFunction<string, Ev, string> {
  constructor(
    private readonly processing = false,
    private readonly reRegister = false,
  ) {}
  processElement(value: Ev, ctx: KeyedProcessFunctionContext<string>, _out: Collector<string>): void {
    ctx.timerService().registerEventTimeTimer(value[1] + 10);
    if (this.processing)
      ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + 100);
  }
  onTimer(timestamp: number, ctx: KeyedOnTimerContext<string>, out: Collector<string>): void {
    out.collect(
      `${ctx.getCurrentKey()}@${timestamp}:${ctx.timeDomain()}:wm=${ctx.timerService().currentWatermark()}`,
    );
    if (this.reRegister) ctx.timerService().registerEventTimeTimer(timestamp + 1);
  }
}

function harness(
  fn: KeyedProcessFunction<string, Ev, string>,
  runtimeMode: "STREAMING" | "BATCH" = "STREAMING",
) {
  return new OperatorTestHarness(new KeyedProcessOperator<string, Ev, string>(fn, (v) => v[0]), {
    runtimeMode,
  });
}

describe("timers in KeyedProcessFunction (STREAMING)", () => {
  it("event-time timers fire when the watermark passes them, in order, deduplicated per key and time", async () => {
    const h = harness(new TimerFn());
    await h.open();
    h.processElement(["a", 5], 5);
    h.processElement(["a", 5], 5);
    h.processElement(["b", 1], 1);
    h.processElement(["a", 20], 20);
    expect(h.numTimers()).toBe(3);
    h.processWatermark(14);
    expect(h.getRecords()).toEqual([{ value: "b@11:EVENT_TIME:wm=14", timestamp: 11 }]);
    h.processWatermark(15);
    expect(h.getRecords()).toEqual([
      { value: "b@11:EVENT_TIME:wm=14", timestamp: 11 },
      { value: "a@15:EVENT_TIME:wm=15", timestamp: 15 },
    ]);
    expect(h.getWatermarks()).toEqual([14, 15]);
    h.clearOutput();
    h.processWatermark(MAX_WATERMARK);
    expect(h.getOutput()).toEqual([`a@30:EVENT_TIME:wm=${MAX_WATERMARK}`]);
    expect(h.numTimers()).toBe(0);
  });

  it("processing-time timers fire on the clock; deleted timers do not fire", async () => {
    const h = harness({
      processElement(value, ctx) {
        const t = ctx.timerService();
        if (value[1] < 0) t.deleteProcessingTimeTimer(100);
        else t.registerProcessingTimeTimer(value[1]);
      },
      onTimer(timestamp, ctx, out) {
        out.collect(`${ctx.getCurrentKey()}@${timestamp}:${ctx.timeDomain()}`);
      },
    });
    await h.open();
    h.processElement(["a", 100]);
    h.processElement(["b", 100]);
    h.processElement(["b", 50]);
    h.processElement(["a", -1]);
    h.setProcessingTime(99);
    expect(h.getOutput()).toEqual(["b@50:PROCESSING_TIME"]);
    h.setProcessingTime(100);
    expect(h.getRecords()).toEqual([
      { value: "b@50:PROCESSING_TIME", timestamp: undefined },
      { value: "b@100:PROCESSING_TIME", timestamp: undefined },
    ]);
  });

  it("onTimer sees the timer key's state (count with timeout)", async () => {
    class CountWithTimeout implements KeyedProcessFunction<string, Ev, [string, number]> {
      private count!: ValueState<number>;
      open(ctx: RuntimeContext): void {
        this.count = ctx.getState(new ValueStateDescriptor<number>("count", 0));
      }
      processElement(value: Ev, ctx: KeyedProcessFunctionContext<string>): void {
        this.count.update((this.count.value() ?? 0) + 1);
        ctx.timerService().registerEventTimeTimer(value[1] + 100);
      }
      onTimer(_ts: number, ctx: KeyedOnTimerContext<string>, out: Collector<[string, number]>): void {
        out.collect([ctx.getCurrentKey(), this.count.value() ?? 0]);
        this.count.clear();
      }
    }
    const h = new OperatorTestHarness(
      new KeyedProcessOperator<string, Ev, [string, number]>(new CountWithTimeout(), (v) => v[0]),
    );
    await h.open();
    h.processElement(["a", 1], 1);
    h.processElement(["b", 2], 2);
    h.processElement(["a", 3], 3);
    h.processWatermark(200);
    expect(h.getOutput()).toEqual([
      ["a", 2],
      ["b", 1],
      ["a", 0],
    ]);
    expect(h.numKeyedStateEntries()).toBe(0);
  });
});

describe("timers in BATCH", () => {
  it("finishCurrentKey fires the key's event-time timers in order, then processing-time ones, and drops its state", async () => {
    const h = harness(new TimerFn(true), "BATCH");
    await h.open();
    const scope = h.batchKeyScope!;
    h.processElement(["a", 30], 30);
    h.processElement(["a", 5], 5);
    h.processWatermark(1000);
    expect(h.getOutput()).toEqual([]);
    scope.finishCurrentKey();
    expect(h.getOutput()).toEqual([
      `a@15:EVENT_TIME:wm=${MAX_WATERMARK}`,
      `a@40:EVENT_TIME:wm=${MAX_WATERMARK}`,
      `a@100:PROCESSING_TIME:wm=${MAX_WATERMARK}`,
    ]);
    expect(h.numTimers()).toBe(0);
    h.clearOutput();
    h.processElement(["b", 1], 1);
    h.processWatermark(MAX_WATERMARK);
    expect(h.getOutput()).toEqual([
      `b@11:EVENT_TIME:wm=${MAX_WATERMARK}`,
      `b@100:PROCESSING_TIME:wm=${MAX_WATERMARK}`,
    ]);
    expect(h.getWatermarks()).toEqual([MAX_WATERMARK]);
  });

  it("timers registered while end-of-key timers fire are ignored with one warning", async () => {
    const h = harness(new TimerFn(false, true), "BATCH");
    await h.open();
    h.processElement(["a", 1], 1);
    h.processElement(["a", 2], 2);
    h.batchKeyScope!.finishCurrentKey();
    expect(h.getOutput()).toEqual([
      `a@11:EVENT_TIME:wm=${MAX_WATERMARK}`,
      `a@12:EVENT_TIME:wm=${MAX_WATERMARK}`,
    ]);
    expect(h.getWarnings()).toHaveLength(1);
    expect(h.getWarnings()[0]).toContain(QUIESCED_TIMER_WARNING);
    expect(h.numTimers()).toBe(0);
  });

  it("unsorted input: the MAX watermark finishes every key with timers, key by key", async () => {
    const h = harness(new TimerFn(), "BATCH");
    await h.open();
    h.processElement(["a", 20], 20);
    h.processElement(["b", 1], 1);
    h.processElement(["a", 5], 5);
    h.processWatermark(MAX_WATERMARK);
    const out = h.getOutput();
    expect(out).toHaveLength(3);
    const a = out.filter((s) => s.startsWith("a@"));
    expect(a).toEqual([`a@15:EVENT_TIME:wm=${MAX_WATERMARK}`, `a@30:EVENT_TIME:wm=${MAX_WATERMARK}`]);
    // Each key's timers fire together.
    expect(out.indexOf(a[1]!) - out.indexOf(a[0]!)).toBe(1);
    expect(h.numKeyedStateEntries()).toBe(0);
  });
});
