/** The interval join API: bounds, exclusivity and validation, and a run in both modes. */
import { describe, expect, it } from "vitest";
import { ElementsSource } from "../../connectors/index.js";
import { WatermarkStrategy } from "../../operators/watermark-strategy.js";
import { StreamExecutionEnvironment } from "../environment.js";
import "../../index.js";

type E = { k: string; ts: number };

function streams(env: StreamExecutionEnvironment) {
  const src = (name: string, ts: number[]) =>
    env
      .fromSource(
        new ElementsSource(ts.map((t): E => ({ k: "x", ts: t }))),
        WatermarkStrategy.forMonotonousTimestamps<E>().withTimestampAssigner((e) => e.ts),
        name,
      )
      .keyBy((e) => e.k);
  return { left: src("left", [10]), right: src("right", [7, 8, 9, 10, 11, 12]) };
}

describe("intervalJoin", () => {
  it("passes inclusive bounds, adjusted by one ms per exclusive bound, to the operator", () => {
    const env = new StreamExecutionEnvironment();
    const { left, right } = streams(env);
    const joined = left
      .intervalJoin(right)
      .between(-2, 1)
      .lowerBoundExclusive()
      .upperBoundExclusive()
      .process<string>((l, r, _ctx, out) => out.collect(`${l.ts}-${r.ts}`));
    expect(joined.getTransformation()).toMatchObject({ params: { lowerBound: -1, upperBound: 0 } });
    expect(() => left.intervalJoin(right).between(2, 1)).toThrow(/lowerBound <= upperBound/);
  });

  for (const mode of ["STREAMING", "BATCH"] as const) {
    it(`joins within the bounds (${mode})`, async () => {
      const env = new StreamExecutionEnvironment({ "execution.runtime-mode": mode }).setParallelism(2);
      const { left, right } = streams(env);
      const inclusive = left
        .intervalJoin(right)
        .between(-2, 1)
        .process<string>((l, r, _ctx, out) => out.collect(`in ${l.ts}-${r.ts}`));
      const exclusive = left
        .intervalJoin(right)
        .between(-2, 1)
        .lowerBoundExclusive()
        .process<string>((l, r, _ctx, out) => out.collect(`ex ${l.ts}-${r.ts}`));
      const out = await inclusive.union(exclusive).executeAndCollect();
      expect(out.sort()).toEqual([
        "ex 10-10",
        "ex 10-11",
        "ex 10-9",
        "in 10-10",
        "in 10-11",
        "in 10-8",
        "in 10-9",
      ]);
    });
  }
});
