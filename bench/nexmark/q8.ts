/**
 * Nexmark q8, monitor new users: the people who registered and opened an auction within the same
 * tumbling window of 10 s (event time), with the window's start.
 *
 * A window coGroup (Flink's window join with access to both sides) of `person` and `auction` on
 * `id = seller`: the SQL first groups each side by (id, window), so a person appears once per
 * window however many auctions they opened, which an inner `join` (one row per pair) would not do.
 *
 *   weir run [-p N] bench/nexmark/q8.ts --events.num 10000000 [--seed 42] [--report FILE]
 */
import {
  type Collector,
  type DataStream,
  type StreamExecutionEnvironment,
  TumblingEventTimeWindows,
} from "weir";
import type { Auction, Person } from "./model.js";
import { hashQ8, Q8_WINDOW_MS, type Q8Row, windowStart } from "./rows.js";
import { runNexmarkQuery } from "./run-query.js";
import { NexmarkSource } from "./source.js";
import { auctions, persons, timedEvents } from "./streams.js";

/** What q8 reads of a person (projected before the exchange). */
export interface NewPerson {
  readonly id: number;
  readonly name: string;
  readonly dateTime: number;
}

/** Emits each person of the window (once per id) when the window has an auction of theirs. */
export function newUsers(people: Iterable<NewPerson>, sold: Iterable<number>, out: Collector<Q8Row>): void {
  if (sold[Symbol.iterator]().next().done === true) return;
  const seen = new Set<number>();
  for (const p of people) {
    if (seen.has(p.id)) continue;
    seen.add(p.id);
    out.collect({ id: p.id, name: p.name, stime: windowStart(p.dateTime, Q8_WINDOW_MS) });
  }
}

/** q8 over the events of `source`. */
export function buildQ8(env: StreamExecutionEnvironment, source: NexmarkSource): DataStream<Q8Row> {
  const events = timedEvents(env, source);
  // Only the columns read cross the exchange (records keep their timestamps).
  const people = persons(events)
    .map((p: Person): NewPerson => ({ id: p.id, name: p.name, dateTime: p.dateTime }))
    .name("q8-project-persons");
  const sellers = auctions(events)
    .map((a: Auction) => a.seller)
    .name("q8-project-auctions");
  return people
    .coGroup(sellers)
    .where((p: NewPerson) => p.id)
    .equalTo((seller: number) => seller)
    .window(TumblingEventTimeWindows.of(Q8_WINDOW_MS))
    .apply(newUsers)
    .name("q8-new-users")
    .uid("q8-new-users");
}

export default function main(args: string[]): Promise<void> {
  return runNexmarkQuery(
    args,
    "Nexmark q8",
    (env, config) => buildQ8(env, new NexmarkSource(config)),
    hashQ8,
  );
}
