import { describe, expect, it } from "vitest";
import type { Collector } from "../functions.js";
import { coGroupWindowContents, flatJoinFn, joinAsCoGroup, type TaggedUnion } from "./join-functions.js";

function collect<T>(run: (out: Collector<T>) => void): T[] {
  const got: T[] = [];
  run({ collect: (v) => got.push(v) });
  return got;
}

describe("join functions", () => {
  it("a join is a coGroup over every pair; two-parameter lambdas return, three-parameter ones emit", () => {
    const tagged: TaggedUnion<number, string>[] = [
      { one: 1, isOne: true },
      { two: "x", isOne: false },
      { one: 2, isOne: true },
      { two: "y", isOne: false },
    ];
    const plain = joinAsCoGroup(flatJoinFn<number, string, string>((a, b) => `${a}${b}`));
    expect(collect<string>((out) => coGroupWindowContents(plain, tagged, out))).toEqual([
      "1x",
      "1y",
      "2x",
      "2y",
    ]);
    const flat = joinAsCoGroup(
      flatJoinFn<number, string, string>((a, b, out) => {
        if (a === 2) out.collect(`${a}${b}`);
        return undefined;
      }),
    );
    expect(collect<string>((out) => coGroupWindowContents(flat, tagged, out))).toEqual(["2x", "2y"]);
    const obj = joinAsCoGroup(
      flatJoinFn<number, string, string>({ join: (a: number, b: string) => `${b}${a}` }),
    );
    expect(collect<string>((out) => coGroupWindowContents(obj, tagged, out))).toEqual([
      "x1",
      "y1",
      "x2",
      "y2",
    ]);
  });

  it("an inner join emits nothing when one side is empty", () => {
    const join = joinAsCoGroup(flatJoinFn<number, string, string>((a, b) => `${a}${b}`));
    expect(collect<string>((out) => coGroupWindowContents(join, [{ one: 1, isOne: true }], out))).toEqual([]);
  });
});
