/**
 * The collect protocol on a real MiniCluster with parallel collect sinks (p=2, each chained after
 * its own source subtask): each subtask gets its own credits, a paused reader stops both sources,
 * the coordinator stays within credits × batch size × subtasks, values keep their order per
 * subtask, and cancelling releases sinks that wait for credits. Bounds in values, never in time.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CollectSinkOperator } from "../../../operators/collect-sink.js";
import { MiniCluster } from "../../minicluster/mini-cluster.js";
import { TestJobBuilder } from "../../testing/test-job-builder.js";
import { FnSource } from "../../testing/test-operators.js";
import { turnUntil } from "../../testing/wait.js";
import { CollectCoordinator } from "./collect-coordinator.js";

const BATCH = 16;
const CREDITS = 2;
const PER_CALL = 50;
/** Subtask `s` emits `s * STRIDE + n`, n = 0, 1, … */
const STRIDE = 1_000_000_000;

let coordinators: CollectCoordinator[] = [];
const clusters: MiniCluster[] = [];

beforeEach(() => {
  coordinators = [];
  const start = CollectCoordinator.prototype.start;
  vi.spyOn(CollectCoordinator.prototype, "start").mockImplementation(function (this: CollectCoordinator) {
    coordinators.push(this);
    return start.call(this);
  });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(clusters.splice(0).map((c) => c.close()));
});

/** A p=2 source (endless, or `count` values per subtask) chained into a p=2 collect sink. */
function job(emitted: number[], mode: "STREAMING" | "BATCH", count = Number.POSITIVE_INFINITY) {
  const b = new TestJobBuilder("collect p=2").withSettings({ runtimeMode: mode, bufferTimeoutMs: -1 });
  const v = b.vertex({ parallelism: 2 });
  const source = b.operator(
    v,
    "Source",
    () =>
      new FnSource<number>((p) => {
        for (let i = 0; i < PER_CALL && emitted[p.subtask]! < count; i++) {
          p.emit(p.subtask * STRIDE + emitted[p.subtask]!++);
        }
        return emitted[p.subtask]! < count ? "MORE_AVAILABLE" : "END_OF_INPUT";
      }),
    { boundedness: count === Number.POSITIVE_INFINITY ? "CONTINUOUS_UNBOUNDED" : "BOUNDED" },
  );
  const sink = b.operator(
    v,
    "Collect",
    () =>
      new CollectSinkOperator<number>({ batchSize: BATCH, maxUnackedBatches: CREDITS, flushIntervalMs: -1 }),
    { kind: "collectSink", inputs: [[{ from: source }]] },
  );
  return { pipeline: b.build(), sink };
}

async function startCluster(): Promise<MiniCluster> {
  const cluster = new MiniCluster({ config: { "taskmanager.numberOfTaskSlots": "2" } });
  clusters.push(cluster);
  await cluster.start();
  return cluster;
}

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

describe("collect flow control with parallel sinks", () => {
  it("gives each sink subtask its own credits and throttles both sources to a paused reader", async () => {
    const emitted = [0, 0];
    const { pipeline, sink } = job(emitted, "STREAMING");
    const cluster = await startCluster();
    const client = await cluster.submitJob(pipeline);
    const values = client.collect<number>(sink)[Symbol.asyncIterator]();
    const received: number[][] = [[], []];
    // Per subtask: the coordinator's credits, under a batch plus one source turn in the sink, and
    // the client's current poll (at most every subtask's credits).
    const inFlight = CREDITS * BATCH + (BATCH - 1) + 64 * PER_CALL + 2 * CREDITS * BATCH;

    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 2000; i++) {
        const v = (await values.next()).value as number;
        received[Math.floor(v / STRIDE)]!.push(v % STRIDE);
      }
      await untilStalled(() => emitted[0]! + emitted[1]!);
      const coordinator = coordinators[0]!;
      expect(coordinator.bufferedValues()).toBeLessThanOrEqual(2 * CREDITS * BATCH);
      for (let s = 0; s < 2; s++) expect(emitted[s]! - received[s]!.length).toBeLessThanOrEqual(inFlight);
    }
    expect(coordinators).toHaveLength(1);
    expect(coordinators[0]!.peakBufferedValues()).toBeLessThanOrEqual(2 * CREDITS * BATCH);
    // Both subtasks delivered (each has its own credits), each in its own order.
    for (let s = 0; s < 2; s++) {
      expect(received[s]!.length).toBeGreaterThan(0);
      expect(received[s]).toEqual(Array.from({ length: received[s]!.length }, (_, i) => i));
    }

    // Both sinks wait for credits; cancelling still ends the job and the stream.
    await client.cancel();
    const result = await client.getJobResult();
    expect(result.status).toBe("CANCELED");
    let rest = 0;
    for (let r = await values.next(); !r.done; r = await values.next()) rest++;
    expect(rest).toBeLessThanOrEqual(2 * CREDITS * BATCH * 2);
  });

  it("BATCH: a slow reader throttles the job; every value arrives once, in order per subtask", async () => {
    const emitted = [0, 0];
    const count = 20_000;
    const { pipeline, sink } = job(emitted, "BATCH", count);
    const cluster = await startCluster();
    const client = await cluster.submitJob(pipeline);
    const received: number[][] = [[], []];
    let n = 0;
    for await (const v of client.collect<number>(sink)) {
      received[Math.floor(v / STRIDE)]!.push(v % STRIDE);
      if (++n === 1000) {
        await untilStalled(() => emitted[0]! + emitted[1]!);
        expect(emitted[0]! + emitted[1]!).toBeLessThan(2 * count);
      }
    }
    expect((await client.getJobResult()).status).toBe("FINISHED");
    for (let s = 0; s < 2; s++) expect(received[s]).toEqual(Array.from({ length: count }, (_, i) => i));
    expect(coordinators[0]!.peakBufferedValues()).toBeLessThanOrEqual(2 * CREDITS * BATCH);
  });

  it("cancels a job whose sinks wait for credits inside finish", async () => {
    const emitted = [0, 0];
    // 300 values per subtask fit one source turn: the input ends while most values are unsent.
    const { pipeline, sink } = job(emitted, "BATCH", 300);
    const cluster = await startCluster();
    const client = await cluster.submitJob(pipeline);
    await turnUntil(() => coordinators[0]?.bufferedValues() === 2 * CREDITS * BATCH);
    await untilStalled(() => coordinators[0]!.bufferedValues());
    expect(emitted).toEqual([300, 300]);
    expect(await client.getJobStatus()).toBe("RUNNING");

    await client.cancel();
    expect((await client.getJobResult()).status).toBe("CANCELED");
    const rest: number[] = [];
    for await (const v of client.collect<number>(sink)) rest.push(v);
    expect(rest).toHaveLength(2 * CREDITS * BATCH);
  });
});
