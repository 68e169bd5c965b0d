import { describe, expect, it } from "vitest";
import { parseJobParameters, taskNameWithSubtask } from "./runtime-context.js";

describe("parseJobParameters", () => {
  it("reads --key value, -key value, --key=value and bare flags", () => {
    expect(
      parseJobParameters(["pos", "--input", "a.txt", "-p", "4", "--n=3", "--dry-run", "--offset", "-1.5"]),
    ).toEqual({ input: "a.txt", p: "4", n: "3", "dry-run": "true", offset: "-1.5" });
  });

  it("treats a key followed by a key as a flag", () => {
    expect(parseJobParameters(["--a", "--b", "x"])).toEqual({ a: "true", b: "x" });
  });
});

it("names subtasks like Flink", () => {
  expect(taskNameWithSubtask("Map -> Filter", 1, 4)).toBe("Map -> Filter (2/4)");
});
