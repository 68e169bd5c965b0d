import { describe, expect, it } from "vitest";
import type { SinkWriterContext } from "../../core/sink.js";
import { formatForPrint } from "./format.js";
import { PrintSink, type PrintTarget, printPrefix } from "./print-sink.js";

const writeCtx = { timestamp: undefined, currentWatermark: Number.NEGATIVE_INFINITY };
const writerCtx = (subtaskIndex: number, parallelism: number): SinkWriterContext => ({
  subtaskIndex,
  parallelism,
  attemptNumber: 0,
  jobId: "00000000000000000000000000000000",
  config: {},
});

/** A writable double recording each `write` call; can simulate a full buffer. */
class FakeStream implements PrintTarget {
  chunks: string[] = [];
  full = false;
  private drainListeners: (() => void)[] = [];
  write(chunk: string, callback: (error?: Error | null) => void): boolean {
    this.chunks.push(chunk);
    setImmediate(() => callback(null));
    return !this.full;
  }
  once(_event: "drain", listener: () => void): unknown {
    this.drainListeners.push(listener);
    return this;
  }
  drain(): void {
    this.full = false;
    for (const l of this.drainListeners.splice(0)) l();
  }
  text(): string {
    return this.chunks.join("");
  }
}

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
  toString(): string {
    return `Point(${this.x}, ${this.y})`;
  }
}

describe("formatForPrint", () => {
  it.each<[unknown, string]>([
    [["to", 15], "(to,15)"],
    [["a", ["b", 2], [1, [true, null]]], "(a,(b,2),(1,(true,null)))"],
    [[], "()"],
    ["hello world", "hello world"],
    [42, "42"],
    [-1.5, "-1.5"],
    [12345678901234567890n, "12345678901234567890"],
    [null, "null"],
    [undefined, "undefined"],
    [true, "true"],
    [{ word: "to", count: 15 }, '{"word":"to","count":15}'],
    [{ n: 1n, nested: { a: [1, 2] } }, '{"n":"1","nested":{"a":[1,2]}}'],
    [["k", { v: 1 }], '(k,{"v":1})'],
    [new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)), "2024-01-02T03:04:05.006Z"],
    [new Point(1, 2), "Point(1, 2)"],
    [
      new Map<string, number>([
        ["a", 1],
        ["b", 2],
      ]),
      "{a=1, b=2}",
    ],
    [new Set([1, 2]), "[1, 2]"],
  ])("formats %o as %s", (value, expected) => {
    expect(formatForPrint(value)).toBe(expected);
  });

  it("does not throw on cyclic objects", () => {
    const o: { self?: unknown } = {};
    o.self = o;
    expect(formatForPrint(o)).toBe("[object Object]");
  });
});

describe("printPrefix (Flink's rule)", () => {
  it.each<[string | undefined, number, number, string]>([
    [undefined, 0, 1, ""],
    [undefined, 2, 4, "3> "],
    ["sink", 0, 1, "sink> "],
    ["sink", 1, 2, "sink:2> "],
  ])("identifier %s, subtask %i of %i → %j", (id, i, p, expected) => {
    expect(printPrefix(id, i, p)).toBe(expected);
  });
});

describe("PrintSink", () => {
  it("writes prefixed lines in one batch per turn and flushes everything", async () => {
    const stream = new FakeStream();
    const sink = new PrintSink<[string, number]>(false, undefined, () => stream);
    const writer = sink.createWriter(writerCtx(2, 4));
    writer.write(["to", 15], writeCtx);
    writer.write(["be", 4], writeCtx);
    expect(stream.chunks).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.chunks).toEqual(["3> (to,15)\n3> (be,4)\n"]);
    writer.write(["or", 1], writeCtx);
    await writer.flush(true);
    expect(stream.text()).toBe("3> (to,15)\n3> (be,4)\n3> (or,1)\n");
    await writer.close();
  });

  it("has no prefix at parallelism 1", async () => {
    const stream = new FakeStream();
    const writer = new PrintSink<string>(true, undefined, () => stream).createWriter(writerCtx(0, 1));
    writer.write("plain", writeCtx);
    await writer.flush(true);
    expect(stream.text()).toBe("plain\n");
  });

  it("backpressures while the stream wants a drain", async () => {
    const stream = new FakeStream();
    stream.full = true;
    const writer = new PrintSink<number>(false, "out", () => stream).createWriter(writerCtx(0, 1));
    expect(writer.backpressure()).toBeUndefined();
    writer.write(1, writeCtx);
    await writer.flush(false);
    const wait = writer.backpressure();
    expect(wait).toBeInstanceOf(Promise);
    let released = false;
    void wait!.then(() => {
      released = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(released).toBe(false);
    stream.drain();
    await wait;
    expect(writer.backpressure()).toBeUndefined();
    expect(stream.text()).toBe("out> 1\n");
  });

  it("writes large batches before the end of the turn", () => {
    const stream = new FakeStream();
    const writer = new PrintSink<string>(false, undefined, () => stream).createWriter(writerCtx(0, 1));
    const line = "x".repeat(1000);
    for (let i = 0; i < 200; i++) writer.write(line, writeCtx);
    expect(stream.chunks.length).toBeGreaterThan(0);
    expect(stream.chunks.every((c) => c.length <= 64 * 1024 + 1001)).toBe(true);
  });
});
