/**
 * Nexmark q11, user sessions: the number of bids of each bidder's session, sessions being
 * separated by 10 s without a bid (event-time session windows; a session ends 10 s after its last
 * bid, as the SQL's SESSION_END).
 *
 *   weir run [-p N] bench/nexmark/q11.ts --events.num 10000000 [--seed 42] [--report FILE]
 */
import {
  type Collector,
  type DataStream,
  EventTimeSessionWindows,
  type ProcessWindowFunctionContext,
  type StreamExecutionEnvironment,
  type TimeWindow,
} from "weir";
import type { Bid } from "./model.js";
import { hashQ11, Q11_GAP_MS, type Q11Row } from "./rows.js";
import { runNexmarkQuery } from "./run-query.js";
import { NexmarkSource } from "./source.js";
import { bids, countElements, timedEvents } from "./streams.js";

function sessionRow(
  bidder: number,
  ctx: ProcessWindowFunctionContext<TimeWindow>,
  counts: Iterable<number>,
  out: Collector<Q11Row>,
): void {
  const { start, end } = ctx.window();
  for (const bidCount of counts) out.collect({ bidder, bidCount, starttime: start, endtime: end });
}

/** q11 over the events of `source`. */
export function buildQ11(env: StreamExecutionEnvironment, source: NexmarkSource): DataStream<Q11Row> {
  // Only the bidder crosses the exchange (the record keeps its timestamp).
  return bids(timedEvents(env, source))
    .map((bid: Bid) => bid.bidder)
    .name("q11-project")
    .keyBy((bidder: number) => bidder)
    .window(EventTimeSessionWindows.withGap(Q11_GAP_MS))
    .aggregate(countElements, sessionRow)
    .name("q11-sessions")
    .uid("q11-sessions");
}

export default function main(args: string[]): Promise<void> {
  return runNexmarkQuery(
    args,
    "Nexmark q11",
    (env, config) => buildQ11(env, new NexmarkSource(config)),
    hashQ11,
  );
}
