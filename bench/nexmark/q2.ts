/**
 * Nexmark q2: selection (auction % 123 = 0), ending in a counting sink.
 *
 *   weir run [-p N] bench/nexmark/q2.ts --events.num 10000000 [--seed 42] [--report FILE]
 */
import { hashQ2 } from "./digest.js";
import { nexmarkEvents, q2 } from "./queries.js";
import { runNexmarkQuery } from "./run-query.js";

export default function main(args: string[]): Promise<void> {
  return runNexmarkQuery(args, "Nexmark q2", (env, config) => q2(nexmarkEvents(env, config)), hashQ2);
}
