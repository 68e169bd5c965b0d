/**
 * Event-time session windows per user: a session ends after 5 s without clicks.
 *
 *   weir run examples/sessions.ts
 *   weir run -p 2 -Dexecution.runtime-mode=BATCH examples/sessions.ts
 *
 * Prints one line per session, `(user,start,end,clicks,pages)`, where `end` is the last click + 5 s
 * and `pages` are the session's pages in event-time order. Windows of one user merge as clicks
 * arrive, also when an out-of-order click bridges two sessions. The input has no late data, so
 * STREAMING and BATCH print the same sessions (in a different order).
 */
import { ElementsSource, EventTimeSessionWindows, StreamExecutionEnvironment } from "weir";
import { punctuatedBoundedOutOfOrderness } from "./util/event-time.js";
import { CLICKS, type Click } from "./util/sessions-data.js";

export default async function main(_args: string[]): Promise<void> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env
    .fromSource(
      new ElementsSource(CLICKS),
      punctuatedBoundedOutOfOrderness<Click>(5000, (c) => c.ts),
      "clicks",
    )
    .setParallelism(1)
    .keyBy((c) => c.user)
    .window(EventTimeSessionWindows.withGap(5000))
    .process<readonly [string, number, number, number, string]>((user, ctx, clicks, out) => {
      const ordered = [...clicks].sort((a, b) => a.ts - b.ts);
      const pages = ordered.map((c) => c.page).join("->");
      out.collect([user, ctx.window().start, ctx.window().end, ordered.length, pages]);
    })
    .name("sessions")
    .print();
  await env.execute("Sessions");
}
