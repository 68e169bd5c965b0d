/**
 * Interval join semantics (Flink's `IntervalJoinOperator`): `l.ts + lower <= r.ts <= l.ts + upper`,
 * exclusive bounds, late elements, state cleanup, result timestamps.
 */
import { describe, expect, it } from "vitest";
import { OutputTag } from "../output-tag.js";
import { OperatorTestHarness } from "../testing/harness.js";
import { IntervalJoinOperator } from "./interval-join-operator.js";
import type { ProcessJoinFunctionLike } from "./join-functions.js";

type L = { k: string; l: number };
type R = { k: string; r: number };

async function harness(lower: number, upper: number, extra: { leftLate?: OutputTag<L> } = {}) {
  const fn: ProcessJoinFunctionLike<L, R, string> = (left, right, ctx, out) =>
    out.collect(
      `${left.l}:${right.r}@${ctx.getTimestamp()}(${ctx.getLeftTimestamp()},${ctx.getRightTimestamp()})`,
    );
  const op = new IntervalJoinOperator<L, R, string>({
    lowerBound: lower,
    upperBound: upper,
    keySelector1: (v) => v.k,
    keySelector2: (v) => v.k,
    fn,
    leftLateDataOutputTag: extra.leftLate,
  });
  const h = new OperatorTestHarness<L, string, R>(op);
  await h.open();
  return { h, op };
}

const left = (l: number): L => ({ k: "a", l });
const right = (r: number): R => ({ k: "a", r });

describe("IntervalJoinOperator", () => {
  it("joins pairs within inclusive bounds, from either side, with the larger timestamp", async () => {
    const { h } = await harness(-2, 1);
    h.processElement(left(10), 10);
    for (const t of [7, 8, 10, 11, 12]) h.processElement2(right(t), t);
    h.processElement(left(13), 13); // joins rights in [11, 14]
    expect(h.getRecords()).toEqual([
      { value: "10:8@10(10,8)", timestamp: 10 },
      { value: "10:10@10(10,10)", timestamp: 10 },
      { value: "10:11@11(10,11)", timestamp: 11 },
      { value: "13:11@13(13,11)", timestamp: 13 },
      { value: "13:12@13(13,12)", timestamp: 13 },
    ]);
  });

  it("exclusive bounds shrink the interval by one ms on each excluded side", async () => {
    // between(-2, 1) with both exclusive is [-1, 0] (what the API passes the operator)
    const { h } = await harness(-1, 0);
    h.processElement(left(10), 10);
    for (const t of [8, 9, 10, 11]) h.processElement2(right(t), t);
    expect(h.getOutput()).toEqual(["10:9@10(10,9)", "10:10@10(10,10)"]);
  });

  it("keys never meet other keys", async () => {
    const { h } = await harness(-5, 5);
    h.processElement({ k: "a", l: 1 }, 1);
    h.processElement2({ k: "b", r: 1 }, 1);
    expect(h.getOutput()).toEqual([]);
  });

  it("drops late elements (or sends them to the side output) and cleans up buffers", async () => {
    const late = new OutputTag<L>("late-left");
    const { h, op } = await harness(-2, 1, { leftLate: late });
    h.processElement(left(10), 10);
    h.processElement2(right(9), 9);
    h.processWatermark(12);
    h.processElement(left(11), 11);
    expect(h.getSideOutput(late)).toEqual([left(11)]);
    h.processElement2(right(12), 12); // left 10 needed rights up to 11: it was cleaned up at watermark 11
    expect(h.getOutput()).toEqual(["10:9@10(10,9)"]);
    h.processWatermark(100);
    const backend = (op as unknown as { context: { keyedStateBackend: { numEntries(): number } } }).context
      .keyedStateBackend;
    expect(backend.numEntries()).toBe(0);
  });

  it("rejects elements without timestamps", async () => {
    const { h } = await harness(0, 0);
    expect(() => h.processElement(left(1))).toThrow(/timestamps/);
  });
});
