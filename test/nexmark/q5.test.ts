import { describe, expect, it } from "vitest";
import { q5Rows } from "../../bench/nexmark/baselines/q5.js";
import { buildQ5 } from "../../bench/nexmark/q5.js";
import type { Q5Row } from "../../bench/nexmark/rows.js";
import { allEvents, baselineRows, RUNS, runQuery, sorted } from "./query-harness.js";

describe("Nexmark q5 (hot items)", () => {
  it("reports the auctions with the most bids per sliding window, like the baseline and a brute force", async () => {
    const bids = allEvents().flatMap((e) => (e.type === "bid" ? [e.bid] : []));
    const first = Math.floor(bids[0]!.dateTime / 2000) * 2000 - 8000;
    const last = bids[bids.length - 1]!.dateTime;
    const expected: Q5Row[] = [];
    for (let start = first; start <= last; start += 2000) {
      const counts = new Map<number, number>();
      for (const b of bids) {
        if (b.dateTime >= start && b.dateTime < start + 10_000)
          counts.set(b.auction, (counts.get(b.auction) ?? 0) + 1);
      }
      const max = Math.max(0, ...counts.values());
      for (const [auction, num] of counts) if (num === max) expected.push({ auction, num });
    }
    expect(expected.length).toBeGreaterThanOrEqual(14);

    expect(sorted(baselineRows(q5Rows))).toEqual(sorted(expected));
    for (const [p, mode] of RUNS) {
      expect(sorted(await runQuery(buildQ5, p, mode)), `p=${p} ${mode}`).toEqual(sorted(expected));
    }
  });
});
