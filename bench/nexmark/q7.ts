/**
 * Nexmark q7, highest bid: for every tumbling window of 10 s (the bids' event time) the bid(s)
 * with the highest price of the window.
 *
 * Stage 1 keeps, per auction and window, the highest price and the bids that have it (an
 * incremental aggregate, so the per-window state is small); stage 2, keyed by window end, merges
 * the auctions' candidates into the window's maximum and emits its bids with an event-time timer
 * at the window's `maxTimestamp()`, which every candidate carries. Splitting the maximum this way
 * keeps stage 1 parallel; a single `windowAll` would run at parallelism 1.
 *
 * The SQL joins each bid with the maxima of windows whose [start, end] holds its time, end
 * included; a bid exactly at a window's end belongs to the next window, and here it counts there
 * only (Nexmark's intent: "the highest bids per period").
 *
 *   weir run [-p N] bench/nexmark/q7.ts --events.num 10000000 [--seed 42] [--report FILE]
 */
import {
  type AggregateFunction,
  type Collector,
  type DataStream,
  type KeyedOnTimerContext,
  type KeyedProcessFunction,
  type KeyedProcessFunctionContext,
  type ProcessWindowFunctionContext,
  type RuntimeContext,
  type StreamExecutionEnvironment,
  type TimeWindow,
  TumblingEventTimeWindows,
  type ValueState,
  ValueStateDescriptor,
} from "weir";
import type { Bid } from "./model.js";
import { hashQ7, Q7_WINDOW_MS, type Q7Row } from "./rows.js";
import { runNexmarkQuery } from "./run-query.js";
import { NexmarkSource } from "./source.js";
import { bids, timedEvents } from "./streams.js";

/** The highest price seen and the bids with it. */
export interface MaxBids {
  price: number;
  bids: Q7Row[];
}

/** Candidates of one auction for one window. */
export interface WindowMax extends MaxBids {
  readonly windowEnd: number;
}

function toRow(bid: Bid): Q7Row {
  return {
    auction: bid.auction,
    bidder: bid.bidder,
    price: bid.price,
    dateTime: bid.dateTime,
    extra: bid.extra,
  };
}

export const maxBids: AggregateFunction<Bid, MaxBids, MaxBids> = {
  createAccumulator: () => ({ price: -1, bids: [] }),
  add: (bid, acc) => {
    if (bid.price > acc.price) {
      acc.price = bid.price;
      acc.bids = [toRow(bid)];
    } else if (bid.price === acc.price) {
      acc.bids.push(toRow(bid));
    }
    return acc;
  },
  getResult: (acc) => acc,
  merge: (a, b) =>
    a.price > b.price ? a : b.price > a.price ? b : { price: a.price, bids: [...a.bids, ...b.bids] },
};

function withWindow(
  _auction: number,
  ctx: ProcessWindowFunctionContext<TimeWindow>,
  maxima: Iterable<MaxBids>,
  out: Collector<WindowMax>,
): void {
  const windowEnd = ctx.window().end;
  for (const max of maxima) out.collect({ price: max.price, bids: max.bids, windowEnd });
}

/** Keyed by window end: the window's highest bids, emitted when the window is complete. */
export class HighestBids implements KeyedProcessFunction<number, WindowMax, Q7Row> {
  private best!: ValueState<MaxBids>;

  open(ctx: RuntimeContext): void {
    this.best = ctx.getState(new ValueStateDescriptor<MaxBids>("q7-best"));
  }

  processElement(candidate: WindowMax, ctx: KeyedProcessFunctionContext<number>): void {
    const best = this.best.value();
    if (best === undefined) {
      this.best.update({ price: candidate.price, bids: [...candidate.bids] });
      ctx.timerService().registerEventTimeTimer(candidate.windowEnd - 1);
    } else if (candidate.price > best.price) {
      this.best.update({ price: candidate.price, bids: [...candidate.bids] });
    } else if (candidate.price === best.price) {
      best.bids.push(...candidate.bids);
      this.best.update(best);
    }
  }

  onTimer(_timestamp: number, _ctx: KeyedOnTimerContext<number>, out: Collector<Q7Row>): void {
    const best = this.best.value();
    if (best === undefined) return;
    for (const bid of best.bids) out.collect(bid);
    this.best.clear();
  }
}

/** q7 over the events of `source`. */
export function buildQ7(env: StreamExecutionEnvironment, source: NexmarkSource): DataStream<Q7Row> {
  return bids(timedEvents(env, source))
    .keyBy((bid: Bid) => bid.auction)
    .window(TumblingEventTimeWindows.of(Q7_WINDOW_MS))
    .aggregate(maxBids, withWindow)
    .name("q7-max-per-auction")
    .uid("q7-max-per-auction")
    .keyBy((max: WindowMax) => max.windowEnd)
    .process(new HighestBids())
    .name("q7-highest-bids")
    .uid("q7-highest-bids");
}

export default function main(args: string[]): Promise<void> {
  return runNexmarkQuery(
    args,
    "Nexmark q7",
    (env, config) => buildQ7(env, new NexmarkSource(config)),
    hashQ7,
  );
}
