import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/clock.js";
import { JobExecutionError } from "../../core/errors.js";
import { MAX_WATERMARK } from "../../operators/contract.js";
import { TestJobBuilder } from "../testing/test-job-builder.js";
import {
  CallbackSink,
  FnSource,
  listSource,
  MapOp,
  TestCollectSink,
  TwoInputOp,
} from "../testing/test-operators.js";
import { activeMessagePorts, turnUntil } from "../testing/wait.js";
import { MiniCluster } from "./mini-cluster.js";

const clusters: MiniCluster[] = [];
async function startCluster(options: { config?: Record<string, string>; clock?: ManualClock } = {}) {
  const cluster = new MiniCluster({
    config: { "taskmanager.numberOfTaskSlots": "4", ...options.config },
    ...(options.clock ? { clock: options.clock } : {}),
  });
  clusters.push(cluster);
  await cluster.start();
  return cluster;
}

afterEach(async () => {
  await Promise.all(clusters.splice(0).map((c) => c.close()));
});

/** A source that emits 0, 1, 2, … forever (`perCall` per call). */
function endlessSource(onEmit?: (n: number) => void, perCall = 8) {
  return () => {
    let n = 0;
    return new FnSource<number>((p) => {
      for (let i = 0; i < perCall; i++) {
        onEmit?.(n);
        p.emit(n++);
      }
      return "MORE_AVAILABLE";
    });
  };
}

describe("job lifecycle", () => {
  it("cancels a running job: all tasks CANCELED, operators closed, channels released", async () => {
    const portsBefore = activeMessagePorts();
    let received = 0;
    let closed = 0;
    const b = new TestJobBuilder();
    const v1 = b.vertex({ parallelism: 2 });
    const src = b.operator(v1, "Source", endlessSource());
    const v2 = b.vertex({ parallelism: 2 });
    b.operator(
      v2,
      "Sink",
      () => new CallbackSink<number>({ onRecord: () => void received++, onClose: () => void closed++ }),
      { inputs: [[{ from: src, partitioner: "rebalance" }]] },
    );
    const cluster = await startCluster();
    const client = await cluster.submitJob(b.build());
    await turnUntil(() => received > 1000);
    expect(await client.getJobStatus()).toBe("RUNNING");
    await client.cancel();
    const result = await client.getJobResult();
    expect(result.status).toBe("CANCELED");
    await expect(client.getJobExecutionResult()).rejects.toThrow(/was cancelled/);
    const details = await client.getJobDetails();
    expect(details.vertices.flatMap((v) => v.subtasks)).toEqual([
      "CANCELED",
      "CANCELED",
      "CANCELED",
      "CANCELED",
    ]);
    expect(closed).toBe(2);
    await turnUntil(() => activeMessagePorts() <= portsBefore);
  });

  it("fails on a rejected async open, cancels the other tasks and releases everything", async () => {
    const portsBefore = activeMessagePorts();
    let sourceClosed = 0;
    const b = new TestJobBuilder("open fails");
    const v1 = b.vertex({ parallelism: 2 });
    const src = b.operator(v1, "Source", () => {
      const op = endlessSource()();
      op.close = () => void sourceClosed++;
      return op;
    });
    const v2 = b.vertex({ parallelism: 1 });
    b.operator(
      v2,
      "Sink: broken",
      () =>
        new CallbackSink<number>({
          onOpen: async () => {
            await new Promise<void>((r) => setImmediate(r));
            throw new TypeError("cannot connect to sink");
          },
        }),
      { inputs: [[{ from: src, partitioner: "rebalance" }]] },
    );
    const cluster = await startCluster();
    const client = await cluster.submitJob(b.build());
    const error = (await client.getJobExecutionResult().catch((e: unknown) => e)) as JobExecutionError;
    expect(error).toBeInstanceOf(JobExecutionError);
    expect(error.message).toContain("TypeError: cannot connect to sink");
    expect(error.taskName).toBe("Sink: broken (1/1)");
    const states = (await client.getJobDetails()).vertices.map((v) => v.subtasks);
    expect(states).toEqual([["CANCELED", "CANCELED"], ["FAILED"]]);
    expect(sourceClosed).toBe(2);
    await turnUntil(() => activeMessagePorts() <= portsBefore);
  });

  it("fails when an operator's backpressure promise rejects", async () => {
    const b = new TestJobBuilder();
    const v = b.vertex({ parallelism: 1 });
    const src = b.operator(v, "Source", endlessSource());
    let n = 0;
    b.operator(
      v,
      "Sink",
      () =>
        new CallbackSink<number>({
          onRecord: () => void n++,
          backpressure: () => (n > 100 ? Promise.reject(new Error("disk full")) : undefined),
        }),
      { inputs: [[{ from: src }]] },
    );
    const cluster = await startCluster();
    const client = await cluster.submitJob(b.build());
    await expect(client.getJobExecutionResult()).rejects.toThrow(/disk full/);
  });

  it("closing the cluster cancels running jobs", async () => {
    const b = new TestJobBuilder();
    const v = b.vertex({ parallelism: 2 });
    const src = b.operator(v, "Source", endlessSource());
    b.operator(v, "Sink", () => new CallbackSink(), { inputs: [[{ from: src }]] });
    const cluster = await startCluster();
    const client = await cluster.submitJob(b.build());
    const result = client.getJobResult();
    await cluster.close();
    expect((await result).status).toBe("CANCELED");
  });
});

