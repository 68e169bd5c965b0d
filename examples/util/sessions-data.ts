/**
 * Clicks of the sessions example, out of order by up to 5 s and never later (so STREAMING and
 * BATCH give the same sessions). `alice product 7500` arrives after `alice home 12000` and bridges
 * her sessions [1000, 8000) and [12000, 17000) into one.
 */
export interface Click {
  readonly user: string;
  readonly page: string;
  /** Event time, ms. */
  readonly ts: number;
}

export const CLICKS: readonly Click[] = [
  { user: "alice", page: "home", ts: 1000 },
  { user: "bob", page: "home", ts: 2000 },
  { user: "alice", page: "search", ts: 3000 },
  { user: "bob", page: "product", ts: 6500 },
  { user: "alice", page: "home", ts: 12_000 },
  { user: "alice", page: "product", ts: 7500 },
  { user: "carol", page: "home", ts: 8000 },
  { user: "bob", page: "home", ts: 20_000 },
  { user: "carol", page: "cart", ts: 16_000 },
  { user: "alice", page: "cart", ts: 18_000 },
  { user: "bob", page: "checkout", ts: 24_000 },
  { user: "dave", page: "home", ts: 30_000 },
  { user: "carol", page: "product", ts: 27_000 },
];
