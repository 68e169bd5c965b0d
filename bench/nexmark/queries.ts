/**
 * The Nexmark queries available so far, written with the DataStream API. Each takes the event
 * stream and returns the query's output stream; the job files (`q0.ts`, ...) add the source and
 * the counting sink, and the tests run them with `executeAndCollect()`.
 *
 * They follow the nexmark project's SQL: `bids` is its `bid` view (the bid of every bid event);
 * q0 passes bids through, q1 converts prices from dollars to euros (`0.908 * price`), q2 keeps
 * `(auction, price)` of the bids whose auction id is a multiple of 123.
 */
import type { Collector, DataStream, FlatMapFunction, StreamExecutionEnvironment } from "weir";
import { WatermarkStrategy } from "weir";
import type { GeneratorConfig } from "./config.js";
import type { Bid, NexmarkEvent } from "./model.js";
import { NexmarkSource } from "./source.js";

/** q1's output row: the bid with its price in euros. */
export interface Q1Row {
  readonly auction: number;
  readonly bidder: number;
  readonly price: number;
  readonly dateTime: number;
  readonly extra: string;
}

/** q2's output row. */
export interface Q2Row {
  readonly auction: number;
  readonly price: number;
}

/** The generator as a source of the environment, with event timestamps and no watermarks. */
export function nexmarkEvents(
  env: StreamExecutionEnvironment,
  config: Partial<GeneratorConfig>,
): DataStream<NexmarkEvent> {
  return env.fromSource(
    new NexmarkSource(config),
    WatermarkStrategy.noWatermarks<NexmarkEvent>(),
    "nexmark-source",
  );
}

/** Emits the bid of each bid event. */
export class BidsOnly implements FlatMapFunction<NexmarkEvent, Bid> {
  flatMap(event: NexmarkEvent, out: Collector<Bid>): void {
    if (event.type === "bid") out.collect(event.bid);
  }
}

/** Nexmark's `bid` view. */
export function bids(events: DataStream<NexmarkEvent>): DataStream<Bid> {
  return events.flatMap(new BidsOnly()).name("bids");
}

/** q0: pass-through. */
export function q0(events: DataStream<NexmarkEvent>): DataStream<Bid> {
  return bids(events);
}

/** q1: currency conversion, dollars to euros. */
export function q1(events: DataStream<NexmarkEvent>): DataStream<Q1Row> {
  return bids(events)
    .map(
      (bid: Bid): Q1Row => ({
        auction: bid.auction,
        bidder: bid.bidder,
        price: bid.price * 0.908,
        dateTime: bid.dateTime,
        extra: bid.extra,
      }),
    )
    .name("q1-euros");
}

/** q2: selection of the bids on auctions whose id is a multiple of 123. */
export function q2(events: DataStream<NexmarkEvent>): DataStream<Q2Row> {
  return bids(events)
    .filter((bid: Bid) => bid.auction % 123 === 0)
    .name("q2-filter")
    .map((bid: Bid): Q2Row => ({ auction: bid.auction, price: bid.price }))
    .name("q2-project");
}
