/**
 * Hand-written baseline of q11: one loop over the bids keeping each bidder's open session (start,
 * last bid time, count). A bid more than the gap after the last one closes the session (a bid
 * exactly the gap later touches it and extends it, as merging session windows do); open sessions
 * are swept every gap of event time and reported at the end.
 */
import type { NexmarkGenerator } from "../generator.js";
import { Q11_GAP_MS, type Q11Row } from "../rows.js";

interface Session {
  start: number;
  last: number;
  count: number;
}

export function q11Rows(generator: NexmarkGenerator, numEvents: number, emit: (row: Q11Row) => void): void {
  const sessions = new Map<number, Session>();
  const report = (bidder: number, s: Session) =>
    emit({ bidder, bidCount: s.count, starttime: s.start, endtime: s.last + Q11_GAP_MS });
  let nextSweep = Number.NEGATIVE_INFINITY;
  for (let n = 0; n < numEvents; n++) {
    const event = generator.event(n);
    if (event.type !== "bid") continue;
    const { bidder, dateTime: t } = event.bid;
    if (t >= nextSweep) {
      for (const [id, s] of sessions) {
        if (s.last + Q11_GAP_MS < t) {
          report(id, s);
          sessions.delete(id);
        }
      }
      nextSweep = t + Q11_GAP_MS;
    }
    const s = sessions.get(bidder);
    if (s === undefined) sessions.set(bidder, { start: t, last: t, count: 1 });
    else if (t > s.last + Q11_GAP_MS) {
      report(bidder, s);
      s.start = t;
      s.last = t;
      s.count = 1;
    } else {
      s.last = t;
      s.count++;
    }
  }
  for (const [id, s] of sessions) report(id, s);
}
