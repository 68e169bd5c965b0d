/**
 * Hand-written baseline of q7: one loop over the bids keeping the current tumbling window's highest
 * price and its bids; the window is reported when a bid of a later window (or the end) comes.
 */
import type { NexmarkGenerator } from "../generator.js";
import { Q7_WINDOW_MS, type Q7Row, windowStart } from "../rows.js";

export function q7Rows(generator: NexmarkGenerator, numEvents: number, emit: (row: Q7Row) => void): void {
  let window = Number.NEGATIVE_INFINITY;
  let max = -1;
  let best: Q7Row[] = [];
  for (let n = 0; n < numEvents; n++) {
    const event = generator.event(n);
    if (event.type !== "bid") continue;
    const b = event.bid;
    const start = windowStart(b.dateTime, Q7_WINDOW_MS);
    if (start !== window) {
      for (const row of best) emit(row);
      window = start;
      max = -1;
      best = [];
    }
    if (b.price < max) continue;
    const row = {
      auction: b.auction,
      bidder: b.bidder,
      price: b.price,
      dateTime: b.dateTime,
      extra: b.extra,
    };
    if (b.price > max) {
      max = b.price;
      best = [row];
    } else best.push(row);
  }
  for (const row of best) emit(row);
}
