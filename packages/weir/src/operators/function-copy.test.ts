import { describe, expect, it } from "vitest";
import type { RuntimeContext } from "./contract.js";
import { copyUserFunction } from "./function-copy.js";
import type { MapFunction } from "./functions.js";
import { StreamMap } from "./map.js";
import { OperatorTestHarness } from "./testing/harness.js";

class TagSubtask implements MapFunction<string, string> {
  private subtask = -1;
  readonly seen: string[] = [];
  readonly counts = new Map<string, number>();
  constructor(private readonly prefix: string) {}
  open(ctx: RuntimeContext): void {
    this.subtask = ctx.getIndexOfThisSubtask();
  }
  map(value: string): string {
    this.seen.push(value);
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
    return `${this.prefix}${this.subtask}:${value}`;
  }
}

describe("copyUserFunction", () => {
  it("gives each subtask its own fields, keeping the class and constructor arguments", async () => {
    const original = new TagSubtask("t");
    const outputs: string[][] = [];
    for (const subtaskIndex of [0, 1]) {
      const copy = copyUserFunction(original);
      expect(copy).toBeInstanceOf(TagSubtask);
      const h = new OperatorTestHarness(new StreamMap(copy), { parallelism: 2, subtaskIndex });
      await h.open();
      h.processElement("a");
      outputs.push(h.getOutput());
      expect(copy.seen).toEqual(["a"]);
      expect(copy.counts.get("a")).toBe(1);
    }
    expect(outputs).toEqual([["t0:a"], ["t1:a"]]);
    expect(original.seen).toEqual([]);
    expect(original.counts.size).toBe(0);
  });

  it("copies object literals with their methods bound to the copy", () => {
    const fn = {
      n: 0,
      map(v: number): number {
        this.n += v;
        return this.n;
      },
    };
    const a = copyUserFunction(fn);
    const b = copyUserFunction(fn);
    a.map(5);
    expect([fn.n, a.n, b.n]).toEqual([0, 5, 0]);
  });

  it("shares objects whose class uses private names, and lambdas", () => {
    class WithPrivate {
      #count = 0;
      map(v: number): number {
        this.#count += v;
        return this.#count;
      }
    }
    const fn = new WithPrivate();
    expect(copyUserFunction(fn)).toBe(fn);
    expect(copyUserFunction(fn).map(1)).toBe(1);
    const lambda = (x: number) => x;
    expect(copyUserFunction(lambda)).toBe(lambda);
  });
});
