/**
 * The runtime's wiring of keyed state, timers and watermark status (operator-chain.ts with
 * OperatorStateServices) on the MiniCluster with a ManualClock: processing-time timers fire as
 * task mails when the injected clock advances, and an idle upstream subtask does not hold back
 * the watermark across a network exchange.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/clock.js";
import { AbstractStreamOperator } from "../../operators/abstract-operator.js";
import { type SourceStreamOperator, StreamRecord } from "../../operators/contract.js";
import { KeyedProcessOperator } from "../../operators/keyed-process.js";
import { MiniCluster } from "../minicluster/mini-cluster.js";
import { TestJobBuilder } from "../testing/test-job-builder.js";
import { CallbackSink } from "../testing/test-operators.js";
import { turnUntil } from "../testing/wait.js";

const clusters: MiniCluster[] = [];
afterEach(async () => {
  await Promise.all(clusters.splice(0).map((c) => c.close()));
});

async function startCluster(clock: ManualClock): Promise<MiniCluster> {
  const cluster = new MiniCluster({ config: { "taskmanager.numberOfTaskSlots": "4" }, clock });
  clusters.push(cluster);
  await cluster.start();
  return cluster;
}

/** Runs `once(subtask, output)` on its first call, then has nothing more (never ends). */
class OnceSource extends AbstractStreamOperator<string> implements SourceStreamOperator<string> {
  readonly inputArity = 0;
  private done = false;
  constructor(private readonly once: (subtask: number, src: OnceSource) => void) {
    super();
  }
  emit(value: string, timestamp: number): void {
    this.output.collect(new StreamRecord(value, timestamp));
  }
  get out() {
    return this.output;
  }
  emitNext(): "NOTHING_AVAILABLE" {
    if (!this.done) {
      this.done = true;
      this.once(this.context.runtimeContext.getIndexOfThisSubtask(), this);
    }
    return "NOTHING_AVAILABLE";
  }
  isAvailable(): Promise<void> {
    return new Promise<void>(() => {});
  }
}

function job(once: (subtask: number, src: OnceSource) => void, register: "event" | "processing") {
  const received: string[] = [];
  const b = new TestJobBuilder();
  const v1 = b.vertex({ parallelism: 2 });
  const src = b.operator(v1, "Source", () => new OnceSource(once));
  const v2 = b.vertex({ parallelism: 1 });
  const kp = b.operator(
    v2,
    "KeyedProcess",
    () =>
      new KeyedProcessOperator<string, string, string>(
        {
          processElement(_v, ctx) {
            const t = ctx.timerService();
            if (register === "event") t.registerEventTimeTimer(50);
            else t.registerProcessingTimeTimer(t.currentProcessingTime() + 50);
          },
          onTimer(ts, ctx, out) {
            out.collect(`${ctx.getCurrentKey()}@${ts}:${ctx.timeDomain()}`);
          },
        },
        (v) => v,
      ),
    { inputs: [[{ from: src, partitioner: "hash", keySelector: (v) => v }]] },
  );
  b.operator(v2, "Sink", () => new CallbackSink<string>({ onRecord: (x) => received.push(x) }), {
    inputs: [[{ from: kp }]],
  });
  return { pipeline: b.build(), received };
}

describe("keyed timers in the runtime", () => {
  it("processing-time timers fire when the injected clock advances", async () => {
    const clock = new ManualClock(1_000);
    const { pipeline, received } = job((subtask, s) => {
      if (subtask === 0) s.emit("a", 1);
    }, "processing");
    const cluster = await startCluster(clock);
    const client = await cluster.submitJob(pipeline);
    for (let i = 0; i < 50; i++) await new Promise<void>((r) => setImmediate(r));
    expect(received).toEqual([]);
    clock.advance(50);
    await turnUntil(() => received.length === 1);
    expect(received).toEqual(["a@1050:PROCESSING_TIME"]);
    await client.cancel();
  });

  it("an idle upstream subtask does not hold back the watermark across the exchange", async () => {
    const clock = new ManualClock(0);
    const { pipeline, received } = job((subtask, s) => {
      if (subtask === 0) {
        s.emit("a", 10);
        s.out.emitWatermark(100);
      } else {
        s.out.emitWatermarkStatus?.(true);
      }
    }, "event");
    const cluster = await startCluster(clock);
    const client = await cluster.submitJob(pipeline);
    await turnUntil(() => received.length === 1);
    expect(received).toEqual(["a@50:EVENT_TIME"]);
    await client.cancel();
  });

  it("without the idle status, the silent subtask holds the watermark back", async () => {
    const clock = new ManualClock(0);
    const { pipeline, received } = job((subtask, s) => {
      if (subtask === 0) {
        s.emit("a", 10);
        s.out.emitWatermark(100);
      }
    }, "event");
    const cluster = await startCluster(clock);
    const client = await cluster.submitJob(pipeline);
    for (let i = 0; i < 100; i++) await new Promise<void>((r) => setImmediate(r));
    expect(received).toEqual([]);
    await client.cancel();
  });
});
