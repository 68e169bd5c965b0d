/**
 * Nexmark q5, hot items: for every sliding window (10 s long, every 2 s, on the bids' event time)
 * the auction(s) with the most bids, with their count.
 *
 * Stage 1 counts the bids per auction and window (`SlidingEventTimeWindows`, incremental count).
 * Stage 2, keyed by window end, keeps the largest count and the auctions having it; each count
 * carries its window's `maxTimestamp()`, so an event-time timer there fires once every count of the
 * window has arrived, and emits the winners. Ties emit every auction with the maximum, as the SQL's
 * `num >= maxn` join does.
 *
 *   weir run [-p N] bench/nexmark/q5.ts --events.num 10000000 [--seed 42] [--report FILE]
 */
import {
  type Collector,
  type DataStream,
  type KeyedOnTimerContext,
  type KeyedProcessFunction,
  type KeyedProcessFunctionContext,
  type ProcessWindowFunctionContext,
  type RuntimeContext,
  SlidingEventTimeWindows,
  type StreamExecutionEnvironment,
  type TimeWindow,
  type ValueState,
  ValueStateDescriptor,
} from "weir";
import type { Bid } from "./model.js";
import { hashQ5, Q5_SIZE_MS, Q5_SLIDE_MS, type Q5Row } from "./rows.js";
import { runNexmarkQuery } from "./run-query.js";
import { NexmarkSource } from "./source.js";
import { bids, countElements, timedEvents } from "./streams.js";

/** Bids of one auction in one window. */
export interface AuctionCount {
  readonly auction: number;
  readonly num: number;
  readonly windowEnd: number;
}

function withWindow(
  auction: number,
  ctx: ProcessWindowFunctionContext<TimeWindow>,
  counts: Iterable<number>,
  out: Collector<AuctionCount>,
): void {
  const windowEnd = ctx.window().end;
  for (const num of counts) out.collect({ auction, num, windowEnd });
}

interface Leaders {
  num: number;
  auctions: number[];
}

/** Keyed by window end: the auctions with the most bids, emitted when the window is complete. */
export class HotItems implements KeyedProcessFunction<number, AuctionCount, Q5Row> {
  private leaders!: ValueState<Leaders>;

  open(ctx: RuntimeContext): void {
    this.leaders = ctx.getState(new ValueStateDescriptor<Leaders>("q5-leaders"));
  }

  processElement(count: AuctionCount, ctx: KeyedProcessFunctionContext<number>): void {
    const leaders = this.leaders.value();
    if (leaders === undefined) {
      this.leaders.update({ num: count.num, auctions: [count.auction] });
      ctx.timerService().registerEventTimeTimer(count.windowEnd - 1);
    } else if (count.num > leaders.num) {
      this.leaders.update({ num: count.num, auctions: [count.auction] });
    } else if (count.num === leaders.num) {
      leaders.auctions.push(count.auction);
      this.leaders.update(leaders);
    }
  }

  onTimer(_timestamp: number, _ctx: KeyedOnTimerContext<number>, out: Collector<Q5Row>): void {
    const leaders = this.leaders.value();
    if (leaders === undefined) return;
    for (const auction of leaders.auctions) out.collect({ auction, num: leaders.num });
    this.leaders.clear();
  }
}

/** q5 over the events of `source`. */
export function buildQ5(env: StreamExecutionEnvironment, source: NexmarkSource): DataStream<Q5Row> {
  // Only the auction id crosses the exchange (the record keeps its timestamp), as Flink's planner
  // projects the columns a query reads.
  return bids(timedEvents(env, source))
    .map((bid: Bid) => bid.auction)
    .name("q5-project")
    .keyBy((auction: number) => auction)
    .window(SlidingEventTimeWindows.of(Q5_SIZE_MS, Q5_SLIDE_MS))
    .aggregate(countElements, withWindow)
    .name("q5-count-per-auction")
    .uid("q5-count-per-auction")
    .keyBy((count: AuctionCount) => count.windowEnd)
    .process(new HotItems())
    .name("q5-hot-items")
    .uid("q5-hot-items");
}

export default function main(args: string[]): Promise<void> {
  return runNexmarkQuery(
    args,
    "Nexmark q5",
    (env, config) => buildQ5(env, new NexmarkSource(config)),
    hashQ5,
  );
}
