/**
 * Nexmark q4, average closing price per category: the winning (highest) bid of each auction
 * among its bids with `auction.dateTime <= bid.dateTime <= auction.expires` (the SQL's BETWEEN,
 * inclusive), then the average of the winning prices per category.
 *
 * Stage 1 (keyed by auction id) keeps the auction and the highest matching price in keyed state
 * and closes the auction with an event-time timer at `expires`: once the watermark reaches it no
 * bid of the range can come. Bids that arrive before their auction (the generator refers to up to
 * ten not-yet-created auctions, and equal timestamps can match) wait in state, dropped by a timer
 * at their own time if the auction has not come by then. Stage 2 (keyed by category) is Flink's
 * updating average: one row per closed auction with the category's new average. To make the
 * sequence of averages deterministic at any parallelism, it applies the closed auctions in event
 * time order (by `expires`, then auction id), buffering them until the watermark passes.
 *
 *   weir run [-p N] bench/nexmark/q4.ts --events.num 10000000 [--seed 42] [--report FILE]
 */
import {
  type Collector,
  type DataStream,
  type FlatMapFunction,
  type KeyedOnTimerContext,
  type KeyedProcessFunction,
  type KeyedProcessFunctionContext,
  type ListState,
  ListStateDescriptor,
  type MapState,
  MapStateDescriptor,
  type RuntimeContext,
  type StreamExecutionEnvironment,
  type ValueState,
  ValueStateDescriptor,
} from "weir";
import type { NexmarkEvent } from "./model.js";
import { hashQ4, type Q4Row } from "./rows.js";
import { runNexmarkQuery } from "./run-query.js";
import { NexmarkSource } from "./source.js";
import { timedEvents } from "./streams.js";

/** A closed auction with its winning price (stage 1's output). */
export interface WinningBid {
  readonly auction: number;
  readonly category: number;
  readonly price: number;
}

/**
 * What stage 1 reads of an auction or a bid, projected before the exchange: an auction has its
 * category (10..14), a bid has category -1 and its price in `expiresOrPrice`.
 */
export interface AuctionOrBid {
  readonly auction: number;
  readonly category: number;
  readonly dateTime: number;
  readonly expiresOrPrice: number;
}

/** Projects auctions and bids to `AuctionOrBid`, dropping people. */
export class ProjectAuctionsAndBids implements FlatMapFunction<NexmarkEvent, AuctionOrBid> {
  flatMap(event: NexmarkEvent, out: Collector<AuctionOrBid>): void {
    if (event.type === "auction") {
      const a = event.auction;
      out.collect({ auction: a.id, category: a.category, dateTime: a.dateTime, expiresOrPrice: a.expires });
    } else if (event.type === "bid") {
      const b = event.bid;
      out.collect({ auction: b.auction, category: -1, dateTime: b.dateTime, expiresOrPrice: b.price });
    }
  }
}

interface OpenAuction {
  readonly category: number;
  readonly dateTime: number;
  readonly expires: number;
}

/** Keyed by auction id: the highest price among the auction's bids in [dateTime, expires]. */
export class WinningBids implements KeyedProcessFunction<number, AuctionOrBid, WinningBid> {
  private auction!: ValueState<OpenAuction>;
  private best!: ValueState<number>;
  /** Bids seen before their auction: [dateTime, price] pairs. */
  private early!: ListState<[number, number]>;

  open(ctx: RuntimeContext): void {
    this.auction = ctx.getState(new ValueStateDescriptor<OpenAuction>("q4-auction"));
    this.best = ctx.getState(new ValueStateDescriptor<number>("q4-best"));
    this.early = ctx.getListState(new ListStateDescriptor<[number, number]>("q4-early-bids"));
  }

