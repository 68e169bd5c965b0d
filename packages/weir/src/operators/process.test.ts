import { describe, expect, it } from "vitest";
import { JobDefinitionError } from "../core/errors.js";
import type { Collector } from "./functions.js";
import { KeyedProcessOperator } from "./keyed-process.js";
import { OutputTag } from "./output-tag.js";
import { ProcessOperator } from "./process.js";
import type { KeyedProcessFunction, KeyedProcessFunctionContext } from "./process-functions.js";
import { OperatorTestHarness } from "./testing/harness.js";

describe("ProcessOperator", () => {
  it("emits main and side outputs with the record's timestamp", async () => {
    const small = new OutputTag<string>("small");
    const h = new OperatorTestHarness(
      new ProcessOperator<number, number>((value, ctx, out) => {
        if (value < 10) ctx.output(small, `small ${value} @${ctx.timestamp()}`);
        else out.collect(value);
      }),
    );
    await h.open();
    h.processElement(3, 30);
    h.processElement(42, 40);
    h.processElement(5);
    expect(h.getRecords()).toEqual([{ value: 42, timestamp: 40 }]);
    expect(h.getSideOutput(small)).toEqual(["small 3 @30", "small 5 @undefined"]);
    expect(h.getSideOutputRecords(small).map((r) => r.timestamp)).toEqual([30, undefined]);
  });

  it("non-keyed: timerService() answers time queries and rejects timers", async () => {
    const seen: number[] = [];
    const h = new OperatorTestHarness(
      new ProcessOperator<number, number>({
        processElement(value, ctx) {
          seen.push(ctx.timerService().currentWatermark(), ctx.timerService().currentProcessingTime());
          if (value < 0) ctx.timerService().registerEventTimeTimer(1);
        },
      }),
    );
    await h.open();
    h.setProcessingTime(7);
    h.processWatermark(5);
    h.processElement(1);
    expect(seen).toEqual([5, 7]);
    expect(() => h.processElement(-1)).toThrow(JobDefinitionError);
    expect(() => h.processElement(-1)).toThrow(/only supported on keyed streams/);
  });
});

describe("KeyedProcessOperator", () => {
  it("exposes the current key computed by the key selector", async () => {
    class Tagger implements KeyedProcessFunction<string, [string, number], string> {
      processElement(
        value: [string, number],
        ctx: KeyedProcessFunctionContext<string>,
        out: Collector<string>,
      ): void {
        out.collect(`${ctx.getCurrentKey()}=${value[1]}`);
      }
    }
    const h = new OperatorTestHarness(new KeyedProcessOperator(new Tagger(), (v: [string, number]) => v[0]));
    await h.open();
    h.processElement(["a", 1], 1);
    h.processElement(["b", 2], 2);
    expect(h.getRecords()).toEqual([
      { value: "a=1", timestamp: 1 },
      { value: "b=2", timestamp: 2 },
    ]);
  });
});
