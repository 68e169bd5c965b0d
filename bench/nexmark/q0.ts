/**
 * Nexmark q0: pass-through of the bids, ending in a counting sink.
 *
 *   weir run [-p N] bench/nexmark/q0.ts --events.num 10000000 [--seed 42] [--report FILE]
 */
import { StreamExecutionEnvironment } from "weir";
import { parseNexmarkArgs } from "./config.js";
import { hashBid } from "./digest.js";
import { nexmarkEvents, q0 } from "./queries.js";
import { CountingSink } from "./sink.js";

export default async function main(args: string[]): Promise<void> {
  const { config, report } = parseNexmarkArgs(args);
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  q0(nexmarkEvents(env, config)).sinkTo(new CountingSink(hashBid, report)).name("counting-sink");
  await env.execute("Nexmark q0");
}
