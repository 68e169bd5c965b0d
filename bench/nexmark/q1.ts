/**
 * Nexmark q1: currency conversion (price × 0.908), ending in a counting sink.
 *
 *   weir run [-p N] bench/nexmark/q1.ts --events.num 10000000 [--seed 42] [--report FILE]
 */
import { hashQ1 } from "./digest.js";
import { nexmarkEvents, q1 } from "./queries.js";
import { runNexmarkQuery } from "./run-query.js";

export default function main(args: string[]): Promise<void> {
  return runNexmarkQuery(args, "Nexmark q1", (env, config) => q1(nexmarkEvents(env, config)), hashQ1);
}
