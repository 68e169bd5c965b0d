import { describe, expect, it } from "vitest";
import {
  type AggregationKind,
  createAggregationFunction,
  createInPlaceAggregationFunction,
} from "./aggregation.js";
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

  it("folds its own copies in place but never mutates the records it was given", async () => {
    type Row = { name: string; n: number; tag: string };
    for (const kind of ["sum", "min", "max"] as const satisfies readonly AggregationKind[]) {
      const inputs: Row[] = [5, 3, 9, 1, 7].map((n, i) => ({
        name: i % 2 === 0 ? "a" : "b",
        n,
        tag: `t${i}`,
      }));
      const snapshot = structuredClone(inputs);
      const run = async (inPlace: boolean) => {
        const h = new OperatorTestHarness(
          new LocalAggregationOperator<Row>(
            createAggregationFunction<Row>(kind, "n"),
            (r) => r.name,
            100,
            inPlace ? createInPlaceAggregationFunction<Row>(kind, "n") : undefined,
          ),
          { runtimeMode: "BATCH" },
        );
        await h.open();
        for (const r of inputs) h.processElement(r);
        await h.endInput();
        return h.getOutput();
      };
      const copying = await run(false);
      expect(await run(true)).toEqual(copying);
      expect(inputs).toEqual(snapshot);
    }
    expect(createInPlaceAggregationFunction("maxBy", 1)).toBeUndefined();
  });

  it("in-place tuple sums equal copying sums, errors included", () => {
    const copy = createAggregationFunction<[string, number]>("sum", 1);
    const inPlace = createInPlaceAggregationFunction<[string, number]>("sum", 1)!;
    const acc: [string, number] = ["w", 2];
    expect(inPlace(acc, ["w", 3])).toBe(acc);
    expect(acc).toEqual(copy(["w", 2], ["w", 3]));
    const bad = ["w", "x"] as unknown as [string, number];
    expect(() => inPlace(["w", 1], bad)).toThrow(/sum\(1\): cannot add number and string/);
    expect(() => copy(["w", 1], bad)).toThrow(/sum\(1\): cannot add number and string/);
    expect(createInPlaceAggregationFunction<number>("sum", 0)!(4, 5)).toBe(9);
  });
});
