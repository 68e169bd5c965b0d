import { describe, expect, it } from "vitest";
import { SlotManager } from "./slot-manager.js";

describe("SlotManager", () => {
  it("allocates all or nothing, filling TaskExecutors in order, and frees", () => {
    const sm = new SlotManager();
    sm.registerTaskExecutor("te0", 2);
    sm.registerTaskExecutor("te1", 2);
    let n = 0;
    const id = () => `a${n++}`;
    expect(sm.allocate("j1", 5, id)).toBeUndefined();
    const a = sm.allocate("j1", 3, id)!;
    expect(a.map((x) => [x.taskExecutorAddress, x.slotIndex])).toEqual([
      ["te0", 0],
      ["te0", 1],
      ["te1", 0],
    ]);
    expect(sm.freeSlots).toBe(1);
    expect(sm.allocate("j2", 2, id)).toBeUndefined();
    for (const x of sm.allocationsOf("j1")) sm.free(x.allocationId);
    expect(sm.freeSlots).toBe(4);
    expect(sm.unregisterTaskExecutor("te1")).toEqual([]);
    expect(sm.totalSlots).toBe(2);
  });
});
