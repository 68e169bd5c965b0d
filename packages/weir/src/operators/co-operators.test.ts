import { describe, expect, it } from "vitest";
import { CoStreamFlatMap } from "./co-flat-map.js";
import { CoStreamMap } from "./co-map.js";
import { OperatorTestHarness } from "./testing/harness.js";

describe("CoStreamMap", () => {
  it("maps each input with its own function into one output type", async () => {
    const h = new OperatorTestHarness(
      new CoStreamMap<number, string, string>({ map1: (n) => `num ${n}`, map2: (s) => `str ${s}` }),
    );
    await h.open();
    h.processElement(1, 10);
    h.processElement2("x", 20);
    h.processWatermark(15);
    expect(h.getRecords()).toEqual([
      { value: "num 1", timestamp: 10 },
      { value: "str x", timestamp: 20 },
    ]);
    expect(h.getWatermarks()).toEqual([15]);
  });
});

describe("CoStreamFlatMap", () => {
  it("flat-maps each input and runs the rich lifecycle once", async () => {
    let opened = 0;
    const h = new OperatorTestHarness(
      new CoStreamFlatMap<string, number, string>({
        open: () => {
          opened++;
        },
        flatMap1: (s, out) => {
          for (const c of s) out.collect(c);
        },
        flatMap2: (n, out) => {
          if (n > 0) out.collect(String(n));
        },
      }),
    );
    await h.open();
    h.processElement("ab", 1);
    h.processElement2(0);
    h.processElement2(7, 3);
    expect(h.getRecords()).toEqual([
      { value: "a", timestamp: 1 },
      { value: "b", timestamp: 1 },
      { value: "7", timestamp: 3 },
    ]);
    expect(opened).toBe(1);
  });
});
