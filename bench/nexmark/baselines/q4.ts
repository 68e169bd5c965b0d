/**
 * Hand-written baseline of q4: one loop over the events. Open auctions sit in a map and in a heap
 * ordered by (expires, id); an auction closes once an event later than its `expires` is seen (or at
 * the end), and its winning price updates its category's running average. Bids on auctions not
 * created yet wait in a map until their auction comes; bids on closed auctions are ignored.
 */
import type { NexmarkGenerator } from "../generator.js";
import type { Q4Row } from "../rows.js";
import { MinHeap } from "./heap.js";

interface Open {
  id: number;
  category: number;
  dateTime: number;
  expires: number;
  best: number;
}

export function q4Rows(generator: NexmarkGenerator, numEvents: number, emit: (row: Q4Row) => void): void {
  const open = new Map<number, Open>();
  const closing = new MinHeap<Open>(
    (a, b) => a.expires < b.expires || (a.expires === b.expires && a.id < b.id),
  );
  const early = new Map<number, number[]>(); // auction id -> [dateTime, price, dateTime, price, ...]
  const sums = new Map<number, [number, number]>();
  let lastAuction = -1;

  const close = (a: Open) => {
    open.delete(a.id);
    if (a.best < 0) return;
    let total = sums.get(a.category);
    if (total === undefined) {
      total = [0, 0];
      sums.set(a.category, total);
    }
    total[0] += a.best;
    total[1]++;
    emit({ category: a.category, final: Math.trunc(total[0] / total[1]) });
  };

  for (let n = 0; n < numEvents; n++) {
    const event = generator.event(n);
    if (event.type === "person") continue;
    const now = generator.timestampForEvent(n);
    for (let top = closing.peek(); top !== undefined && top.expires < now; top = closing.peek()) {
      close(closing.pop()!);
    }
    if (event.type === "auction") {
      const a = event.auction;
      const entry: Open = {
        id: a.id,
        category: a.category,
        dateTime: a.dateTime,
        expires: a.expires,
        best: -1,
      };
      lastAuction = a.id;
      const waiting = early.get(a.id);
      if (waiting !== undefined) {
        for (let i = 0; i < waiting.length; i += 2) {
          const t = waiting[i]!;
          const price = waiting[i + 1]!;
          if (t >= entry.dateTime && t <= entry.expires && price > entry.best) entry.best = price;
        }
        early.delete(a.id);
      }
      open.set(a.id, entry);
      closing.push(entry);
    } else if (event.type === "bid") {
      const b = event.bid;
      if (b.auction > lastAuction) {
        const waiting = early.get(b.auction);
        if (waiting === undefined) early.set(b.auction, [b.dateTime, b.price]);
        else waiting.push(b.dateTime, b.price);
        continue;
      }
      const a = open.get(b.auction);
      if (a !== undefined && b.dateTime >= a.dateTime && b.dateTime <= a.expires && b.price > a.best) {
        a.best = b.price;
      }
    }
  }
  for (let a = closing.pop(); a !== undefined; a = closing.pop()) close(a);
}
