/**
 * Event-time windows over an out-of-order stream (Flink's windowing examples, on page views).
 *
 *   weir run examples/windowing.ts
 *   weir run -p 2 examples/windowing.ts
 *   weir run -Dexecution.runtime-mode=BATCH examples/windowing.ts
 *
 * Timestamps come from the events; watermarks trail the largest timestamp by 2 s (bounded
 * out-of-orderness). Three outputs, each printed with its own prefix:
 * - `tumbling>`: views per page in 10 s tumbling windows, `(page,start,end,views)`. Windows allow
 *   5 s of lateness: a late view within it fires its window again with the updated count.
 * - `sliding>`: views per user in 10 s windows sliding by 5 s, `(user,start,end,views)`.
 * - `late>`: views too late even for the allowed lateness, `(user,page,ts)` (side output).
 *
 * In BATCH there is no late data: each window fires once, at the end, with all its views.
 */
import {
  type AggregateFunction,
  ElementsSource,
  OutputTag,
  SlidingEventTimeWindows,
  StreamExecutionEnvironment,
  TumblingEventTimeWindows,
} from "weir";
import { punctuatedBoundedOutOfOrderness } from "./util/event-time.js";
import { PAGE_VIEWS, type PageView } from "./util/windowing-data.js";

/** Counts the elements of a window incrementally. */
export class CountViews implements AggregateFunction<PageView, number, number> {
  createAccumulator(): number {
    return 0;
  }
  add(_view: PageView, count: number): number {
    return count + 1;
  }
  getResult(count: number): number {
    return count;
  }
  merge(a: number, b: number): number {
    return a + b;
  }
}

export default async function main(_args: string[]): Promise<void> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const views = env
    .fromSource(
      new ElementsSource(PAGE_VIEWS),
      punctuatedBoundedOutOfOrderness<PageView>(2000, (v) => v.ts),
      "page-views",
    )
    // One reader keeps the watermark (and so what is late) independent of the parallelism.
    .setParallelism(1);

  const lateViews = new OutputTag<PageView>("late-views");
  const perPage = views
    .keyBy((v) => v.page)
    .window(TumblingEventTimeWindows.of(10_000))
    .allowedLateness(5000)
    .sideOutputLateData(lateViews)
    .aggregate(new CountViews(), (page: string, ctx, counts, out) => {
      for (const n of counts) out.collect([page, ctx.window().start, ctx.window().end, n] as const);
    })
    .name("views-per-page");
  perPage.print("tumbling");
  perPage
    .getSideOutput(lateViews)
    .map((v) => [v.user, v.page, v.ts] as const)
    .print("late");

  views
    .keyBy((v) => v.user)
    .window(SlidingEventTimeWindows.of(10_000, 5000))
    .aggregate(new CountViews(), (user: string, ctx, counts, out) => {
      for (const n of counts) out.collect([user, ctx.window().start, ctx.window().end, n] as const);
    })
    .name("views-per-user")
    .print("sliding");

  await env.execute("Windowing");
}
