import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ExternalSorter } from "./external-sorter.js";
import { compareSortKeys, SortKeyEncoder } from "./sort-key.js";

function drain(sorter: ExternalSorter) {
  const cursor = sorter.sorted();
  const out: { key: string; input: number; value: unknown; timestamp: number }[] = [];
  for (let e = cursor.next(); e !== undefined; e = cursor.next()) out.push({ ...e });
  return out;
}

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("ExternalSorter", () => {
  it("sorts in memory, keeping insertion order within a key", () => {
    const enc = new SortKeyEncoder();
    const tmp = tempDir("weir-sort-test-");
    const sorter = new ExternalSorter({ memoryBytes: 1 << 20, tmpDirs: [tmp] });
    const keys = ["b", "a", "c", "a", "b", "a"];
    keys.forEach((k, i) => {
      sorter.add(enc.encode(0, k), i % 2, { k, i }, i, 10);
    });
    const out = drain(sorter);
    expect(out.map((e) => (e.value as { i: number }).i)).toEqual([1, 3, 5, 0, 4, 2]);
    expect(out.map((e) => e.input)).toEqual([1, 1, 1, 0, 0, 0]);
    expect(sorter.stats().runsSpilled).toBe(0);
    sorter.close();
  });

  it("spills sorted runs beyond its budget, merges them, and deletes them on close", () => {
    const enc = new SortKeyEncoder();
    const tmp = tempDir("weir-sort-test-");
    const sorter = new ExternalSorter({ memoryBytes: 4096, tmpDirs: [tmp], blockBytes: 512 });
    const n = 5000;
    const expected: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      const key = (i * 7919) % 611;
      sorter.add(enc.encode(key % 3, key), 0, [key, i, { nested: `v${i}` }], i, 100);
      expected.push([key, i]);
    }
    expect(sorter.stats().runsSpilled).toBeGreaterThan(10);
    expect(readdirSync(sorter.spillDirectories[0]!).length).toBe(sorter.stats().runsSpilled);
    const out = drain(sorter);
    expect(out).toHaveLength(n);
    for (let i = 1; i < out.length; i++)
      expect(compareSortKeys(out[i - 1]!.key, out[i]!.key)).toBeLessThanOrEqual(0);
    // Every key contiguous, and within a key in insertion order.
    const seen = new Set<number>();
    let last: number | undefined;
    let lastSeq = -1;
    for (const e of out) {
      const [key, seq, nested] = e.value as [number, number, { nested: string }];
      expect(nested.nested).toBe(`v${seq}`);
      expect(e.timestamp).toBe(seq);
      if (key !== last) {
        expect(seen.has(key)).toBe(false);
        seen.add(key);
        last = key;
        lastSeq = -1;
      }
      expect(seq).toBeGreaterThan(lastSeq);
      lastSeq = seq;
    }
    expect(seen.size).toBe(611);
    sorter.close();
    expect(existsSync(sorter.spillDirectories[0]!)).toBe(false);
  });
});

describe("SortKeyEncoder", () => {
  const enc = new SortKeyEncoder();
  const same = (a: unknown, b: unknown) => compareSortKeys(enc.encode(1, a), enc.encode(1, b)) === 0;

  it("gives equal bytes exactly for keys equal as values", () => {
    expect(same(-0, 0)).toBe(true);
    expect(same(Number.NaN, 0 / 0)).toBe(true);
    expect(same({ a: 1, b: [2, "x"] }, { b: [2, "x"], a: 1 })).toBe(true);
    expect(same(new Date(5), new Date(5))).toBe(true);
    expect(same("1", 1)).toBe(false);
    expect(same(1, 1n)).toBe(false);
    expect(same([1], 1)).toBe(false);
    expect(same({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(same("a\u0000", "a")).toBe(false);
  });

  it("orders by key group first, then numbers and strings by value", () => {
    const cmp = (g1: number, a: unknown, g2: number, b: unknown) =>
      Math.sign(compareSortKeys(enc.encode(g1, a), enc.encode(g2, b)));
    expect(cmp(0, 100, 1, -5)).toBe(-1);
    const numbers = [3, -1.5, 0, -100, 1e9, Number.NEGATIVE_INFINITY, 2.25];
    const sorted = [...numbers].sort((a, b) => cmp(0, a, 0, b));
    expect(sorted).toEqual([...numbers].sort((a, b) => a - b));
    expect(cmp(0, "ab", 0, "abc")).toBe(-1);
    expect(cmp(0, "b", 0, "abc")).toBe(1);
    expect(cmp(0, [1, 2], 0, [1, 2, 0])).toBe(-1);
  });
});
