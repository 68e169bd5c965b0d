import { describe, expect, it } from "vitest";
import { q17Rows } from "../../bench/nexmark/baselines/q17.js";
import { buildQ17 } from "../../bench/nexmark/q17.js";
import type { Q17Row } from "../../bench/nexmark/rows.js";
import { allEvents, baselineRows, RUNS, runQuery, sorted } from "./query-harness.js";

describe("Nexmark q17 (auction statistics per day)", () => {
  it("reports per auction and UTC day the bid statistics, like the baseline and a brute force", async () => {
    const bids = allEvents().flatMap((e) => (e.type === "bid" ? [e.bid] : []));
    const groups = new Map<string, number[]>();
    for (const b of bids) {
      const key = `${b.auction}|${new Date(b.dateTime).toISOString().slice(0, 10)}`;
      groups.set(key, [...(groups.get(key) ?? []), b.price]);
    }
    const expected: Q17Row[] = [...groups].map(([key, prices]) => {
      const [auction, day] = key.split("|") as [string, string];
      const sum = prices.reduce((a, b) => a + b, 0);
      return {
        auction: Number(auction),
        day,
        totalBids: prices.length,
        rank1Bids: prices.filter((p) => p < 10_000).length,
        rank2Bids: prices.filter((p) => p >= 10_000 && p < 1_000_000).length,
        rank3Bids: prices.filter((p) => p >= 1_000_000).length,
        minPrice: Math.min(...prices),
        maxPrice: Math.max(...prices),
        avgPrice: Math.trunc(sum / prices.length),
        sumPrice: sum,
      };
    });
    expect(new Set(expected.map((r) => r.day))).toEqual(new Set(["2023-12-31", "2024-01-01"]));

    expect(sorted(baselineRows(q17Rows))).toEqual(sorted(expected));
    for (const [p, mode] of RUNS) {
      expect(sorted(await runQuery(buildQ17, p, mode)), `p=${p} ${mode}`).toEqual(sorted(expected));
    }
  });
});
