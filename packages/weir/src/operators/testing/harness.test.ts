import { describe, expect, it } from "vitest";
import { ManualClock } from "../../core/clock.js";
import type { RuntimeContext } from "../contract.js";
import { StreamMap } from "../map.js";
import { OperatorTestHarness } from "./harness.js";

describe("OperatorTestHarness", () => {
  it("gives the operator a runtime context built from the options", async () => {
    let seen: RuntimeContext | undefined;
    const h = new OperatorTestHarness(
      new StreamMap<number, number>({
        open: (ctx) => {
          seen = ctx;
        },
        map: (x) => x,
      }),
      {
        parallelism: 4,
        subtaskIndex: 3,
        maxParallelism: 256,
        jobArgs: ["--input", "a.txt", "--verbose"],
        config: { "parallelism.default": "4" },
        operatorName: "Map",
      },
    );
    await h.open();
    expect(seen?.getTaskName()).toBe("Map");
    expect(seen?.getTaskNameWithSubtasks()).toBe("Map (4/4)");
    expect(seen?.getIndexOfThisSubtask()).toBe(3);
    expect(seen?.getNumberOfParallelSubtasks()).toBe(4);
    expect(seen?.getMaxNumberOfParallelSubtasks()).toBe(256);
    expect(seen?.getJobArgs()).toEqual(["--input", "a.txt", "--verbose"]);
    expect(seen?.getJobParameters()).toEqual({ "parallelism.default": "4", input: "a.txt", verbose: "true" });
  });

  it("defaults to a ManualClock, max parallelism 128 and STREAMING", async () => {
    const h = new OperatorTestHarness(new StreamMap((x: number) => x));
    expect(h.clock).toBeInstanceOf(ManualClock);
    await h.open();
  });

  it("rejects misuse with clear errors", async () => {
    const h = new OperatorTestHarness(new StreamMap((x: number) => x));
    expect(() => h.processElement(1)).toThrow(/harness\.open\(\)/);
    await h.open();
    expect(() => h.processElement2(1 as never)).toThrow(/two-input/);
    expect(() => h.emitNext()).toThrow(/source operator/);
    await h.close();
    expect(() => h.processElement(1)).toThrow(/closed/);
    expect(
      () => new OperatorTestHarness(new StreamMap((x: number) => x), { parallelism: 2, subtaskIndex: 2 }),
    ).toThrow(/subtaskIndex/);
  });

  it("records output values separately from the reused input record", async () => {
    const h = new OperatorTestHarness(new StreamMap((x: { n: number }) => x));
    await h.open();
    h.processElement({ n: 1 }, 1);
    h.processElement({ n: 2 }, 2);
    expect(h.getRecords()).toEqual([
      { value: { n: 1 }, timestamp: 1 },
      { value: { n: 2 }, timestamp: 2 },
    ]);
    h.clearOutput();
    expect(h.getOutput()).toEqual([]);
  });
});
