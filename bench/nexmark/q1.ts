/**
 * Nexmark q1: currency conversion (price × 0.908), ending in a counting sink.
 *
 *   weir run [-p N] bench/nexmark/q1.ts --events.num 10000000 [--seed 42] [--report FILE]
 */
import { StreamExecutionEnvironment } from "weir";
import { parseNexmarkArgs } from "./config.js";
import { hashQ1 } from "./digest.js";
import { nexmarkEvents, q1 } from "./queries.js";
import { CountingSink } from "./sink.js";

export default async function main(args: string[]): Promise<void> {
  const { config, report } = parseNexmarkArgs(args);
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  q1(nexmarkEvents(env, config)).sinkTo(new CountingSink(hashQ1, report)).name("counting-sink");
  await env.execute("Nexmark q1");
}
