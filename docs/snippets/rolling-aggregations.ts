// weir run docs/snippets/rolling-aggregations.ts
import { StreamExecutionEnvironment } from "weir";

type Bid = [item: string, bidder: string, price: number];

export default async function main(): Promise<void> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const bids = env.fromElements<Bid>(["lamp", "ann", 30], ["lamp", "bob", 20], ["lamp", "cid", 45]);

  // min: the key's FIRST record with only the price replaced by the running minimum.
  bids.keyBy(0).min(2).print("min");
  // minBy: the whole record holding the minimum so far.
  bids.keyBy(0).minBy(2).print("minBy");
  // reduce: any associative combination; one updated value per input record.
  bids
    .keyBy(0)
    .reduce((a, b): Bid => [a[0], `${a[1]}+${b[1]}`, a[2] + b[2]])
    .print("reduce");

  await env.execute("rolling aggregations");
}
