import { describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock.js";
import type { Sink, SinkWriteContext, SinkWriter, SinkWriterContext } from "../core/sink.js";
import { CollectSinkOperator } from "./collect-sink.js";
import type { CollectSinkEvent } from "./coordination.js";
import { StreamSink } from "./sink-function.js";
import { SinkWriterOperator } from "./sink-writer.js";
import { OperatorTestHarness } from "./testing/harness.js";

class RecordingSink implements Sink<string> {
  readonly log: string[] = [];
  contexts: SinkWriterContext[] = [];
  pending: Promise<void> | undefined;

  createWriter(context: SinkWriterContext): SinkWriter<string> {
    this.contexts.push(context);
    const log = this.log;
    return {
      write: (value: string, ctx: SinkWriteContext) => {
        log.push(`write ${value} ts=${ctx.timestamp} wm=${ctx.currentWatermark}`);
      },
      backpressure: () => this.pending,
      flush: async (endOfInput: boolean) => {
        log.push(`flush ${endOfInput}`);
      },
      close: async () => {
        log.push("close");
      },
    };
  }
}

describe("SinkWriterOperator", () => {
  it("creates a writer per subtask, writes with timestamps and watermarks, flushes at finish, closes", async () => {
    const sink = new RecordingSink();
    const h = new OperatorTestHarness(new SinkWriterOperator(sink), {
      parallelism: 2,
      subtaskIndex: 1,
      config: { a: "b" },
      attemptNumber: 3,
    });
    await h.open();
    expect(sink.contexts[0]).toMatchObject({
      subtaskIndex: 1,
      parallelism: 2,
      attemptNumber: 3,
      config: { a: "b" },
    });
    expect(sink.contexts[0]!.clock).toBe(h.clock);
    h.processElement("x", 5);
    h.processWatermark(6);
    h.processElement("y");
    await h.endInput();
    await h.close();
    expect(sink.log).toEqual([
      "write x ts=5 wm=-Infinity",
      "write y ts=undefined wm=6",
      "flush true",
      "close",
    ]);
  });

  it("exposes the writer's backpressure", async () => {
    const sink = new RecordingSink();
    const operator = new SinkWriterOperator(sink);
    const h = new OperatorTestHarness(operator);
    await h.open();
    expect(operator.backpressure()).toBeUndefined();
    let release: () => void = () => {};
    sink.pending = new Promise<void>((resolve) => {
      release = resolve;
    });
    const pending = operator.backpressure();
    expect(pending).toBe(sink.pending);
    release();
    await pending;
  });
});

describe("StreamSink (legacy SinkFunction)", () => {
  it("invokes per record with a context and runs open, finish and close", async () => {
    const log: string[] = [];
    const clock = new ManualClock(1000);
    const h = new OperatorTestHarness(
      new StreamSink<number>({
        open: (ctx) => {
          log.push(`open ${ctx.getTaskNameWithSubtasks()}`);
        },
        invoke: (value, ctx) => {
          log.push(
            `${value} ts=${ctx.timestamp()} wm=${ctx.currentWatermark()} now=${ctx.currentProcessingTime()}`,
          );
        },
        finish: () => {
          log.push("finish");
        },
        close: () => {
          log.push("close");
        },
      }),
      { clock, operatorName: "Sink: Unnamed" },
    );
    await h.open();
    h.processElement(1, 3);
    h.processWatermark(4);
    clock.advance(5);
    h.processElement(2);
    await h.endInput();
    await h.close();
    expect(log).toEqual([
      "open Sink: Unnamed (1/1)",
      "1 ts=3 wm=-Infinity now=1000",
      "2 ts=undefined wm=4 now=1005",
      "finish",
      "close",
    ]);
  });

  it("accepts a plain lambda", async () => {
    const seen: string[] = [];
    const h = new OperatorTestHarness(new StreamSink<string>((v) => seen.push(v)));
    await h.open();
    h.processElement("a");
    await h.endInput();
    expect(seen).toEqual(["a"]);
  });
});

describe("CollectSinkOperator", () => {
  it("sends full batches at once, partial ones after the flush interval, and ends with collect.end", async () => {
    const clock = new ManualClock(0);
    const h = new OperatorTestHarness(new CollectSinkOperator<number>({ batchSize: 3 }), {
      clock,
      config: { "execution.buffer-timeout": "50 ms" },
    });
    await h.open();
    for (let i = 0; i < 4; i++) h.processElement(i);
    expect(h.getOperatorEvents()).toEqual([{ kind: "collect.batch", values: [0, 1, 2] }]);
    clock.advance(49);
    expect(h.getOperatorEvents()).toHaveLength(1);
    clock.advance(1);
    expect(h.getOperatorEvents()).toEqual<CollectSinkEvent[]>([
      { kind: "collect.batch", values: [0, 1, 2] },
      { kind: "collect.batch", values: [3] },
    ]);
    h.processElement(4);
    await h.endInput();
    await h.close();
    expect(h.getOperatorEvents().slice(2)).toEqual<CollectSinkEvent[]>([
      { kind: "collect.batch", values: [4] },
      { kind: "collect.end" },
    ]);
    clock.advance(1000);
    expect(h.getOperatorEvents()).toHaveLength(4);
  });

  it("sends only collect.end for an empty input", async () => {
    const h = new OperatorTestHarness(new CollectSinkOperator<number>());
    await h.open();
    await h.endInput();
    expect(h.getOperatorEvents()).toEqual([{ kind: "collect.end" }]);
  });
});
