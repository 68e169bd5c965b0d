/**
 * Golden output of examples/sessions.ts through the real CLI: the same sessions at p=1 and p=2, in
 * STREAMING and BATCH (the input has no late data, so Flink's semantics make them equal).
 */
import { describe, expect, it } from "vitest";
import { lines, runWeir, splitPrefix } from "../helpers/cli.js";

const JOB = "examples/sessions.ts";

const SESSIONS = [
  "(alice,1000,17000,4,home->search->product->home)",
  "(alice,18000,23000,1,cart)",
  "(bob,2000,11500,2,home->product)",
  "(bob,20000,29000,2,home->checkout)",
  "(carol,8000,13000,1,home)",
  "(carol,16000,21000,1,cart)",
  "(carol,27000,32000,1,product)",
  "(dave,30000,35000,1,home)",
];

describe("examples/sessions.ts", () => {
  it("STREAMING p=1 prints sessions as the watermark closes them", async () => {
    const r = await runWeir(["run", "-p", "1", JOB]);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual([
      "(bob,2000,11500,2,home->product)",
      "(carol,8000,13000,1,home)",
      "(alice,1000,17000,4,home->search->product->home)",
      "(carol,16000,21000,1,cart)",
      "(alice,18000,23000,1,cart)",
      "(bob,20000,29000,2,home->checkout)",
      "(carol,27000,32000,1,product)",
      "(dave,30000,35000,1,home)",
    ]);
  });

  for (const [p, mode] of [
    [2, "STREAMING"],
    [1, "BATCH"],
    [2, "BATCH"],
  ] as const) {
    it(`${mode} p=${p} gives the same sessions`, async () => {
      const r = await runWeir(["run", "-p", String(p), `-Dexecution.runtime-mode=${mode}`, JOB]);
      expect(r.stderr).not.toMatch(/Error/);
      expect(r.code).toBe(0);
      const printed = lines(r.stdout).map(splitPrefix);
      if (p > 1) expect(printed.every((l) => l.subtask !== undefined)).toBe(true);
      expect(printed.map((l) => l.text).sort()).toEqual([...SESSIONS].sort());
    });
  }
});
