import { describe, expect, it } from "vitest";
import { SourceTestDriver } from "../testing.js";
import { type SourceContext, type SourceFunction, SourceFunctionSource } from "./source-function.js";

/** Emits `count` values `subtask * 1000 + i`, awaiting capacity like a well-behaved source. */
class CountingSource implements SourceFunction<number> {
  opened: number[] = [];
  closed = 0;
  cancelled = false;
  constructor(private readonly count: number) {}
  open(info: { subtaskIndex: number }): void {
    this.opened.push(info.subtaskIndex);
  }
  async run(ctx: SourceContext<number>): Promise<void> {
    for (let i = 0; i < this.count && !this.cancelled; i++) {
      await ctx.waitForCapacity();
      ctx.collect(ctx.subtaskIndex * 1000 + i);
    }
  }
  cancel(): void {
    this.cancelled = true;
  }
  close(): void {
    this.closed++;
  }
}

describe("SourceFunctionSource", () => {
  it("runs a non-parallel function on subtask 0 only and ends when run resolves", async () => {
    const fn = new CountingSource(10_000);
    const source = new SourceFunctionSource(fn, false);
    expect(source.getBoundedness()).toBe("CONTINUOUS_UNBOUNDED");
    const driver = await SourceTestDriver.create(source, { parallelism: 3 });
    const out = await driver.runToEnd();
    expect(out).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
    expect(driver.outputs[1]).toEqual([]);
    expect(fn.opened).toEqual([0]);
    expect(fn.closed).toBe(1);
    await driver.close();
  });

  it("runs one instance per subtask from a factory when parallel", async () => {
    const made: CountingSource[] = [];
    const source = new SourceFunctionSource(() => {
      const f = new CountingSource(50);
      made.push(f);
      return f;
    }, true);
    const driver = await SourceTestDriver.create(source, { parallelism: 3 });
    await driver.runToEnd();
    expect(driver.outputs.map((o) => o.length)).toEqual([50, 50, 50]);
    expect(driver.outputs[2]![0]).toBe(2000);
    expect(made.map((f) => f.opened)).toEqual([[0], [1], [2]]);
    await driver.close();
  });

  it("passes timestamps through and holds run while the queue is full", async () => {
    let maxAhead = 0;
    let polledOutput: readonly string[] | undefined;
    const fn: SourceFunction<string> = {
      async run(ctx) {
        for (let i = 0; i < 20_000; i++) {
          await ctx.waitForCapacity();
          const polled = polledOutput?.length ?? 0;
          maxAhead = Math.max(maxAhead, i - polled);
          ctx.collectWithTimestamp(`v${i}`, 1000 + i);
        }
      },
      cancel() {},
    };
    const driver = await SourceTestDriver.create(new SourceFunctionSource(fn, false));
    polledOutput = driver.outputs[0];
    const out = await driver.runToEnd();
    expect(out.length).toBe(20_000);
    expect(driver.timestamps[0]![5]).toBe(1005);
    // Bounded queue: run never got more than the queue capacity (plus one poll batch) ahead.
    expect(maxAhead).toBeLessThanOrEqual(4096 + 512);
    await driver.close();
  });

  it("fails the reader with the error thrown by run", async () => {
    const fn: SourceFunction<number> = {
      async run(ctx) {
        ctx.collect(1);
        await Promise.resolve();
        throw new TypeError("boom in run");
      },
      cancel() {},
    };
    const driver = await SourceTestDriver.create(new SourceFunctionSource(fn, false));
    const error = await driver.runToEnd().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe("boom in run");
    await driver.close();
  });

  it("cancels a running function when the reader closes", async () => {
    const fn = new CountingSource(Number.POSITIVE_INFINITY);
    const driver = await SourceTestDriver.create(new SourceFunctionSource(fn, false));
    await driver.runUntil(() => driver.all().length >= 100);
    await driver.close();
    expect(fn.cancelled).toBe(true);
    expect(fn.closed).toBe(1);
  });
});
