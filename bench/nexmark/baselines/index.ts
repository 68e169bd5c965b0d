/**
 * The hand-written baselines of q3 and up, by query name: each a plain single-threaded loop over
 * the generator producing the query's rows, summed here into the same (count, digest) as the
 * Weir job's counting sink. `baseline.ts` dispatches to `runExtendedBaseline` for these queries.
 */
import { addDigest } from "../digest.js";
import type { NexmarkGenerator } from "../generator.js";
import { hashQ3, hashQ4, hashQ5, hashQ7, hashQ8, hashQ11, hashQ17 } from "../rows.js";
import { q3Rows } from "./q3.js";
import { q4Rows } from "./q4.js";
import { q5Rows } from "./q5.js";
import { q7Rows } from "./q7.js";
import { q8Rows } from "./q8.js";
import { q11Rows } from "./q11.js";
import { q17Rows } from "./q17.js";

type Rows<R> = (generator: NexmarkGenerator, numEvents: number, emit: (row: R) => void) => void;
type Runner = (generator: NexmarkGenerator, numEvents: number) => { count: number; digest: number };

/** A runner summing the rows of `rows` into (count, digest) with `hash`. */
function digestOf<R>(rows: Rows<R>, hash: (row: R) => number): Runner {
  return (generator, numEvents) => {
    let count = 0;
    let digest = 0;
    rows(generator, numEvents, (row) => {
      count++;
      digest = addDigest(digest, hash(row));
    });
    return { count, digest };
  };
}

const QUERIES: Record<string, Runner> = {
  q3: digestOf(q3Rows, hashQ3),
  q4: digestOf(q4Rows, hashQ4),
  q5: digestOf(q5Rows, hashQ5),
  q7: digestOf(q7Rows, hashQ7),
  q8: digestOf(q8Rows, hashQ8),
  q11: digestOf(q11Rows, hashQ11),
  q17: digestOf(q17Rows, hashQ17),
};

/** Queries with a baseline here. */
export const EXTENDED_QUERIES: readonly string[] = Object.keys(QUERIES);

/** Runs query `query` (q3 and up) over events [0, numEvents); undefined for an unknown query. */
export function runExtendedBaseline(
  query: string,
  generator: NexmarkGenerator,
  numEvents: number,
): { count: number; digest: number } | undefined {
  return QUERIES[query]?.(generator, numEvents);
}
