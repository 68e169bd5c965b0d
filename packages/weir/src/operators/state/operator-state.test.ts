import { describe, expect, it } from "vitest";
import { JobDefinitionError } from "../../core/errors.js";
import type { RuntimeContext } from "../contract.js";
import { StreamMap } from "../map.js";
import { OperatorTestHarness } from "../testing/harness.js";
import { type ListState, ListStateDescriptor, ValueStateDescriptor } from "./keyed-state-backend.js";
import type { CheckpointedFunction, FunctionInitializationContext } from "./operator-state-store.js";

/** Buffers the values it sees in operator list state (and union state). */
class Buffering implements CheckpointedFunction {
  buffer!: ListState<number>;
  union!: ListState<string>;
  restored = false;
  initializeState(ctx: FunctionInitializationContext): void {
    this.restored = ctx.isRestored();
    this.buffer = ctx.getOperatorStateStore().getListState(new ListStateDescriptor<number>("buffer"));
    this.union = ctx.getOperatorStateStore().getUnionListState(new ListStateDescriptor<string>("union"));
    expect(ctx.getKeyedStateStore()).toBeUndefined();
  }
  map(value: number): number {
    this.buffer.add(value);
    return value;
  }
}

describe("operator state (CheckpointedFunction)", () => {
  it("list state is split round robin and union state is given to all on restore at another parallelism", async () => {
    const snapshots = [];
    for (let subtask = 0; subtask < 2; subtask++) {
      const fn = new Buffering();
      const h = new OperatorTestHarness(new StreamMap(fn), { parallelism: 2, subtaskIndex: subtask });
      await h.open();
      expect(fn.restored).toBe(false);
      for (let v = 0; v < 3; v++) h.processElement(subtask * 10 + v);
      fn.union.add(`from-${subtask}`);
      snapshots.push(h.snapshot());
    }
    const results = [];
    for (let subtask = 0; subtask < 3; subtask++) {
      const fn = new Buffering();
      const h = new OperatorTestHarness(new StreamMap(fn), {
        parallelism: 3,
        subtaskIndex: subtask,
        restoreFrom: snapshots,
      });
      await h.open();
      expect(fn.restored).toBe(true);
      results.push([...fn.buffer.get()]);
      expect([...fn.union.get()]).toEqual(["from-0", "from-1"]);
    }
    expect(results).toEqual([
      [0, 10],
      [1, 11],
      [2, 12],
    ]);
  });

  it("keyed state on a non-keyed stream is a JobDefinitionError naming the state", async () => {
    const h = new OperatorTestHarness(
      new StreamMap({
        open(ctx: RuntimeContext) {
          ctx.getState(new ValueStateDescriptor<number>("count"));
        },
        map: (v: number) => v,
      }),
    );
    await expect(h.open()).rejects.toThrow(JobDefinitionError);
  });

  it("keyed state in a rich map on a keyed stream (keySelector option)", async () => {
    const count = new ValueStateDescriptor<number>("count", 0);
    let state: ReturnType<RuntimeContext["getState"]> | undefined;
    const h = new OperatorTestHarness(
      new StreamMap({
        open(ctx: RuntimeContext) {
          state = ctx.getState(count);
        },
        map: (v: string) => {
          const s = state as { value(): number; update(n: number): void };
          s.update(s.value() + 1);
          return `${v}:${s.value()}`;
        },
      }),
      { keySelector: (v: string) => v },
    );
    await h.open();
    for (const v of ["a", "b", "a"]) h.processElement(v);
    expect(h.getOutput()).toEqual(["a:1", "b:1", "a:2"]);
  });
});
