import { describe, expect, it } from "vitest";
import { q8Rows } from "../../bench/nexmark/baselines/q8.js";
import { buildQ8 } from "../../bench/nexmark/q8.js";
import { allEvents, baselineRows, RUNS, runQuery, sorted } from "./query-harness.js";

describe("Nexmark q8 (new users)", () => {
  it("reports people who sold in the window they registered in, like the baseline and a brute force", async () => {
    const events = allEvents();
    const window = (t: number) => Math.floor(t / 10_000) * 10_000;
    const auctions = events.flatMap((e) => (e.type === "auction" ? [e.auction] : []));
    const expected = events.flatMap((e) => {
      if (e.type !== "person") return [];
      const p = e.person;
      const sold = auctions.some((a) => a.seller === p.id && window(a.dateTime) === window(p.dateTime));
      return sold ? [{ id: p.id, name: p.name, stime: window(p.dateTime) }] : [];
    });
    expect(expected.length).toBeGreaterThan(3);

    expect(sorted(baselineRows(q8Rows))).toEqual(sorted(expected));
    for (const [p, mode] of RUNS) {
      expect(sorted(await runQuery(buildQ8, p, mode)), `p=${p} ${mode}`).toEqual(sorted(expected));
    }
  });
});
