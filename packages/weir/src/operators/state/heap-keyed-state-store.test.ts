import { describe, expect, it } from "vitest";
import { HeapKeyedStateStore } from "./heap-keyed-state-store.js";
import { normalizeKey } from "./normalized-key.js";

describe("normalizeKey", () => {
  it("keeps primitives and compares composite keys by value", () => {
    expect(normalizeKey("a")).toBe("a");
    expect(normalizeKey(1)).toBe(1);
    expect(normalizeKey(null)).toBeNull();
    expect(normalizeKey([1, "a"])).toBe(normalizeKey([1, "a"]));
    expect(normalizeKey({ a: 1, b: [2] })).toBe(normalizeKey({ b: [2], a: 1 }));
    expect(normalizeKey(new Date(5))).toBe(normalizeKey(new Date(5)));
  });

  it("keeps different keys apart", () => {
    const keys = [["1"], [1], "[1]", ["a", "b"], ["a,b"], { a: 1 }, { a: "1" }, [undefined], [null], "z", 0];
    const normalized = new Set(keys.map(normalizeKey));
    expect(normalized.size).toBe(keys.length);
    expect(normalizeKey(-0)).toBe(normalizeKey(0));
  });
});

describe("HeapKeyedStateStore", () => {
  it("keeps one value per current key, iterates in first-put order", () => {
    const store = new HeapKeyedStateStore<number>();
    store.setCurrentKey(["k", 1]);
    expect(store.get()).toBeUndefined();
    store.put(1);
    store.setCurrentKey("other");
    store.put(2);
    store.setCurrentKey(["k", 1]);
    expect(store.getCurrentKey()).toEqual(["k", 1]);
    expect(store.get()).toBe(1);
    store.put(3);
    expect([...store.entries()]).toEqual([
      [["k", 1], 3],
      ["other", 2],
    ]);
    store.remove();
    expect(store.size()).toBe(1);
    store.clear();
    expect(store.size()).toBe(0);
  });
});
