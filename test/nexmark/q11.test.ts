import { describe, expect, it } from "vitest";
import { q11Rows } from "../../bench/nexmark/baselines/q11.js";
import { buildQ11 } from "../../bench/nexmark/q11.js";
import type { Q11Row } from "../../bench/nexmark/rows.js";
import { allEvents, baselineRows, config, RUNS, runQuery, sorted } from "./query-harness.js";

/** A slower rate (200 s of event time), so that bidders pause for more than the gap. */
const slow = { ...config, eventsPerSecond: 100 };

describe("Nexmark q11 (user sessions)", () => {
  it("counts the bids of each bidder's sessions, like the baseline and a brute force", async () => {
    const bids = allEvents(slow).flatMap((e) => (e.type === "bid" ? [e.bid] : []));
    // Brute force: each bidder's sorted times, cut where the gap exceeds 10 s.
    const times = new Map<number, number[]>();
    for (const b of bids) times.set(b.bidder, [...(times.get(b.bidder) ?? []), b.dateTime]);
    const expected: Q11Row[] = [];
    for (const [bidder, ts] of times) {
      ts.sort((a, b) => a - b);
      let start = 0;
      for (let i = 1; i <= ts.length; i++) {
        if (i === ts.length || ts[i]! > ts[i - 1]! + 10_000) {
          expected.push({ bidder, bidCount: i - start, starttime: ts[start]!, endtime: ts[i - 1]! + 10_000 });
          start = i;
        }
      }
    }
    expect(expected.length).toBeGreaterThan(times.size * 1.5);

    expect(sorted(baselineRows(q11Rows, slow))).toEqual(sorted(expected));
    for (const [p, mode] of RUNS) {
      expect(sorted(await runQuery(buildQ11, p, mode, slow)), `p=${p} ${mode}`).toEqual(sorted(expected));
    }
  });
});
