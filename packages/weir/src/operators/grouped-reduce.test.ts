import { describe, expect, it } from "vitest";
import { JobDefinitionError } from "../core/errors.js";
import { type AggregationKind, createAggregationFunction } from "./aggregation.js";
import type { FieldRef } from "./field-access.js";
import { StreamGroupedReduceOperator } from "./grouped-reduce.js";
import { OperatorTestHarness } from "./testing/harness.js";

type Pair = [string, number];

async function run<T>(
  reducer: (a: T, b: T) => T,
  key: (v: T) => unknown,
  input: readonly (readonly [T, number?])[],
  runtimeMode: "STREAMING" | "BATCH" = "STREAMING",
) {
  const h = new OperatorTestHarness(new StreamGroupedReduceOperator<T>(reducer, key), { runtimeMode });
  await h.open();
  for (const [value, ts] of input) h.processElement(value, ts);
  const beforeEnd = h.getOutput();
  await h.endInput();
  await h.close();
  return { beforeEnd, records: h.getRecords(), output: h.getOutput() };
}

const agg = <T>(kind: AggregationKind, field: FieldRef, first = true) =>
  createAggregationFunction<T>(kind, field, first);

describe("keyed reduce", () => {
  it("STREAMING: one updated value per record, with that record's timestamp", async () => {
    const { records } = await run<Pair>(
      (a, b) => [a[0], a[1] + b[1]],
      (v) => v[0],
      [
        [["to", 1], 1],
        [["be", 1], 2],
        [["to", 1], 3],
      ],
    );
    expect(records).toEqual([
      { value: ["to", 1], timestamp: 1 },
      { value: ["be", 1], timestamp: 2 },
      { value: ["to", 2], timestamp: 3 },
    ]);
  });

  it("BATCH: only the final value per key, at finish, with the key's last timestamp", async () => {
    const { beforeEnd, records } = await run<Pair>(
      (a, b) => [a[0], a[1] + b[1]],
      (v) => v[0],
      [
        [["to", 1], 1],
        [["be", 1], 2],
        [["to", 1], 3],
      ],
      "BATCH",
    );
    expect(beforeEnd).toEqual([]);
    expect(records).toEqual([
      { value: ["to", 2], timestamp: 3 },
      { value: ["be", 1], timestamp: 2 },
    ]);
  });

  it("accepts a ReduceFunction object and composite keys compared by value", async () => {
    const { output } = await run<{ k: [number, number]; n: number }>(
      (a, b) => ({ k: a.k, n: a.n + b.n }),
      (v) => v.k,
      [[{ k: [1, 2], n: 1 }], [{ k: [1, 2], n: 5 }], [{ k: [2, 1], n: 7 }]],
    );
    expect(output.map((v) => v.n)).toEqual([1, 6, 7]);
  });
});

describe("aggregations", () => {
  type Row = [string, number, string];
  const rows: [Row, number][] = [
    [["a", 3, "first"], 1],
    [["a", 1, "second"], 2],
    [["a", 5, "third"], 3],
    [["a", 1, "fourth"], 4],
  ];
  const key = (r: Row) => r[0];

  it("sum replaces only the summed field of the first element", async () => {
    expect((await run(agg<Row>("sum", 1), key, rows)).output).toEqual([
      ["a", 3, "first"],
      ["a", 4, "first"],
      ["a", 9, "first"],
      ["a", 10, "first"],
    ]);
  });

  it("min and max keep the other fields of the first element", async () => {
    expect((await run(agg<Row>("min", 1), key, rows)).output).toEqual([
      ["a", 3, "first"],
      ["a", 1, "first"],
      ["a", 1, "first"],
      ["a", 1, "first"],
    ]);
    expect((await run(agg<Row>("max", 1), key, rows)).output).toEqual([
      ["a", 3, "first"],
      ["a", 3, "first"],
      ["a", 5, "first"],
      ["a", 5, "first"],
    ]);
  });

  it("minBy and maxBy return whole elements, the first one on ties by default", async () => {
    expect((await run(agg<Row>("minBy", 1), key, rows)).output.map((r) => r[2])).toEqual([
      "first",
      "second",
      "second",
      "second",
    ]);
    expect((await run(agg<Row>("minBy", 1, false), key, rows)).output.map((r) => r[2])).toEqual([
      "first",
      "second",
      "second",
      "fourth",
    ]);
    expect((await run(agg<Row>("maxBy", 1), key, rows)).output.map((r) => r[2])).toEqual([
      "first",
      "first",
      "third",
      "third",
    ]);
  });

  it("BATCH emits the final aggregate per key only", async () => {
    const input: [Row, number][] = [...rows, [["b", 2, "b1"], 5]];
    expect((await run(agg<Row>("sum", 1), key, input, "BATCH")).output).toEqual([
      ["a", 10, "first"],
      ["b", 2, "b1"],
    ]);
    expect((await run(agg<Row>("maxBy", 1), key, input, "BATCH")).output).toEqual([
      ["a", 5, "third"],
      ["b", 2, "b1"],
    ]);
  });

  it("works on object fields (keeping the prototype) and on primitive streams (position 0)", async () => {
    class Reading {
      constructor(
        readonly sensor: string,
        readonly value: number,
      ) {}
    }
    const { output } = await run(agg<Reading>("sum", "value"), (r) => r.sensor, [
      [new Reading("s", 1)],
      [new Reading("s", 2)],
    ]);
    expect(output[1]).toBeInstanceOf(Reading);
    expect(output.map((r) => r.value)).toEqual([1, 3]);
    expect((await run(agg<number>("max", 0), () => "all", [[4], [9], [2]])).output).toEqual([4, 9, 9]);
  });

  it("never mutates an emitted value", async () => {
    const first: Row = ["a", 1, "x"];
    const { output } = await run(agg<Row>("sum", 1), key, [[first], [["a", 2, "y"]]]);
    expect(first).toEqual(["a", 1, "x"]);
    expect(output[0]).toEqual(["a", 1, "x"]);
  });

  it("reports a missing or non-numeric field as a JobDefinitionError", async () => {
    await expect(run(agg<Row>("sum", 2), key, [[["a", 1, "x"]], [["a", 1, "y"]]])).rejects.toThrow(
      /sum\(2\): cannot add string and string/,
    );
    await expect(run(agg<Row>("sum", 7), key, [[["a", 1, "x"]], [["a", 1, "y"]]])).rejects.toThrow(
      JobDefinitionError,
    );
  });
});
