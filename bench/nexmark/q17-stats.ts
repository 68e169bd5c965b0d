/**
 * The per-group statistics of q17 (counts by price rank, min, max, truncated average, sum), shared
 * by the Weir job's aggregate function and the baseline. Imports nothing from `weir`.
 */
import type { Q17Row } from "./rows.js";

/** Running statistics of a group of bids (mutable, owned by the window's state). */
export interface PriceStats {
  total: number;
  rank1: number;
  rank2: number;
  rank3: number;
  min: number;
  max: number;
  sum: number;
}

export function emptyStats(): PriceStats {
  return {
    total: 0,
    rank1: 0,
    rank2: 0,
    rank3: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
    sum: 0,
  };
}

/** Adds one price to `stats` in place. */
export function addPrice(stats: PriceStats, price: number): PriceStats {
  stats.total++;
  if (price < 10_000) stats.rank1++;
  else if (price < 1_000_000) stats.rank2++;
  else stats.rank3++;
  if (price < stats.min) stats.min = price;
  if (price > stats.max) stats.max = price;
  stats.sum += price;
  return stats;
}

/** The output row of a group. */
export function statsRow(auction: number, day: string, s: PriceStats): Q17Row {
  return {
    auction,
    day,
    totalBids: s.total,
    rank1Bids: s.rank1,
    rank2Bids: s.rank2,
    rank3Bids: s.rank3,
    minPrice: s.min,
    maxPrice: s.max,
    avgPrice: Math.trunc(s.sum / s.total),
    sumPrice: s.sum,
  };
}
