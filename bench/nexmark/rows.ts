/**
 * Output rows of Nexmark q3, q4, q5, q7, q8, q11 and q17 (the columns of the nexmark project's
 * result tables) and their record hashes for the order-independent digest (see digest.ts). Shared
 * by the Weir jobs and the hand-written baselines, so this module imports nothing from `weir`.
 * Prices are integer cents; times are epoch milliseconds.
 */
import { mix, mixString } from "./digest.js";

/** q3: a seller in OR, ID or CA and one of their auctions in category 10. */
export interface Q3Row {
  readonly name: string;
  readonly city: string;
  readonly state: string;
  readonly id: number;
}

/**
 * q4: the running average winning price of a category, one row per closed auction with a winning
 * bid (Flink's streaming q4 is an updating result keyed by category; the last row per category is
 * the final average). `final` is the truncated average, as Flink's AVG over BIGINT.
 */
export interface Q4Row {
  readonly category: number;
  readonly final: number;
}

/** q5: an auction with the most bids in a sliding window, with its bid count. */
export interface Q5Row {
  readonly auction: number;
  readonly num: number;
}

/** q7: a bid with the highest price of its tumbling window. */
export interface Q7Row {
  readonly auction: number;
  readonly bidder: number;
  readonly price: number;
  readonly dateTime: number;
  readonly extra: string;
}

/** q8: a person who registered and opened an auction in the same tumbling window. */
export interface Q8Row {
  readonly id: number;
  readonly name: string;
  /** Start of the window. */
  readonly stime: number;
}

/** q11: the number of bids of a bidder's session. */
export interface Q11Row {
  readonly bidder: number;
  readonly bidCount: number;
  readonly starttime: number;
  readonly endtime: number;
}

/** q17: the statistics of the bids of one auction on one (UTC) day. */
export interface Q17Row {
  readonly auction: number;
  /** `yyyy-MM-dd`. */
  readonly day: string;
  readonly totalBids: number;
  readonly rank1Bids: number;
  readonly rank2Bids: number;
  readonly rank3Bids: number;
  readonly minPrice: number;
  readonly maxPrice: number;
  /** Truncated average, as Flink's AVG over BIGINT. */
  readonly avgPrice: number;
  readonly sumPrice: number;
}

export function hashQ3(row: Q3Row): number {
  let h = mix(53, row.id);
  h = mixString(h, row.name);
  h = mixString(h, row.city);
  return mixString(h, row.state);
}

export function hashQ4(row: Q4Row): number {
  return mix(mix(59, row.category), row.final);
}

export function hashQ5(row: Q5Row): number {
  return mix(mix(61, row.auction), row.num);
}

export function hashQ7(row: Q7Row): number {
  let h = mix(67, row.auction);
  h = mix(h, row.bidder);
  h = mix(h, row.price);
  h = mix(h, row.dateTime);
  return mixString(h, row.extra);
}

export function hashQ8(row: Q8Row): number {
  return mixString(mix(mix(71, row.id), row.stime), row.name);
}

export function hashQ11(row: Q11Row): number {
  let h = mix(73, row.bidder);
  h = mix(h, row.bidCount);
  h = mix(h, row.starttime);
  return mix(h, row.endtime);
}

export function hashQ17(row: Q17Row): number {
  let h = mix(79, row.auction);
  h = mixString(h, row.day);
  h = mix(h, row.totalBids);
  h = mix(h, row.rank1Bids);
  h = mix(h, row.rank2Bids);
  h = mix(h, row.rank3Bids);
  h = mix(h, row.minPrice);
  h = mix(h, row.maxPrice);
  h = mix(h, row.avgPrice);
  return mix(h, row.sumPrice);
}

/** Window sizes of the queries, in ms of event time (Nexmark's scaled-down periods). */
export const Q5_SIZE_MS = 10_000;
export const Q5_SLIDE_MS = 2_000;
export const Q7_WINDOW_MS = 10_000;
export const Q8_WINDOW_MS = 10_000;
export const Q11_GAP_MS = 10_000;
export const DAY_MS = 86_400_000;

/** Start of the window of size `size` (aligned to the epoch) holding `timestamp`. */
export function windowStart(timestamp: number, size: number): number {
  return timestamp - (((timestamp % size) + size) % size);
}

/** `yyyy-MM-dd` of an epoch-ms time, in UTC (Flink's default session time zone). */
export function utcDay(timestamp: number): string {
  return new Date(timestamp).toISOString().slice(0, 10);
}

/** q3's state filter. */
export function isLocalState(state: string): boolean {
  return state === "OR" || state === "ID" || state === "CA";
}
