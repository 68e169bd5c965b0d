/**
 * The hand-written single-threaded baseline of the Nexmark queries: one plain loop over the same
 * generator, doing the query's computation inline and feeding the same digest as `CountingSink`.
 * Bundled and run by `bench/run.mjs`:
 *
 *   node baseline.mjs <q0|q1|q2> --events.num N [--seed S] [--report FILE]
 *
 * It writes one report line in the `SinkReport` format (subtask 0 of 1).
 */
import { appendFileSync } from "node:fs";
import { runExtendedBaseline } from "./baselines/index.js";
import { parseNexmarkArgs } from "./config.js";
import { addDigest, hashBid, hashQ1, hashQ2 } from "./digest.js";
import { NexmarkGenerator } from "./generator.js";
import type { SinkReport } from "./sink.js";

export interface LoopResult {
  count: number;
  digest: number;
}

/** Runs query `query` over events [0, numEvents) of `generator`. */
export function runBaseline(query: string, generator: NexmarkGenerator, numEvents: number): LoopResult {
  let count = 0;
  let digest = 0;
  switch (query) {
    case "q0":
      for (let n = 0; n < numEvents; n++) {
        const event = generator.event(n);
        if (event.type !== "bid") continue;
        count++;
        digest = addDigest(digest, hashBid(event.bid));
      }
      break;
    case "q1":
      for (let n = 0; n < numEvents; n++) {
        const event = generator.event(n);
        if (event.type !== "bid") continue;
        const bid = event.bid;
        const row = {
          auction: bid.auction,
          bidder: bid.bidder,
          price: bid.price * 0.908,
          dateTime: bid.dateTime,
          extra: bid.extra,
        };
        count++;
        digest = addDigest(digest, hashQ1(row));
      }
      break;
    case "q2":
      for (let n = 0; n < numEvents; n++) {
        const event = generator.event(n);
        if (event.type !== "bid" || event.bid.auction % 123 !== 0) continue;
        const row = { auction: event.bid.auction, price: event.bid.price };
        count++;
        digest = addDigest(digest, hashQ2(row));
      }
      break;
    default: {
      const extended = runExtendedBaseline(query, generator, numEvents);
      if (extended === undefined) throw new RangeError(`unknown Nexmark query ${query}`);
      return extended;
    }
  }
  return { count, digest };
}

function main(argv: readonly string[]): void {
  const [query, ...rest] = argv;
  const { config, report } = parseNexmarkArgs(rest);
  if (config.numEvents <= 0) throw new RangeError("the baseline needs a bounded run: --events.num N");
  const openedAt = Date.now();
  const result = runBaseline(query ?? "", new NexmarkGenerator(config), config.numEvents);
  const line: SinkReport = { subtask: 0, parallelism: 1, ...result, openedAt, finishedAt: Date.now() };
  if (report !== undefined) appendFileSync(report, `${JSON.stringify(line)}\n`);
  else console.log(JSON.stringify(line));
}

if (process.argv[1] !== undefined && /baseline\.(ts|mjs|js)$/.test(process.argv[1]))
  main(process.argv.slice(2));
