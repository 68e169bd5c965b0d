/**
 * Hand-written baseline of q17: one loop over the bids with a map of per-auction statistics for
 * the current UTC day; the day's rows are reported when a bid of a later day (or the end) comes.
 */
import type { NexmarkGenerator } from "../generator.js";
import { addPrice, emptyStats, type PriceStats, statsRow } from "../q17-stats.js";
import { DAY_MS, type Q17Row, utcDay, windowStart } from "../rows.js";

export function q17Rows(generator: NexmarkGenerator, numEvents: number, emit: (row: Q17Row) => void): void {
  let day = Number.NEGATIVE_INFINITY;
  let groups = new Map<number, PriceStats>();
  const report = () => {
    const name = utcDay(day);
    for (const [auction, stats] of groups) emit(statsRow(auction, name, stats));
  };
  for (let n = 0; n < numEvents; n++) {
    const event = generator.event(n);
    if (event.type !== "bid") continue;
    const b = event.bid;
    const start = windowStart(b.dateTime, DAY_MS);
    if (start !== day) {
      if (groups.size > 0) report();
      day = start;
      groups = new Map();
    }
    let stats = groups.get(b.auction);
    if (stats === undefined) {
      stats = emptyStats();
      groups.set(b.auction, stats);
    }
    addPrice(stats, b.price);
  }
  if (groups.size > 0) report();
}
