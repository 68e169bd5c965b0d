import { describe, expect, it } from "vitest";
import { EventTimeSessionWindows } from "./assigners/session.js";
import { MergingWindowSet } from "./merging-window-set.js";
import { TimeWindow } from "./windows.js";

const w = (s: number, e: number) => new TimeWindow(s, e);
const str = (x: TimeWindow | undefined) => (x === undefined ? "-" : `${x.start}-${x.end}`);

describe("MergingWindowSet", () => {
  it("adds non-overlapping windows as their own state windows", () => {
    const set = new MergingWindowSet<TimeWindow>(EventTimeSessionWindows.withGap(3));
    const calls: unknown[] = [];
    expect(str(set.addWindow(w(0, 3), () => calls.push(1)))).toBe("0-3");
    expect(str(set.addWindow(w(10, 13), () => calls.push(1)))).toBe("10-13");
    expect(calls).toEqual([]);
    expect(str(set.getStateWindow(w(0, 3)))).toBe("0-3");
    expect(set.persist()).toBe(true);
    expect(set.persist()).toBe(false);
  });

  it("merges a bridging window: both sessions collapse, one state window survives", () => {
    const set = new MergingWindowSet<TimeWindow>(EventTimeSessionWindows.withGap(3));
    set.addWindow(w(0, 3), () => {});
    set.addWindow(w(5, 8), () => {});
    const merges: string[] = [];
    const result = set.addWindow(w(2, 5), (r, merged, stateResult, mergedStates) =>
      merges.push(
        `${str(r)} of [${merged.map(str).join(",")}] into ${str(stateResult)} from [${mergedStates.map(str).join(",")}]`,
      ),
    );
    expect(str(result)).toBe("0-8");
    expect(merges).toEqual(["0-8 of [0-3,5-8] into 0-3 from [5-8]"]);
    expect(set.entries().map(([a, b]) => `${str(a)}->${str(b)}`)).toEqual(["0-8->0-3"]);
    expect(set.getStateWindow(w(0, 3))).toBeUndefined();
  });

  it("does not call the merge function when the new window falls inside an existing one", () => {
    const set = new MergingWindowSet<TimeWindow>(EventTimeSessionWindows.withGap(10), [[w(0, 10), w(0, 10)]]);
    let called = false;
    expect(str(set.addWindow(w(2, 5), () => (called = true)))).toBe("0-10");
    expect(called).toBe(false);
    expect(set.entries()).toHaveLength(1);
  });

  it("extends a session and keeps its state window", () => {
    const set = new MergingWindowSet<TimeWindow>(EventTimeSessionWindows.withGap(3));
    set.addWindow(w(0, 3), () => {});
    const merges: string[] = [];
    expect(
      str(
        set.addWindow(w(2, 5), (r, m, s, ms) =>
          merges.push(`${str(r)}:${m.map(str)}:${str(s)}:${ms.length}`),
        ),
      ),
    ).toBe("0-5");
    expect(merges).toEqual(["0-5:0-3:0-3:0"]);
    expect(str(set.getStateWindow(w(0, 5)))).toBe("0-3");
    set.retireWindow(w(0, 5));
    expect(set.entries()).toEqual([]);
    expect(() => set.retireWindow(w(0, 5))).toThrow(/not in in-flight/);
  });
});
