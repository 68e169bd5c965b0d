import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type DataStream, StreamExecutionEnvironment } from "weir";
import { runBaseline } from "../../bench/nexmark/baseline.js";
import { generatorConfig } from "../../bench/nexmark/config.js";
import { addDigest, hashBid, hashQ1, hashQ2 } from "../../bench/nexmark/digest.js";
import { NexmarkGenerator } from "../../bench/nexmark/generator.js";
import type { Bid, NexmarkEvent } from "../../bench/nexmark/model.js";
import { nexmarkEvents, q0, q1, q2 } from "../../bench/nexmark/queries.js";
import { CountingSink, type SinkReport } from "../../bench/nexmark/sink.js";

const NUM_EVENTS = 10_000;
const config = generatorConfig({ numEvents: NUM_EVENTS, seed: 3 });

/** The input, generated directly; the expectations below are computed from it by hand. */
function allBids(): Bid[] {
  const generator = new NexmarkGenerator(config);
  const result: Bid[] = [];
  for (let n = 0; n < NUM_EVENTS; n++) {
    const event = generator.event(n);
    if (event.type === "bid") result.push(event.bid);
  }
  return result;
}

async function collect<T>(
  query: (events: DataStream<NexmarkEvent>) => DataStream<T>,
  parallelism: number,
): Promise<T[]> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env.setParallelism(parallelism);
  return query(nexmarkEvents(env, config)).executeAndCollect();
}

const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();

describe("Nexmark queries", () => {
  it("q0 passes every bid through", async () => {
    const expected = allBids();
    expect(expected.length).toBe(9200);
    for (const p of [1, 2]) expect(sorted(await collect(q0, p))).toEqual(sorted(expected));
  });

  it("q1 converts every bid's price to euros", async () => {
    const expected = allBids().map((b) => ({
      auction: b.auction,
      bidder: b.bidder,
      price: b.price * 0.908,
      dateTime: b.dateTime,
      extra: b.extra,
    }));
    for (const p of [1, 2]) expect(sorted(await collect(q1, p))).toEqual(sorted(expected));
  });

  it("q2 keeps (auction, price) of the bids on auctions that are multiples of 123", async () => {
    const expected = allBids()
      .filter((b) => b.auction % 123 === 0)
      .map((b) => ({ auction: b.auction, price: b.price }));
    expect(expected.length).toBeGreaterThan(0);
    for (const p of [1, 2]) expect(sorted(await collect(q2, p))).toEqual(sorted(expected));
  });

  it("the counting sink and the hand-written baseline agree with the straightforward computation", async () => {
    const bids = allBids();
    const digest = (hashes: number[]) => hashes.reduce(addDigest, 0);
    const expected = {
      q0: { count: bids.length, digest: digest(bids.map(hashBid)) },
      q1: {
        count: bids.length,
        digest: digest(bids.map((b) => hashQ1({ ...b, price: b.price * 0.908 }))),
      },
      q2: {
        count: bids.filter((b) => b.auction % 123 === 0).length,
        digest: digest(bids.filter((b) => b.auction % 123 === 0).map(hashQ2)),
      },
    };
    for (const query of ["q0", "q1", "q2"] as const) {
      expect(runBaseline(query, new NexmarkGenerator(config), NUM_EVENTS)).toEqual(expected[query]);
    }

    const dir = mkdtempSync(join(tmpdir(), "nexmark-sink-"));
    try {
      const report = join(dir, "report.jsonl");
      const env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(2);
      q2(nexmarkEvents(env, config)).sinkTo(new CountingSink(hashQ2, report));
      await env.execute("q2 with counting sink");
      const lines = readFileSync(report, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as SinkReport);
      expect(lines.map((l) => l.subtask).sort()).toEqual([0, 1]);
      expect(lines.reduce((n, l) => n + l.count, 0)).toBe(expected.q2.count);
      expect(lines.reduce((d, l) => addDigest(d, l.digest), 0)).toBe(expected.q2.digest);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
