import { describe, expect, it } from "vitest";
import { EventTimeSessionWindows } from "./assigners/session.js";
import type { WindowAssignerContext } from "./assigners/window-assigner.js";
import { MergingWindowAssigner } from "./assigners/window-assigner.js";
import { MergingWindowSet } from "./merging-window-set.js";
import type { Trigger } from "./triggers/trigger.js";
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

/** Merges as sessions do, but is not a session assigner: `MergingWindowSet` takes its general path. */
class GeneralSessions extends MergingWindowAssigner<unknown, TimeWindow> {
  private readonly sessions = EventTimeSessionWindows.withGap(1);
  mergeWindows(windows: readonly TimeWindow[], callback: (r: TimeWindow, m: TimeWindow[]) => void): void {
    TimeWindow.mergeWindows(windows, callback);
  }
  assignWindows(element: unknown, timestamp: number, _context: WindowAssignerContext): TimeWindow[] {
    return this.sessions.assignWindows(element, timestamp);
  }
  getDefaultTrigger(): Trigger<unknown, TimeWindow> {
    return this.sessions.getDefaultTrigger();
  }
  isEventTime(): boolean {
    return true;
  }
  toString(): string {
    return "GeneralSessions";
  }
}

describe("MergingWindowSet shortcut for session assigners", () => {
  it("gives the general path's results, merges and entries (seeded random windows)", () => {
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const fast = new MergingWindowSet<TimeWindow>(EventTimeSessionWindows.withGap(5));
      const general = new MergingWindowSet<TimeWindow>(new GeneralSessions());
      for (let i = 0; i < 12; i++) {
        const start = next(40);
        const window = w(start, start + 1 + next(8));
        const log = (calls: string[]) => (r: TimeWindow, m: TimeWindow[], s: TimeWindow, ms: TimeWindow[]) =>
          calls.push(`${str(r)}:${m.map(str)}:${str(s)}:${ms.map(str)}`);
        const fastCalls: string[] = [];
        const generalCalls: string[] = [];
        const a = fast.addWindow(window, log(fastCalls));
        const b = general.addWindow(window, log(generalCalls));
        expect(str(a)).toBe(str(b));
        expect(fastCalls).toEqual(generalCalls);
        expect(fast.persist()).toBe(general.persist());
        const pairs = (set: MergingWindowSet<TimeWindow>) =>
          set.entries().map(([x, y]) => `${str(x)}->${str(y)}`);
        expect(pairs(fast)).toEqual(pairs(general));
        if (next(4) === 0 && fast.entries().length > 0) {
          const [victim] = fast.entries()[0]!;
          fast.retireWindow(victim);
          general.retireWindow(victim);
        }
      }
    }
  });

  it("a window inside a session changes nothing (nothing to persist)", () => {
    const set = new MergingWindowSet<TimeWindow>(EventTimeSessionWindows.withGap(10), [[w(0, 10), w(0, 10)]]);
    expect(str(set.addWindow(w(3, 8), () => {}))).toBe("0-10");
    expect(set.persist()).toBe(false);
    expect(str(set.addWindow(w(0, 10), () => {}))).toBe("0-10");
    expect(set.persist()).toBe(false);
  });
});
