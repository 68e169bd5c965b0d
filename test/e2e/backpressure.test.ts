/**
 * Backpressure: a slow sink slows the source and the records in flight stay bounded (ARCHITECTURE
 * §5). Inline slot hosting lets the test observe both ends through shared counters; the bound is
 * in records, never in time.
 */
import { describe, expect, it } from "vitest";
import { type Sink, type SinkWriter, StreamExecutionEnvironment } from "weir";

const TOTAL = 1_000_000;

describe("backpressure", () => {
  it("keeps the source within a bounded distance of a slow sink", async () => {
    let emitted = 0;
    let received = 0;
    let maxLag = 0;

    class SlowWriter implements SinkWriter<number> {
      private sinceYield = 0;
      write(): void {
        received++;
        this.sinceYield++;
      }
      backpressure(): Promise<void> | undefined {
        if (this.sinceYield < 500) return undefined;
        this.sinceYield = 0;
        // Several event-loop turns per 500 records: much slower than the source can produce.
        return new Promise((resolve) => {
          let turns = 0;
          const spin = () => (++turns >= 20 ? resolve() : setImmediate(spin));
          setImmediate(spin);
        });
      }
      async flush(): Promise<void> {}
      async close(): Promise<void> {}
    }
    const slowSink: Sink<number> = { createWriter: () => new SlowWriter() };

    const env = StreamExecutionEnvironment.getExecutionEnvironment({ "minicluster.slot-hosting": "inline" });
    env.setParallelism(1);
    env
      .fromSequence(1, TOTAL)
      .map((n) => {
        emitted++;
        maxLag = Math.max(maxLag, emitted - received);
        return n;
      })
      .rebalance()
      .sinkTo(slowSink)
      .disableChaining();
    await env.execute("backpressure");

    expect(received).toBe(TOTAL);
    expect(emitted).toBe(TOTAL);
    // A few 32 KiB buffers of small numbers per channel are in flight at most (~3.6k records each),
    // plus one input batch: far below the million records an unbounded queue would hold.
    expect(maxLag).toBeLessThan(60_000);
    expect(maxLag).toBeGreaterThan(0);
  });
});
