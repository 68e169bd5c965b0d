/**
 * Nexmark q17, auction statistics report: per auction and (UTC) day, the number of bids, the
 * numbers of bids under 10,000, from 10,000 to under 1,000,000 and from 1,000,000 on, and the
 * minimum, maximum, average (truncated, as AVG over BIGINT) and sum of the prices.
 *
 * The SQL groups by (auction, DATE_FORMAT(dateTime, 'yyyy-MM-dd')). Here the stream is keyed by
 * auction and windowed by tumbling event-time days (aligned to the epoch, so to UTC days): each
 * (key, window) pair is one (auction, day) group, and the hashed key stays a plain number. The
 * aggregate is incremental, so a group keeps one small accumulator, and its row comes out when
 * the day is over (or at the end of a bounded input) instead of as a stream of updates.
 *
 *   weir run [-p N] bench/nexmark/q17.ts --events.num 10000000 [--seed 42] [--report FILE]
 */
import {
  type AggregateFunction,
  type Collector,
  type DataStream,
  type ProcessWindowFunctionContext,
  type StreamExecutionEnvironment,
  type TimeWindow,
  TumblingEventTimeWindows,
} from "weir";
import type { Bid } from "./model.js";
import { addPrice, emptyStats, type PriceStats, statsRow } from "./q17-stats.js";
import { DAY_MS, hashQ17, type Q17Row, utcDay } from "./rows.js";
import { runNexmarkQuery } from "./run-query.js";
import { NexmarkSource } from "./source.js";
import { bids, timedEvents } from "./streams.js";

/** A bid reduced to what q17 reads: [auction, price]. */
export type AuctionPrice = [auction: number, price: number];

export const priceStats: AggregateFunction<AuctionPrice, PriceStats, PriceStats> = {
  createAccumulator: emptyStats,
  add: (bid, stats) => addPrice(stats, bid[1]),
  getResult: (stats) => stats,
  merge: (a, b) => ({
    total: a.total + b.total,
    rank1: a.rank1 + b.rank1,
    rank2: a.rank2 + b.rank2,
    rank3: a.rank3 + b.rank3,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
    sum: a.sum + b.sum,
  }),
};

function dayRow(
  auction: number,
  ctx: ProcessWindowFunctionContext<TimeWindow>,
  stats: Iterable<PriceStats>,
  out: Collector<Q17Row>,
): void {
  const day = utcDay(ctx.window().start);
  for (const s of stats) out.collect(statsRow(auction, day, s));
}

/** q17 over the events of `source`. */
export function buildQ17(env: StreamExecutionEnvironment, source: NexmarkSource): DataStream<Q17Row> {
  // Only (auction, price) crosses the exchange (the record keeps its timestamp).
  return bids(timedEvents(env, source))
    .map((bid: Bid): AuctionPrice => [bid.auction, bid.price])
    .name("q17-project")
    .keyBy((bid: AuctionPrice) => bid[0])
    .window(TumblingEventTimeWindows.of(DAY_MS))
    .aggregate(priceStats, dayRow)
    .name("q17-day-stats")
    .uid("q17-day-stats");
}

export default function main(args: string[]): Promise<void> {
  return runNexmarkQuery(
    args,
    "Nexmark q17",
    (env, config) => buildQ17(env, new NexmarkSource(config)),
    hashQ17,
  );
}
