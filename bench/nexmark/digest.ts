/**
 * Order-independent digests of query outputs, so a benchmark can check that a parallel Weir run
 * and the single-threaded baseline produced the same multiset of records without storing them:
 * each record hashes to 32 bits and the digest is their sum mod 2^32, plus the record count.
 */
import type { Bid } from "./model.js";

/** Mixes a safe integer (or a float scaled to one) into a 32-bit hash. */
export function mix(h: number, value: number): number {
  const lo = value >>> 0;
  const hi = Math.floor(value / 4294967296) >>> 0;
  h = Math.imul(h ^ lo, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ hi, 0x85ebca6b);
  return (h ^ (h >>> 13)) >>> 0;
}

/** Hash of a string's length and first and last characters (the padding is long and random). */
export function mixString(h: number, s: string): number {
  const n = s.length;
  return mix(h, n === 0 ? 0 : n * 65536 * 65536 + s.charCodeAt(0) * 65536 + s.charCodeAt(n - 1));
}

/** Adds a record hash into a running digest. */
export function addDigest(digest: number, recordHash: number): number {
  return (digest + recordHash) >>> 0;
}

/** Hash of a full bid (q0). */
export function hashBid(bid: Bid): number {
  let h = mix(17, bid.auction);
  h = mix(h, bid.bidder);
  h = mix(h, bid.price);
  h = mix(h, bid.dateTime);
  h = mixString(h, bid.channel);
  h = mixString(h, bid.url);
  return mixString(h, bid.extra);
}

/** Hash of a q1 output row: price is a float (dollars to euros), compared to 1/1000 cent. */
export function hashQ1(row: {
  auction: number;
  bidder: number;
  price: number;
  dateTime: number;
  extra: string;
}): number {
  let h = mix(31, row.auction);
  h = mix(h, row.bidder);
  h = mix(h, Math.round(row.price * 1000));
  h = mix(h, row.dateTime);
  return mixString(h, row.extra);
}

/** Hash of a q2 output row. */
export function hashQ2(row: { auction: number; price: number }): number {
  return mix(mix(47, row.auction), row.price);
}