describe("flow control", () => {
  it("a slow sink keeps the source from racing ahead (bounded in-flight records)", async () => {
    let emitted = 0;
    let consumed = 0;
    let maxInFlight = 0;
    let pending: Promise<void> | undefined;
    let dirty = false;
    const total = 20_000;
    const b = new TestJobBuilder();
    const v1 = b.vertex({ parallelism: 1 });
    const src = b.operator(v1, "Source", () => {
      let n = 0;
      return new FnSource<number>((p) => {
        for (let i = 0; i < 4 && n < total; i++, n++) {
          emitted++;
          p.emit(n);
        }
        return n < total ? "MORE_AVAILABLE" : "END_OF_INPUT";
      });
    });
    const v2 = b.vertex({ parallelism: 1 });
    b.operator(
      v2,
      "Sink: slow",
      () =>
        new CallbackSink<number>({
          onRecord: () => {
            consumed++;
            dirty = true;
            maxInFlight = Math.max(maxInFlight, emitted - consumed);
          },
          // After each batch the sink is busy for a few event-loop turns (slow I/O).
          backpressure: () => {
            if (pending || !dirty) return pending;
            dirty = false;
            pending = new Promise<void>((resolve) => {
              let turns = 0;
              const tick = () => (++turns >= 5 ? resolve() : setImmediate(tick));
              setImmediate(tick);
            }).then(() => {
              pending = undefined;
            });
            return pending;
          },
        }),
      { inputs: [[{ from: src, partitioner: "rebalance" }]] },
    );
    // 256-byte buffers hold ~40 small records; 2 credits + 2 queued buffers per channel.
    const cluster = await startCluster({
      config: {
        "taskmanager.memory.segment-size": "256",
        "taskmanager.network.memory.buffers-per-channel": "2",
        "taskmanager.network.memory.max-buffers-per-channel": "2",
      },
    });
    const client = await cluster.submitJob(b.build());
    await client.getJobExecutionResult();
    expect(consumed).toBe(total);
    // (2 in flight + 2 queued + 1 being filled) buffers × ~50 records, plus one source turn of 64 × 4.
    expect(maxInFlight).toBeLessThan(600);
  });

  it("flushes partial buffers on the buffer timeout of the injected clock", async () => {
    const clock = new ManualClock(0);
    const received: number[] = [];
    const b = new TestJobBuilder().withSettings({ bufferTimeoutMs: 100 });
    const v1 = b.vertex({ parallelism: 1 });
    let sent = false;
    const src = b.operator(v1, "Source", () => {
      return new FnSource<number>(
        (p) => {
          if (!sent) {
            sent = true;
            p.emit(1);
            p.emit(2);
            p.emit(3);
          }
          return "NOTHING_AVAILABLE";
        },
        () => new Promise<void>(() => {}),
      );
    });
    const v2 = b.vertex({ parallelism: 1 });
    b.operator(v2, "Sink", () => new CallbackSink<number>({ onRecord: (x) => received.push(x) }), {
      inputs: [[{ from: src, partitioner: "rebalance" }]],
    });
    const cluster = await startCluster({ clock });
    const client = await cluster.submitJob(b.build());
    await turnUntil(() => sent);
    for (let i = 0; i < 50; i++) await new Promise<void>((r) => setImmediate(r));
    expect(received).toEqual([]);
    clock.advance(100);
    await turnUntil(() => received.length === 3);
    expect(received).toEqual([1, 2, 3]);
    await client.cancel();
    expect((await client.getJobResult()).status).toBe("CANCELED");
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe("watermarks", () => {
  it("a two-input operator sees the minimum of its inputs, only advancing", async () => {
    let releaseA!: () => void;
    const aHeld = new Promise<void>((r) => {
      releaseA = r;
    });
    let aState: "start" | "held" | "released" = "start";
    const seen: number[] = [];
    let maxSeenWhileHeld = Number.NEGATIVE_INFINITY;
    const b = new TestJobBuilder();
    const va = b.vertex({ parallelism: 1 });
    const srcA = b.operator(va, "Source: a", () => {
      return new FnSource<number>(
        (p) => {
          if (aState === "start") {
            p.emit(1, 90);
            p.emitWatermark(100);
            aState = "held";
            return "NOTHING_AVAILABLE";
          }
          if (aState === "held") return "NOTHING_AVAILABLE";
          p.emit(2, 290);
          p.emitWatermark(300);
          return "END_OF_INPUT";
        },
        () =>
          aHeld.then(() => {
            aState = "released";
          }),
      );
    });
    const vb = b.vertex({ parallelism: 2 });
    const srcB = b.operator(vb, "Source: b", () => {
      let step = 0;
      return new FnSource<number>((p) => {
        step++;
        if (step === 1) {
          p.emit(10, 40);
          p.emitWatermark(50 + p.subtask);
          return "MORE_AVAILABLE";
        }
        p.emitWatermark(200);
        return "END_OF_INPUT";
      });
    });
    const vj = b.vertex({ parallelism: 1 });
    const co = b.operator(
      vj,
      "CoMap",
      () =>
        new TwoInputOp<number, number, number>(
          (x) => x,
          (x) => x,
          (w) => {
            seen.push(w);
            if (aState !== "released") maxSeenWhileHeld = Math.max(maxSeenWhileHeld, w);
          },
        ),
      { inputs: [[{ from: srcA, partitioner: "rebalance" }], [{ from: srcB, partitioner: "rebalance" }]] },
    );
    const sinkWatermarks: number[] = [];
    b.operator(vj, "Sink", () => new CallbackSink<number>({ onWatermark: (w) => sinkWatermarks.push(w) }), {
      inputs: [[{ from: co }]],
    });
    const cluster = await startCluster();
    const client = await cluster.submitJob(b.build());
    // B ends (MAX watermark, then end of partition); A holds the combined watermark at 100.
    await turnUntil(() => seen.includes(100));
    for (let i = 0; i < 50; i++) await new Promise<void>((r) => setImmediate(r));
    expect(maxSeenWhileHeld).toBe(100);
    releaseA();
    await client.getJobExecutionResult();
    expect(seen.at(-1)).toBe(MAX_WATERMARK);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThan(seen[i - 1]!);
    expect(seen.every((w) => [50, 51, 100, 300, MAX_WATERMARK].includes(w))).toBe(true);
    expect(sinkWatermarks).toEqual(seen);
  });
});

it("collect ends quietly for a cancelled job and throws for a failed one", async () => {
  const b = new TestJobBuilder();
  const v = b.vertex({ parallelism: 1 });
  const src = b.operator(v, "Source", listSource([1, 2, 3]));
  const map = b.operator(
    v,
    "Map",
    () =>
      new MapOp<number, number>((x) => {
        if (x === 3) throw new RangeError("three");
        return x;
      }),
    { inputs: [[{ from: src }]] },
  );
  const sink = b.operator(v, "Sink", () => new TestCollectSink(1), {
    kind: "collectSink",
    inputs: [[{ from: map }]],
  });
  const cluster = await startCluster();
  const client = await cluster.submitJob(b.build());
  const got: number[] = [];
  const error = await (async () => {
    for await (const x of client.collect<number>(sink)) got.push(x);
  })().catch((e: unknown) => e);
  expect(got).toEqual([1, 2]);
  expect(error).toBeInstanceOf(JobExecutionError);
  expect((error as Error).message).toContain("RangeError: three");
});
