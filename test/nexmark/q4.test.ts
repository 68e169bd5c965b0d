import { describe, expect, it } from "vitest";
import { q4Rows } from "../../bench/nexmark/baselines/q4.js";
import { buildQ4 } from "../../bench/nexmark/q4.js";
import type { Q4Row } from "../../bench/nexmark/rows.js";
import { allEvents, baselineRows, RUNS, runQuery } from "./query-harness.js";

/** The rows of each category, in output order. */
function byCategory(rows: readonly Q4Row[]): Record<number, number[]> {
  const result: Record<number, number[]> = {};
  for (const row of rows) {
    const list = result[row.category] ?? [];
    list.push(row.final);
    result[row.category] = list;
  }
  return result;
}

describe("Nexmark q4 (average closing price per category)", () => {
  it("averages the winning bids per category, in closing order, like the baseline and a brute force", async () => {
    const events = allEvents();
    const auctions = events.flatMap((e) => (e.type === "auction" ? [e.auction] : []));
    const bids = events.flatMap((e) => (e.type === "bid" ? [e.bid] : []));
    // Brute force: every auction against every bid.
    const winners = auctions
      .map((a) => {
        let final = -1;
        for (const b of bids) {
          if (b.auction === a.id && b.dateTime >= a.dateTime && b.dateTime <= a.expires && b.price > final)
            final = b.price;
        }
        return { a, final };
      })
      .filter((w) => w.final >= 0)
      .sort((x, y) => x.a.expires - y.a.expires || x.a.id - y.a.id);
    const expected: Record<number, number[]> = {};
    const totals = new Map<number, [number, number]>();
    for (const { a, final } of winners) {
      const [sum, count] = totals.get(a.category) ?? [0, 0];
      totals.set(a.category, [sum + final, count + 1]);
      expected[a.category] = [...(expected[a.category] ?? []), Math.trunc((sum + final) / (count + 1))];
    }
    expect(winners.length).toBeGreaterThan(100);
    expect(Object.keys(expected)).toHaveLength(5);

    expect(byCategory(baselineRows(q4Rows))).toEqual(expected);
    for (const [p, mode] of RUNS) {
      expect(byCategory(await runQuery(buildQ4, p, mode)), `p=${p} ${mode}`).toEqual(expected);
    }
  });
});
