/**
 * Hand-written baseline of q8: one loop over people and auctions keeping the current tumbling
 * window's new people and sellers; at the window's end, the people who also sold are reported.
 */
import type { NexmarkGenerator } from "../generator.js";
import { Q8_WINDOW_MS, type Q8Row, windowStart } from "../rows.js";

export function q8Rows(generator: NexmarkGenerator, numEvents: number, emit: (row: Q8Row) => void): void {
  let window = Number.NEGATIVE_INFINITY;
  let people = new Map<number, string>();
  let sellers = new Set<number>();
  const report = () => {
    for (const [id, name] of people) if (sellers.has(id)) emit({ id, name, stime: window });
  };
  for (let n = 0; n < numEvents; n++) {
    const event = generator.event(n);
    if (event.type === "bid") continue;
    const start = windowStart(generator.timestampForEvent(n), Q8_WINDOW_MS);
    if (start !== window) {
      report();
      window = start;
      people = new Map();
      sellers = new Set();
    }
    if (event.type === "person") people.set(event.person.id, event.person.name);
    else if (event.type === "auction") sellers.add(event.auction.seller);
  }
  report();
}