  processElement(event: AuctionOrBid, ctx: KeyedProcessFunctionContext<number>): void {
    if (event.category >= 0) {
      const open: OpenAuction = {
        category: event.category,
        dateTime: event.dateTime,
        expires: event.expiresOrPrice,
      };
      this.auction.update(open);
      ctx.timerService().registerEventTimeTimer(open.expires);
      let best = -1;
      for (const [dateTime, price] of this.early.get()) {
        if (dateTime >= open.dateTime && dateTime <= open.expires && price > best) best = price;
      }
      this.early.clear();
      if (best >= 0) this.best.update(best);
      return;
    }
    const dateTime = event.dateTime;
    const price = event.expiresOrPrice;
    const open = this.auction.value();
    if (open === undefined) {
      this.early.add([dateTime, price]);
      ctx.timerService().registerEventTimeTimer(dateTime);
    } else if (dateTime >= open.dateTime && dateTime <= open.expires) {
      const best = this.best.value();
      if (best === undefined || price > best) this.best.update(price);
    }
  }

  onTimer(timestamp: number, ctx: KeyedOnTimerContext<number>, out: Collector<WinningBid>): void {
    const open = this.auction.value();
    if (open === undefined) {
      // No auction by now: bids up to `timestamp` can no longer match one.
      const rest = [...this.early.get()].filter(([dateTime]) => dateTime > timestamp);
      if (rest.length > 0) this.early.update(rest);
      else this.early.clear();
      return;
    }
    if (timestamp !== open.expires) return;
    const best = this.best.value();
    if (best !== undefined)
      out.collect({ auction: ctx.getCurrentKey(), category: open.category, price: best });
    this.auction.clear();
    this.best.clear();
  }
}

/** Keyed by category: the running average of the winning prices, applied in event-time order. */
export class CategoryAverage implements KeyedProcessFunction<number, WinningBid, Q4Row> {
  private pending!: MapState<number, WinningBid[]>;
  private total!: ValueState<[number, number]>;

  open(ctx: RuntimeContext): void {
    this.pending = ctx.getMapState(new MapStateDescriptor<number, WinningBid[]>("q4-pending"));
    this.total = ctx.getState(new ValueStateDescriptor<[number, number]>("q4-sum-count"));
  }

  processElement(win: WinningBid, ctx: KeyedProcessFunctionContext<number>): void {
    const time = ctx.timestamp() ?? 0;
    const rows = this.pending.get(time);
    if (rows === undefined) {
      this.pending.put(time, [win]);
      ctx.timerService().registerEventTimeTimer(time);
    } else {
      rows.push(win);
      this.pending.put(time, rows);
    }
  }

  onTimer(timestamp: number, ctx: KeyedOnTimerContext<number>, out: Collector<Q4Row>): void {
    const rows = this.pending.get(timestamp);
    if (rows === undefined) return;
    this.pending.remove(timestamp);
    rows.sort((a, b) => a.auction - b.auction);
    let [sum, count] = this.total.value() ?? [0, 0];
    const category = ctx.getCurrentKey();
    for (const row of rows) {
      sum += row.price;
      count++;
      out.collect({ category, final: Math.trunc(sum / count) });
    }
    this.total.update([sum, count]);
  }
}

/** q4 over the events of `source`. */
export function buildQ4(env: StreamExecutionEnvironment, source: NexmarkSource): DataStream<Q4Row> {
  return timedEvents(env, source)
    .flatMap(new ProjectAuctionsAndBids())
    .name("q4-auctions-and-bids")
    .keyBy((event: AuctionOrBid) => event.auction)
    .process(new WinningBids())
    .name("q4-winning-bids")
    .uid("q4-winning-bids")
    .keyBy((win: WinningBid) => win.category)
    .process(new CategoryAverage())
    .name("q4-average")
    .uid("q4-average");
}

export default function main(args: string[]): Promise<void> {
  return runNexmarkQuery(
    args,
    "Nexmark q4",
    (env, config) => buildQ4(env, new NexmarkSource(config)),
    hashQ4,
  );
}
