/**
 * Event-time inputs of the windowed and stateful Nexmark queries (q3 and up): the generator as a
 * source whose records carry their `dateTime` as event timestamp, with monotonous watermarks.
 * Monotonous fits: each reader owns one strided split whose event numbers, hence timestamps,
 * never decrease, and the watermark of every downstream operator is the minimum over readers, so
 * no record is ever late. Plus Nexmark's three views (`person`, `auction`, `bid`) and a counting
 * aggregate.
 */
import type {
  AggregateFunction,
  Collector,
  DataStream,
  FlatMapFunction,
  StreamExecutionEnvironment,
} from "weir";
import { WatermarkStrategy } from "weir";
import type { Auction, NexmarkEvent, Person } from "./model.js";
import { bids } from "./queries.js";
import type { NexmarkSource } from "./source.js";

export { bids };

/** The source with event timestamps (the generator's `dateTime`) and monotonous watermarks. */
export function timedEvents(
  env: StreamExecutionEnvironment,
  source: NexmarkSource,
): DataStream<NexmarkEvent> {
  return env.fromSource(source, WatermarkStrategy.forMonotonousTimestamps<NexmarkEvent>(), "nexmark-source");
}

class PersonsOnly implements FlatMapFunction<NexmarkEvent, Person> {
  flatMap(event: NexmarkEvent, out: Collector<Person>): void {
    if (event.type === "person") out.collect(event.person);
  }
}

class AuctionsOnly implements FlatMapFunction<NexmarkEvent, Auction> {
  flatMap(event: NexmarkEvent, out: Collector<Auction>): void {
    if (event.type === "auction") out.collect(event.auction);
  }
}

/** Nexmark's `person` view. */
export function persons(events: DataStream<NexmarkEvent>): DataStream<Person> {
  return events.flatMap(new PersonsOnly()).name("persons");
}

/** Nexmark's `auction` view. */
export function auctions(events: DataStream<NexmarkEvent>): DataStream<Auction> {
  return events.flatMap(new AuctionsOnly()).name("auctions");
}

/** Counts the elements of a window (q5's bids per auction, q11's bids per session). */
export const countElements: AggregateFunction<unknown, number, number> = {
  createAccumulator: () => 0,
  add: (_element, count) => count + 1,
  getResult: (count) => count,
  merge: (a, b) => a + b,
};
