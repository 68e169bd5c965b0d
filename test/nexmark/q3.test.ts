import { describe, expect, it } from "vitest";
import { q3Rows } from "../../bench/nexmark/baselines/q3.js";
import { buildQ3 } from "../../bench/nexmark/q3.js";
import { allEvents, baselineRows, RUNS, runQuery, sorted } from "./query-harness.js";

describe("Nexmark q3 (local item suggestion)", () => {
  it("joins local sellers with their category-10 auctions, like the baseline and a plain join", async () => {
    const events = allEvents();
    const people = events.flatMap((e) => (e.type === "person" ? [e.person] : []));
    const expected = events.flatMap((e) => {
      if (e.type !== "auction" || e.auction.category !== 10) return [];
      const p = people.find((x) => x.id === e.auction.seller);
      if (p === undefined || !["OR", "ID", "CA"].includes(p.state)) return [];
      return [{ name: p.name, city: p.city, state: p.state, id: e.auction.id }];
    });
    expect(expected.length).toBeGreaterThan(20);
    expect(sorted(baselineRows(q3Rows))).toEqual(sorted(expected));
    for (const [p, mode] of RUNS) {
      expect(sorted(await runQuery(buildQ3, p, mode)), `p=${p} ${mode}`).toEqual(sorted(expected));
    }
  });
});
