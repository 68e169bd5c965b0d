import { describe, expect, it } from "vitest";
import { ElementsSource } from "./elements-source.js";
import { NumberSequenceSource } from "./number-sequence-source.js";
import { SourceTestDriver } from "./testing.js";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("ElementsSource", () => {
  it("is bounded and keeps the collection's order at parallelism 1, over many chunks", async () => {
    const values = range(5000).map((i) => ({ i, word: `w${i}` }));
    const source = new ElementsSource(values, 100);
    expect(source.getBoundedness()).toBe("BOUNDED");
    const driver = await SourceTestDriver.create(source, { parallelism: 1 });
    expect(await driver.runToEnd()).toEqual(values);
    expect(driver.assigned[0]!.length).toBe(50);
    await driver.close();
  });

  it("spreads chunks over readers at parallelism 3, each value exactly once", async () => {
    const driver = await SourceTestDriver.create(new ElementsSource(range(1000), 64), { parallelism: 3 });
    const out = await driver.runToEnd();
    expect([...out].sort((a, b) => a - b)).toEqual(range(1000));
    expect(driver.outputs.filter((o) => o.length > 0).length).toBeGreaterThan(1);
    await driver.close();
  });

  it("handles an empty collection", async () => {
    const driver = await SourceTestDriver.create(new ElementsSource<number>([]), { parallelism: 2 });
    expect(await driver.runToEnd()).toEqual([]);
    await driver.close();
  });

  it("snapshots reader progress so a restored split resumes after the emitted values", async () => {
    const source = new ElementsSource(range(2000), 1000);
    const driver = await SourceTestDriver.create(source, { parallelism: 1 });
    await driver.runUntil(() => driver.all().length >= 512);
    const emitted = driver.all().length;
    const readerState = driver.readers[0]!.snapshotState(1);
    const enumState = driver.enumerator.snapshotState(1);
    await driver.close();

    const restored = await SourceTestDriver.restore(source, enumState as never, { parallelism: 1 });
    restored.readers[0]!.addSplits(readerState);
    const rest = await restored.runToEnd();
    expect([...driver.all().slice(0, emitted), ...rest]).toEqual(range(2000));
    await restored.close();
  });
});

describe("NumberSequenceSource", () => {
  it.each([1, 3])("emits every number of the range exactly once at parallelism %i", async (p) => {
    const driver = await SourceTestDriver.create(new NumberSequenceSource(-5, 9994), { parallelism: p });
    const out = await driver.runToEnd();
    expect(out.length).toBe(10_000);
    expect([...out].sort((a, b) => a - b)).toEqual(range(10_000).map((i) => i - 5));
    // parallelism * 4 contiguous splits, each read in increasing order.
    expect(driver.assigned.flat().length).toBe(p * 4);
    await driver.close();
  });

  it("emits in order at parallelism 1 and handles a single number", async () => {
    const driver = await SourceTestDriver.create(new NumberSequenceSource(1, 100), { parallelism: 1 });
    expect(await driver.runToEnd()).toEqual(range(100).map((i) => i + 1));
    await driver.close();
    const one = await SourceTestDriver.create(new NumberSequenceSource(7, 7), { parallelism: 4 });
    expect(await one.runToEnd()).toEqual([7]);
    await one.close();
  });

  it("rejects bad ranges", () => {
    expect(() => new NumberSequenceSource(5, 1)).toThrow(/must not be less/);
    expect(() => new NumberSequenceSource(0.5, 1)).toThrow(/integer/);
  });
});
