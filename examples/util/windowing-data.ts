/**
 * Page views of the windowing example: out of order by up to 2 s, except two stragglers. With the
 * example's watermark (largest timestamp - 2000 - 1, after every event):
 * - `alice home 9000` arrives when the watermark is 9999: late for window [0, 10000), but within
 *   the 5 s allowed lateness of the tumbling windows, so that window fires again, updated;
 * - `alice cart 4000` arrives when the watermark is 18999: past [0, 10000)'s cleanup (14999), so it
 *   goes to the late-data side output (and the sliding windows, without lateness, drop it).
 */
export interface PageView {
  readonly user: string;
  readonly page: string;
  /** Event time, ms. */
  readonly ts: number;
}

export const PAGE_VIEWS: readonly PageView[] = [
  { user: "alice", page: "home", ts: 1000 },
  { user: "bob", page: "home", ts: 3000 },
  { user: "alice", page: "cart", ts: 7000 },
  { user: "bob", page: "cart", ts: 5000 },
  { user: "carol", page: "home", ts: 12_000 },
  { user: "alice", page: "home", ts: 9000 },
  { user: "bob", page: "home", ts: 16_000 },
  { user: "carol", page: "cart", ts: 14_500 },
  { user: "dave", page: "home", ts: 21_000 },
  { user: "alice", page: "cart", ts: 4000 },
  { user: "bob", page: "cart", ts: 19_500 },
  { user: "erin", page: "home", ts: 26_000 },
  { user: "carol", page: "home", ts: 23_000 },
];
