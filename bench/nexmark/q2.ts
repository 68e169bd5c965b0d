/**
 * Nexmark q2: selection (auction % 123 = 0), ending in a counting sink.
 *
 *   weir run [-p N] bench/nexmark/q2.ts --events.num 10000000 [--seed 42] [--report FILE]
 */
import { StreamExecutionEnvironment } from "weir";
import { parseNexmarkArgs } from "./config.js";
import { hashQ2 } from "./digest.js";
import { nexmarkEvents, q2 } from "./queries.js";
import { CountingSink } from "./sink.js";

export default async function main(args: string[]): Promise<void> {
  const { config, report } = parseNexmarkArgs(args);
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  q2(nexmarkEvents(env, config)).sinkTo(new CountingSink(hashQ2, report)).name("counting-sink");
  await env.execute("Nexmark q2");
}
