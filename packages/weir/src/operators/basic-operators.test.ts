import { describe, expect, it } from "vitest";
import type { RuntimeContext } from "./contract.js";
import { StreamFilter } from "./filter.js";
import { StreamFlatMap } from "./flat-map.js";
import type { Collector, FlatMapFunction, MapFunction } from "./functions.js";
import { StreamMap } from "./map.js";
import { OperatorTestHarness } from "./testing/harness.js";

describe("StreamMap", () => {
  it("maps each value and keeps its timestamp", async () => {
    const h = new OperatorTestHarness(new StreamMap((x: number) => `v${x * 2}`));
    await h.open();
    h.processElement(1, 10);
    h.processElement(2);
    expect(h.getRecords()).toEqual([
      { value: "v2", timestamp: 10 },
      { value: "v4", timestamp: undefined },
    ]);
    await h.endInput();
    await h.close();
  });

  it("accepts a rich function object and runs open/close with the runtime context", async () => {
    const calls: string[] = [];
    class Prefixer implements MapFunction<string, string> {
      private prefix = "";
      open(ctx: RuntimeContext): void {
        calls.push(`open ${ctx.getIndexOfThisSubtask()}/${ctx.getNumberOfParallelSubtasks()}`);
        this.prefix = `${ctx.getIndexOfThisSubtask() + 1}:`;
      }
      map(value: string): string {
        return this.prefix + value;
      }
      close(): void {
        calls.push("close");
      }
    }
    const h = new OperatorTestHarness(new StreamMap(new Prefixer()), { parallelism: 3, subtaskIndex: 2 });
    await h.open();
    h.processElement("a");
    await h.close();
    expect(h.getOutput()).toEqual(["3:a"]);
    expect(calls).toEqual(["open 2/3", "close"]);
  });

  it("forwards watermarks", async () => {
    const h = new OperatorTestHarness(new StreamMap((x: number) => x));
    await h.open();
    h.processWatermark(5);
    h.processWatermark(Number.POSITIVE_INFINITY);
    expect(h.getWatermarks()).toEqual([5, Number.POSITIVE_INFINITY]);
  });
});

describe("StreamFlatMap", () => {
  it("emits any number of values, each with the input timestamp", async () => {
    const h = new OperatorTestHarness(
      new StreamFlatMap((line: string, out: Collector<[string, number]>) => {
        for (const w of line.split(" ")) if (w) out.collect([w, 1]);
      }),
    );
    await h.open();
    h.processElement("to be", 7);
    h.processElement("");
    h.processElement("or", 9);
    expect(h.getRecords()).toEqual([
      { value: ["to", 1], timestamp: 7 },
      { value: ["be", 1], timestamp: 7 },
      { value: ["or", 1], timestamp: 9 },
    ]);
  });

  it("accepts a class implementing FlatMapFunction", async () => {
    class Tokenizer implements FlatMapFunction<string, string> {
      flatMap(value: string, out: Collector<string>): void {
        for (const t of value.toLowerCase().split(/\W+/)) if (t.length > 0) out.collect(t);
      }
    }
    const h = new OperatorTestHarness(new StreamFlatMap(new Tokenizer()));
    await h.open();
    h.processElement("There's the rub");
    expect(h.getOutput()).toEqual(["there", "s", "the", "rub"]);
  });
});

describe("StreamFilter", () => {
  it("keeps the accepted records unchanged", async () => {
    const h = new OperatorTestHarness(new StreamFilter({ filter: (x: number) => x % 2 === 0 }));
    await h.open();
    for (let i = 0; i < 5; i++) h.processElement(i, 100 + i);
    expect(h.getRecords()).toEqual([
      { value: 0, timestamp: 100 },
      { value: 2, timestamp: 102 },
      { value: 4, timestamp: 104 },
    ]);
  });
});
