import { describe, expect, it } from "vitest";
import { StateTable } from "./state-table.js";

const group = () => 0;

describe("StateTable", () => {
  it("keeps one namespace inline, several in a map, and goes back when one is left", () => {
    const t = new StateTable("s", "value", false);
    t.put("k", "k", group, null, null, 1);
    expect(t.get("k", null)?.value).toBe(1);
    expect(t.get("k", "w1")).toBeUndefined();
    t.put("k", "k", group, "w1", "w1", 2);
    t.put("k", "k", group, "w2", "w2", 3);
    expect([t.get("k", null)?.value, t.get("k", "w1")?.value, t.get("k", "w2")?.value]).toEqual([1, 2, 3]);
    expect(t.numEntries()).toBe(3);
    t.remove("k", null);
    t.remove("k", "w1");
    expect(t.get("k", "w2")?.value).toBe(3);
    expect(t.get("k", "w1")).toBeUndefined();
    expect(t.numKeys()).toBe(1);
    t.remove("k", "w2");
    expect(t.numKeys()).toBe(0);
    expect(t.get("k", "w2")).toBeUndefined();
  });

  it("never answers from a removed row (last-row cache)", () => {
    const t = new StateTable("s", "value", false);
    t.put("a", "a", group, null, null, 1);
    expect(t.get("a", null)?.value).toBe(1);
    t.removeRow("a");
    expect(t.get("a", null)).toBeUndefined();
    t.put("a", "a", group, null, null, 2);
    t.put("b", "b", group, null, null, 3);
    t.clear();
    expect(t.get("b", null)).toBeUndefined();
    expect(t.get("a", null)).toBeUndefined();
    t.put("b", "b", group, null, null, 4);
    t.remove("b", null);
    t.put("b", "b", group, null, null, 5);
    expect(t.get("b", null)?.value).toBe(5);
    expect([...t.allRows()]).toHaveLength(1);
  });

  it("treats NaN as one namespace, as a Map does", () => {
    const t = new StateTable("s", "value", false);
    t.put("k", "k", group, Number.NaN, Number.NaN, 1);
    expect(t.get("k", Number.NaN)?.value).toBe(1);
    t.put("k", "k", group, Number.NaN, Number.NaN, 2);
    expect(t.numEntries()).toBe(1);
    t.remove("k", Number.NaN);
    expect(t.numKeys()).toBe(0);
  });
});
