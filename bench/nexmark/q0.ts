/**
 * Nexmark q0: pass-through of the bids, ending in a counting sink.
 *
 *   weir run [-p N] bench/nexmark/q0.ts --events.num 10000000 [--seed 42] [--report FILE]
 */
import { hashBid } from "./digest.js";
import { nexmarkEvents, q0 } from "./queries.js";
import { runNexmarkQuery } from "./run-query.js";

export default function main(args: string[]): Promise<void> {
  return runNexmarkQuery(args, "Nexmark q0", (env, config) => q0(nexmarkEvents(env, config)), hashBid);
}
