/**
 * Hand-written baseline of q3: one loop over the events with two maps, the local sellers by id
 * and the category-10 auctions waiting for a seller not yet seen.
 */
import type { NexmarkGenerator } from "../generator.js";
import { isLocalState, type Q3Row } from "../rows.js";

export function q3Rows(generator: NexmarkGenerator, numEvents: number, emit: (row: Q3Row) => void): void {
  const sellers = new Map<number, { name: string; city: string; state: string }>();
  const waiting = new Map<number, number[]>();
  for (let n = 0; n < numEvents; n++) {
    const event = generator.event(n);
    if (event.type === "bid") continue;
    if (event.type === "person") {
      const p = event.person;
      if (!isLocalState(p.state)) continue;
      sellers.set(p.id, { name: p.name, city: p.city, state: p.state });
      const ids = waiting.get(p.id);
      if (ids !== undefined) {
        for (const id of ids) emit({ name: p.name, city: p.city, state: p.state, id });
        waiting.delete(p.id);
      }
    } else if (event.type === "auction" && event.auction.category === 10) {
      const a = event.auction;
      const seller = sellers.get(a.seller);
      if (seller !== undefined) emit({ name: seller.name, city: seller.city, state: seller.state, id: a.id });
      else {
        const ids = waiting.get(a.seller);
        if (ids === undefined) waiting.set(a.seller, [a.id]);
        else ids.push(a.id);
      }
    }
  }
}
