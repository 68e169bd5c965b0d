/**
 * Nexmark q3, local item suggestion: who sells in OR, ID or CA in category 10, and which auctions.
 * An incremental inner join of `person` and `auction` on `seller = id`, with keyed state, as
 * Flink runs the SQL's regular join: both inputs are filtered, keyed by person id, and each side
 * waits in state for the other. A person's id is unique, so once the person is known an auction
 * joins at once, and auctions that arrived first are emitted and dropped when the person comes.
 *
 *   weir run [-p N] bench/nexmark/q3.ts --events.num 10000000 [--seed 42] [--report FILE]
 */
import {
  type Collector,
  type DataStream,
  type FlatMapFunction,
  type KeyedProcessFunction,
  type ListState,
  ListStateDescriptor,
  type RuntimeContext,
  type StreamExecutionEnvironment,
  type ValueState,
  ValueStateDescriptor,
} from "weir";
import type { NexmarkEvent } from "./model.js";
import { hashQ3, isLocalState, type Q3Row } from "./rows.js";
import { runNexmarkQuery } from "./run-query.js";
import { NexmarkSource } from "./source.js";
import { timedEvents } from "./streams.js";

interface Seller {
  readonly name: string;
  readonly city: string;
  readonly state: string;
}

/**
 * What q3 reads, projected before the exchange: a local person (`seller` is their id) or a
 * category-10 auction (`auction` set, `seller` the seller's id).
 */
export interface PersonOrAuction {
  readonly seller: number;
  readonly auction: number;
  readonly person: Seller | null;
}

/** Keeps the people in OR, ID or CA and the auctions of category 10, projected. */
export class LocalSellersAndAuctions implements FlatMapFunction<NexmarkEvent, PersonOrAuction> {
  flatMap(event: NexmarkEvent, out: Collector<PersonOrAuction>): void {
    if (event.type === "person") {
      const p = event.person;
      if (isLocalState(p.state)) {
        out.collect({ seller: p.id, auction: -1, person: { name: p.name, city: p.city, state: p.state } });
      }
    } else if (event.type === "auction" && event.auction.category === 10) {
      out.collect({ seller: event.auction.seller, auction: event.auction.id, person: null });
    }
  }
}

/** Keyed by person id: joins the person (if local) with their category-10 auctions. */
export class LocalItemJoin implements KeyedProcessFunction<number, PersonOrAuction, Q3Row> {
  private seller!: ValueState<Seller>;
  private waiting!: ListState<number>;

  open(ctx: RuntimeContext): void {
    this.seller = ctx.getState(new ValueStateDescriptor<Seller>("q3-seller"));
    this.waiting = ctx.getListState(new ListStateDescriptor<number>("q3-auctions"));
  }

  processElement(event: PersonOrAuction, _ctx: unknown, out: Collector<Q3Row>): void {
    const person = event.person;
    if (person !== null) {
      this.seller.update(person);
      for (const id of this.waiting.get()) {
        out.collect({ name: person.name, city: person.city, state: person.state, id });
      }
      this.waiting.clear();
      return;
    }
    const seller = this.seller.value();
    if (seller === undefined) this.waiting.add(event.auction);
    else out.collect({ name: seller.name, city: seller.city, state: seller.state, id: event.auction });
  }
}

/** q3 over the events of `source`. */
export function buildQ3(env: StreamExecutionEnvironment, source: NexmarkSource): DataStream<Q3Row> {
  return timedEvents(env, source)
    .flatMap(new LocalSellersAndAuctions())
    .name("q3-filter")
    .keyBy((event: PersonOrAuction) => event.seller)
    .process(new LocalItemJoin())
    .name("q3-join")
    .uid("q3-join");
}

export default function main(args: string[]): Promise<void> {
  return runNexmarkQuery(
    args,
    "Nexmark q3",
    (env, config) => buildQ3(env, new NexmarkSource(config)),
    hashQ3,
  );
}
