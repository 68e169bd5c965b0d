/**
 * `executeAndCollect` / `executeAndCollectStream` end to end on the inline MiniCluster: the collect
 * path is bounded and backpressures the job. A reader that pauses stops the source within a
 * computed number of values, the JobManager's collect coordinator never holds more than its
 * credits, and leaving early (`limit`, `break`) cancels the job even while the sink waits for
 * credits. No wall time: "the source stopped" means its counter did not move for many event-loop
 * turns, and every wait is a bounded number of turns.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DataGeneratorSource } from "../connectors/index.js";
import {
  DEFAULT_COLLECT_BATCH_SIZE as B,
  DEFAULT_COLLECT_MAX_UNACKED_BATCHES as K,
} from "../operators/coordination.js";
import { WatermarkStrategy } from "../operators/watermark-strategy.js";
// Test-only reach into the runtime (the layering rule exempts tests): the coordinator's gauges.
import { CollectCoordinator } from "../runtime/jobmaster/coordinators/collect-coordinator.js";
import { turnUntil } from "../runtime/testing/wait.js";
import { StreamExecutionEnvironment } from "./environment.js";
import "../index.js";

/** Records one DataGeneratorSource reader emits per source turn at most (64 calls × 512). */
const SOURCE_TURN = 64 * 512;
/** Emitted but not yet read, at most: one poll in the client, the coordinator, the sink's buffer. */
const IN_FLIGHT_BOUND = K * B + K * B + (B - 1) + SOURCE_TURN;

let coordinators: CollectCoordinator[] = [];
let closed: CollectCoordinator[] = [];

beforeEach(() => {
  coordinators = [];
  closed = [];
  const start = CollectCoordinator.prototype.start;
  const close = CollectCoordinator.prototype.close;
  vi.spyOn(CollectCoordinator.prototype, "start").mockImplementation(function (this: CollectCoordinator) {
    coordinators.push(this);
    return start.call(this);
  });
  vi.spyOn(CollectCoordinator.prototype, "close").mockImplementation(function (this: CollectCoordinator) {
    closed.push(this);
    return close.call(this);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Waits until `count()` stayed the same for 100 event-loop turns (the producer is blocked). */
async function untilStalled(count: () => number): Promise<void> {
  let last = count();
  let still = 0;
  await turnUntil(() => {
    const now = count();
    still = now === last ? still + 1 : 0;
    last = now;
    return still >= 100;
  });
}

function env(config: Record<string, string> = {}) {
  return StreamExecutionEnvironment.getExecutionEnvironment({ "parallelism.default": "1", ...config });
}

function endless(counter: { emitted: number }, config: Record<string, string> = {}) {
  return env(config)
    .fromSource(
      new DataGeneratorSource((i) => i, Number.POSITIVE_INFINITY),
      WatermarkStrategy.noWatermarks(),
      "gen",
    )
    .map((v) => {
      counter.emitted++;
      return v;
    });
}

describe("executeAndCollect flow control", () => {
  it("throttles an unbounded source to a paused reader (STREAMING), then cancels on break", async () => {
    const counter = { emitted: 0 };
    const values = endless(counter).executeAndCollectStream("slow reader")[Symbol.asyncIterator]();
    let consumed = 0;
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 5000; i++) {
        const next = await values.next();
        expect(next.value).toBe(consumed);
        consumed++;
      }
      // The reader pauses: the sink runs out of credits and the source stops.
      await untilStalled(() => counter.emitted);
      expect(counter.emitted - consumed).toBeLessThanOrEqual(IN_FLIGHT_BOUND);
      expect(coordinators).toHaveLength(1);
      expect(coordinators[0]!.bufferedValues()).toBeLessThanOrEqual(K * B);
      // Not just empty: the sink filled its credits while the reader paused.
      expect(coordinators[0]!.bufferedValues()).toBeGreaterThan(0);
    }
    expect(coordinators[0]!.peakBufferedValues()).toBeLessThanOrEqual(K * B);

    // Leaving the loop while the sink waits for credits cancels the job promptly.
    expect(closed).toHaveLength(0);
    await values.return(undefined);
    await turnUntil(() => closed.length === 1);
  });

  it("limit on an unbounded source returns the first values and cancels the job", async () => {
    const counter = { emitted: 0 };
    const limit = 3 * K * B + 17;
    const out = await endless(counter).executeAndCollect({ jobName: "sample", limit });
    expect(out).toEqual(Array.from({ length: limit }, (_, i) => i));
    await turnUntil(() => closed.length === 1);
    expect(counter.emitted - limit).toBeLessThanOrEqual(IN_FLIGHT_BOUND);
  });

  it("throttles a bounded job in BATCH and still delivers every value once, in order", async () => {
    const counter = { emitted: 0 };
    const total = 200_000;
    const stream = env({ "execution.runtime-mode": "BATCH" })
      .fromSource(new DataGeneratorSource((i) => i, total), WatermarkStrategy.noWatermarks(), "gen")
      .map((v) => {
        counter.emitted++;
        return v;
      });
    const values = stream.executeAndCollectStream("batch reader")[Symbol.asyncIterator]();
    const out: number[] = [];
    for (let i = 0; i < 1000; i++) out.push((await values.next()).value as number);
    await untilStalled(() => counter.emitted);
    expect(counter.emitted).toBeLessThan(total);
    expect(counter.emitted - out.length).toBeLessThanOrEqual(IN_FLIGHT_BOUND);

    for (;;) {
      const next = await values.next();
      if (next.done) break;
      out.push(next.value);
    }
    expect(out).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(coordinators[0]!.peakBufferedValues()).toBeLessThanOrEqual(K * B);
    await turnUntil(() => closed.length === 1);
  });

  it("BATCH through a blocking exchange (p=2 into the collect sink): all values, bounded", async () => {
    const e = env({ "execution.runtime-mode": "BATCH" });
    e.setParallelism(2);
    const out = await e
      .fromSequence(1, 20_000)
      .map((n) => n * 2)
      .executeAndCollect();
    expect(out).toHaveLength(20_000);
    expect([...out].sort((a, b) => a - b)).toEqual(Array.from({ length: 20_000 }, (_, i) => 2 * (i + 1)));
    expect(coordinators[0]!.peakBufferedValues()).toBeLessThanOrEqual(K * B);
  });
});
