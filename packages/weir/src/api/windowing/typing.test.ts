/** Compile-time checks: keys, windows and elements are typed in window functions. */
import { expectTypeOf, it } from "vitest";
import { StreamExecutionEnvironment } from "../environment.js";
import "./stream-methods.js";
import { TumblingEventTimeWindows } from "../../operators/windowing/assigners/tumbling.js";

it("infers the key, window and element types of window functions", () => {
  const env = new StreamExecutionEnvironment();
  const s = env.fromElements<[string, number]>(["a", 1]);
  const r = s
    .keyBy((e) => e[0])
    .window(TumblingEventTimeWindows.of(10))
    .aggregate(
      {
        createAccumulator: () => 0,
        add: (v: [string, number], a: number) => a + v[1],
        getResult: (a: number) => a,
        merge: (a: number, b: number) => a + b,
      },
      (key, ctx, sums, out) => {
        expectTypeOf(key).toEqualTypeOf<string>();
        expectTypeOf(ctx.window().start).toEqualTypeOf<number>();
        for (const x of sums) out.collect(`${key}${x}`);
      },
    );
  expectTypeOf(r).toMatchTypeOf<{ print(): unknown }>();
  const r2 = s
    .keyBy((e) => e[0])
    .window(TumblingEventTimeWindows.of(10))
    .reduce(
      (a, b) => [a[0], a[1] + b[1]],
      (k, _c, els, out) => {
        for (const e of els) out.collect(`${k}${e[1]}`);
      },
    );
  void r2;
});
