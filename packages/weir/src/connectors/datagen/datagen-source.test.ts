import { describe, expect, it } from "vitest";
import { ManualClock } from "../../core/clock.js";
import { SourceTestDriver } from "../testing.js";
import { DataGeneratorSource } from "./datagen-source.js";

describe("DataGeneratorSource", () => {
  it("generates count records, each index once, at parallelism 1 and 3", async () => {
    for (const p of [1, 3]) {
      const source = new DataGeneratorSource((i) => `event-${i}`, 2500);
      expect(source.getBoundedness()).toBe("BOUNDED");
      const driver = await SourceTestDriver.create(source, { parallelism: p });
      const out = await driver.runToEnd();
      expect(out.length).toBe(2500);
      expect(new Set(out)).toEqual(new Set(Array.from({ length: 2500 }, (_, i) => `event-${i}`)));
      if (p === 1) expect(out[0]).toBe("event-0");
      await driver.close();
    }
  });

  it("generates nothing for count 0", async () => {
    const driver = await SourceTestDriver.create(new DataGeneratorSource((i) => i, 0), { parallelism: 2 });
    expect(await driver.runToEnd()).toEqual([]);
    await driver.close();
  });

  it("is unbounded with count Infinity, reader i of p generating i, i+p, …", async () => {
    const source = new DataGeneratorSource((i) => i, Number.POSITIVE_INFINITY);
    expect(source.getBoundedness()).toBe("CONTINUOUS_UNBOUNDED");
    const driver = await SourceTestDriver.create(source, { parallelism: 3 });
    await driver.runUntil(() => driver.outputs.every((o) => o.length >= 100));
    const seen = new Set<number>();
    for (const o of driver.outputs) {
      const first = o[0]!;
      o.slice(0, 100).forEach((v, k) => {
        expect(v).toBe(first + 3 * k);
        expect(seen.has(v)).toBe(false);
        seen.add(v);
      });
    }
    expect(new Set(driver.outputs.map((o) => o[0]))).toEqual(new Set([0, 1, 2]));
    await driver.close();
  });

  it("limits the total rate with the reader clock (token bucket, no wall clock)", async () => {
    const clock = new ManualClock(1_000_000);
    const rps = 100;
    const source = new DataGeneratorSource((i) => i, 1000, { rowsPerSecond: rps });
    const driver = await SourceTestDriver.create(source, { parallelism: 2, clock });
    driver.runUntilIdle();
    const atStart = driver.all().length;
    // Burst: a tenth of a second's permits per reader (at least one).
    const burstTotal = 2 * Math.max(1, (rps / 2) * 0.1);
    expect(atStart).toBeGreaterThan(0);
    expect(atStart).toBeLessThanOrEqual(burstTotal);
    expect(clock.pendingTimers()).toBeGreaterThan(0);

    // Advancing in one jump: the bucket holds at most the burst.
    clock.advance(1000);
    driver.runUntilIdle();
    expect(driver.all().length - atStart).toBeLessThanOrEqual(burstTotal);

    // Advancing one more second in small steps while polling: the full rate, never more.
    const before = driver.all().length;
    for (let t = 0; t < 1000; t += 10) {
      clock.advance(10);
      driver.runUntilIdle();
    }
    const inOneSecond = driver.all().length - before;
    expect(inOneSecond).toBeLessThanOrEqual(rps + burstTotal);
    expect(inOneSecond).toBeGreaterThanOrEqual(rps - 2);

    // Let the rest come out by advancing time in steps.
    const out = await driver.runToEnd({ onIdle: () => clock.advance(100) });
    expect(new Set(out).size).toBe(1000);
    expect(clock.now() - 1_000_000).toBeGreaterThanOrEqual(((1000 - burstTotal) / rps) * 1000);
    await driver.close();
  });

  it("rejects bad arguments", () => {
    expect(() => new DataGeneratorSource((i) => i, -1)).toThrow(/count/);
    expect(() => new DataGeneratorSource((i) => i, 10, { rowsPerSecond: 0 })).toThrow(/rowsPerSecond/);
  });
});
