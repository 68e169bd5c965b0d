import { describe, expect, it } from "vitest";
import { StreamExecutionEnvironment } from "../environment.js";

type Pair = [string, number];

describe("combiner insertion", () => {
  const names = (mode: string) => {
    const env = new StreamExecutionEnvironment({
      "parallelism.default": "2",
      "execution.runtime-mode": mode,
    });
    env
      .fromSequence(1, 10)
      .map((n): Pair => [`k${n % 3}`, n])
      .keyBy((p) => p[0])
      .sum(1)
      .print();
    return env.getJobGraph().vertices.map((v) => v.name);
  };

  it("chains a Local Aggregation to the producer of a keyed sum in BATCH only", () => {
    expect(names("BATCH")).toEqual([
      "Source: Sequence Source -> Map -> Local Aggregation",
      "Keyed Aggregation -> Sink: Print to Std. Out",
    ]);
    expect(names("STREAMING")).toEqual([
      "Source: Sequence Source -> Map",
      "Keyed Aggregation -> Sink: Print to Std. Out",
    ]);
  });
});
