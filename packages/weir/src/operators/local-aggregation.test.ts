import { describe, expect, it } from "vitest";
import { createAggregationFunction } from "./aggregation.js";
import { MAX_WATERMARK } from "./contract.js";
import { LocalAggregationOperator } from "./local-aggregation.js";
import { OperatorTestHarness } from "./testing/harness.js";

type Pair = [string, number];
const sum = createAggregationFunction<Pair>("sum", 1);
const key = (p: Pair) => p[0];

describe("LocalAggregationOperator (BATCH combiner)", () => {
  it("emits one partial per key at the end, with the last record's timestamp, then MAX", async () => {
    const h = new OperatorTestHarness(new LocalAggregationOperator<Pair>(sum, key), { runtimeMode: "BATCH" });
    await h.open();
    h.processElement(["a", 1], 10);
    h.processElement(["b", 2], 11);
    h.processElement(["a", 3], 12);
    h.processWatermark(MAX_WATERMARK);
    expect(h.getOutput()).toEqual([]);
    expect(h.getWatermarks()).toEqual([]);
    await h.endInput();
    expect(h.getRecords()).toEqual([
      { value: ["a", 4], timestamp: 12 },
      { value: ["b", 2], timestamp: 11 },
    ]);
    expect(h.getWatermarks()).toEqual([MAX_WATERMARK]);
  });

  it("flushes every partial when it holds maxKeys keys, keeping memory bounded", async () => {
    const h = new OperatorTestHarness(new LocalAggregationOperator<Pair>(sum, key, 2), {
      runtimeMode: "BATCH",
    });
    await h.open();
    for (const k of ["a", "b", "a", "c", "c", "a"]) h.processElement([k, 1]);
    // "c" arrives when a and b are held: both are flushed before c is kept.
    expect(h.getOutput()).toEqual([
      ["a", 2],
      ["b", 1],
    ]);
    await h.endInput();
    expect(h.getOutput().slice(2)).toEqual([
      ["c", 2],
      ["a", 1],
    ]);
  });
});
