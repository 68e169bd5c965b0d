/**
 * Hand-written baseline of q5: one loop over the bids, counting bids per auction in each of the
 * five sliding windows a bid falls in (a map per window); a window is reported (its auctions with
 * the most bids) once a bid at or after its end is seen, or at the end.
 */
import type { NexmarkGenerator } from "../generator.js";
import { Q5_SIZE_MS, Q5_SLIDE_MS, type Q5Row, windowStart } from "../rows.js";

export function q5Rows(generator: NexmarkGenerator, numEvents: number, emit: (row: Q5Row) => void): void {
  // Open windows by start, oldest first (Map keeps insertion order and starts only grow).
  const windows = new Map<number, Map<number, number>>();
  const report = (counts: Map<number, number>) => {
    let max = 0;
    for (const c of counts.values()) if (c > max) max = c;
    for (const [auction, c] of counts) if (c === max) emit({ auction, num: max });
  };
  for (let n = 0; n < numEvents; n++) {
    const event = generator.event(n);
    if (event.type !== "bid") continue;
    const bid = event.bid;
    const t = bid.dateTime;
    for (const [start, counts] of windows) {
      if (start + Q5_SIZE_MS > t) break;
      report(counts);
      windows.delete(start);
    }
    const last = windowStart(t, Q5_SLIDE_MS);
    for (let start = last - Q5_SIZE_MS + Q5_SLIDE_MS; start <= last; start += Q5_SLIDE_MS) {
      let counts = windows.get(start);
      if (counts === undefined) {
        counts = new Map();
        windows.set(start, counts);
      }
      counts.set(bid.auction, (counts.get(bid.auction) ?? 0) + 1);
    }
  }
  for (const counts of windows.values()) report(counts);
}
