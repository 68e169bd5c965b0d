import { describe, expect, it } from "vitest";
import type { Boundedness } from "../core/jobgraph.js";
import type {
  InputStatus,
  ReaderOutput,
  Source,
  SourceReader,
  SourceReaderContext,
  SourceSplit,
  SplitEnumerator,
} from "../core/source.js";
import { SourceOperator } from "./source.js";
import { OperatorTestHarness } from "./testing/harness.js";
import { WatermarkStrategy } from "./watermark-strategy.js";

interface ValuesSplit extends SourceSplit {
  readonly values: readonly [string, number | undefined][];
}

/** Emits the values of its splits, one per poll, requesting a split at start. */
class FakeReader implements SourceReader<string, ValuesSplit> {
  readonly queue: [string, number | undefined][] = [];
  readonly customEvents: unknown[] = [];
  noMore = false;
  closed = false;
  constructor(readonly context: SourceReaderContext) {}
  start(): void {
    this.context.sendSplitRequest();
  }
  pollNext(output: ReaderOutput<string>): InputStatus {
    const next = this.queue.shift();
    if (next === undefined) return this.noMore ? "END_OF_INPUT" : "NOTHING_AVAILABLE";
    if (next[1] === undefined) output.collect(next[0]);
    else output.collect(next[0], next[1]);
    return "MORE_AVAILABLE";
  }
  isAvailable(): Promise<void> {
    return Promise.resolve();
  }
  addSplits(splits: readonly ValuesSplit[]): void {
    for (const s of splits) this.queue.push(...s.values);
  }
  notifyNoMoreSplits(): void {
    this.noMore = true;
  }
  handleSourceEvent(event: unknown): void {
    this.customEvents.push(event);
    this.context.sendSourceEventToCoordinator({ echo: event });
  }
  snapshotState(): ValuesSplit[] {
    return [];
  }
  close(): void {
    this.closed = true;
  }
}

class FakeSource implements Source<string, ValuesSplit, null> {
  readers: FakeReader[] = [];
  getBoundedness(): Boundedness {
    return "BOUNDED";
  }
  createEnumerator(): SplitEnumerator<ValuesSplit, null> {
    throw new Error("not used by the operator");
  }
  createReader(context: SourceReaderContext): SourceReader<string, ValuesSplit> {
    const reader = new FakeReader(context);
    this.readers.push(reader);
    return reader;
  }
}

describe("SourceOperator", () => {
  it("registers, then lets the reader request splits; feeds coordinator events to the reader", async () => {
    const source = new FakeSource();
    const h = new OperatorTestHarness(new SourceOperator<string>(source), {
      parallelism: 2,
      subtaskIndex: 1,
    });
    await h.open();
    expect(source.readers[0]!.context).toMatchObject({ subtaskIndex: 1, parallelism: 2 });
    expect(h.getOperatorEvents()).toEqual([{ kind: "source.register" }, { kind: "source.splitRequest" }]);

    expect(h.emitNext()).toBe("NOTHING_AVAILABLE");
    h.sendOperatorEvent({
      kind: "source.addSplits",
      splits: [
        {
          id: "s0",
          values: [
            ["a", 5],
            ["b", undefined],
          ],
        },
      ],
    });
    expect(h.emitAvailable()).toBe("NOTHING_AVAILABLE");
    expect(h.getRecords()).toEqual([
      { value: "a", timestamp: 5 },
      { value: "b", timestamp: undefined },
    ]);

    h.sendOperatorEvent({ kind: "source.custom", event: "ping" });
    expect(source.readers[0]!.customEvents).toEqual(["ping"]);
    expect(h.getOperatorEvents()[2]).toEqual({ kind: "source.custom", event: { echo: "ping" } });

    h.sendOperatorEvent({ kind: "source.noMoreSplits" });
    expect(h.emitNext()).toBe("END_OF_INPUT");
    await h.close();
    expect(source.readers[0]!.closed).toBe(true);
  });

  it("applies the watermark strategy's timestamp assigner", async () => {
    const source = new FakeSource();
    const strategy = WatermarkStrategy.forMonotonousTimestamps<string>().withTimestampAssigner(
      (element, recordTimestamp) =>
        element.length * 100 + (recordTimestamp === Number.NEGATIVE_INFINITY ? 0 : 1),
    );
    const h = new OperatorTestHarness(new SourceOperator<string>(source, strategy));
    await h.open();
    h.sendOperatorEvent({
      kind: "source.addSplits",
      splits: [
        {
          id: "s",
          values: [
            ["abc", undefined],
            ["de", 7],
          ],
        },
      ],
    });
    h.emitAvailable();
    expect(h.getRecords()).toEqual([
      { value: "abc", timestamp: 300 },
      { value: "de", timestamp: 201 },
    ]);
  });
});

describe("WatermarkStrategy", () => {
  it("is immutable and describes itself", () => {
    const base = WatermarkStrategy.forBoundedOutOfOrderness<number>(5000);
    const withAssigner = base.withTimestampAssigner({ extractTimestamp: (n) => n });
    expect(base.timestampAssigner).toBeUndefined();
    expect(withAssigner.describe()).toBe("boundedOutOfOrderness(5000)+timestampAssigner");
    expect(WatermarkStrategy.noWatermarks().describe()).toBe("none");
    expect(() => WatermarkStrategy.forBoundedOutOfOrderness(-1)).toThrow(/out-of-orderness/);
  });
});
