import { describe, expect, it } from "vitest";
import { q7Rows } from "../../bench/nexmark/baselines/q7.js";
import { buildQ7 } from "../../bench/nexmark/q7.js";
import type { Q7Row } from "../../bench/nexmark/rows.js";
import { allEvents, baselineRows, RUNS, runQuery, sorted } from "./query-harness.js";

describe("Nexmark q7 (highest bid)", () => {
  it("reports the highest bids of each tumbling window, like the baseline and a brute force", async () => {
    const bids = allEvents().flatMap((e) => (e.type === "bid" ? [e.bid] : []));
    const windows = new Map<number, Q7Row[]>();
    for (const b of bids) {
      const start = Math.floor(b.dateTime / 10_000) * 10_000;
      const rows = windows.get(start) ?? [];
      rows.push({
        auction: b.auction,
        bidder: b.bidder,
        price: b.price,
        dateTime: b.dateTime,
        extra: b.extra,
      });
      windows.set(start, rows);
    }
    const expected = [...windows.values()].flatMap((rows) => {
      const max = Math.max(...rows.map((r) => r.price));
      return rows.filter((r) => r.price === max);
    });
    expect(windows.size).toBe(3);

    expect(sorted(baselineRows(q7Rows))).toEqual(sorted(expected));
    for (const [p, mode] of RUNS) {
      expect(sorted(await runQuery(buildQ7, p, mode)), `p=${p} ${mode}`).toEqual(sorted(expected));
    }
  });
});
