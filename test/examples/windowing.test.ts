/**
 * Golden output of examples/windowing.ts through the real CLI, at p=1 and p=2, STREAMING and
 * BATCH. The expected lines were derived by hand from Flink's window semantics (and cross-checked
 * with an independent simulation); see examples/util/windowing-data.ts for the late elements.
 *
 * Parallel order varies between the three outputs, so lines are compared per output and key in
 * emission order (each key lives in one subtask), and as sorted sets.
 */
import { describe, expect, it } from "vitest";
import { lines, runWeir } from "../helpers/cli.js";

const JOB = "examples/windowing.ts";

/** STREAMING: the tumbling window [0,10000) of `home` fires again for the late `alice home 9000`. */
const STREAMING = [
  "tumbling> (home,0,10000,2)",
  "tumbling> (cart,0,10000,2)",
  "tumbling> (home,0,10000,3)",
  "tumbling> (home,10000,20000,2)",
  "tumbling> (cart,10000,20000,2)",
  "tumbling> (home,20000,30000,3)",
  "late> (alice,cart,4000)",
  "sliding> (alice,-5000,5000,1)",
  "sliding> (bob,-5000,5000,1)",
  "sliding> (alice,0,10000,2)",
  "sliding> (bob,0,10000,2)",
  "sliding> (alice,5000,15000,2)",
  "sliding> (bob,5000,15000,1)",
  "sliding> (carol,5000,15000,2)",
  "sliding> (carol,10000,20000,2)",
  "sliding> (bob,10000,20000,2)",
  "sliding> (bob,15000,25000,2)",
  "sliding> (dave,15000,25000,1)",
  "sliding> (carol,15000,25000,1)",
  "sliding> (dave,20000,30000,1)",
  "sliding> (erin,20000,30000,1)",
  "sliding> (carol,20000,30000,1)",
  "sliding> (erin,25000,35000,1)",
];

/** BATCH: no late data; every window fires once with all its views (the stragglers included). */
const BATCH = [
  "sliding> (alice,-5000,5000,2)",
  "sliding> (alice,0,10000,4)",
  "sliding> (alice,5000,15000,2)",
  "sliding> (bob,-5000,5000,1)",
  "sliding> (bob,0,10000,2)",
  "sliding> (bob,5000,15000,1)",
  "sliding> (bob,10000,20000,2)",
  "sliding> (bob,15000,25000,2)",
  "sliding> (carol,5000,15000,2)",
  "sliding> (carol,10000,20000,2)",
  "sliding> (carol,15000,25000,1)",
  "sliding> (carol,20000,30000,1)",
  "sliding> (dave,15000,25000,1)",
  "sliding> (dave,20000,30000,1)",
  "sliding> (erin,20000,30000,1)",
  "sliding> (erin,25000,35000,1)",
  "tumbling> (cart,0,10000,3)",
  "tumbling> (cart,10000,20000,2)",
  "tumbling> (home,0,10000,3)",
  "tumbling> (home,10000,20000,2)",
  "tumbling> (home,20000,30000,3)",
];

/** Drops the `:N` subtask of a `name:N> ` prefix (parallelism > 1). */
function withoutSubtask(line: string): string {
  return line.replace(/^(\w+):\d+> /, "$1> ");
}

/** Lines grouped by output and key (the first tuple field), each group in emission order. */
function byOutputAndKey(printed: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const line of printed) {
    const m = /^(\w+)> \(([^,]+),/.exec(line);
    const group = m === null ? line : `${m[1]}/${m[2]}`;
    groups.set(group, [...(groups.get(group) ?? []), line]);
  }
  return groups;
}

describe("examples/windowing.ts", () => {
  for (const p of [1, 2]) {
    it(`STREAMING p=${p}: tumbling with lateness, sliding, late side output`, async () => {
      const r = await runWeir(["run", "-p", String(p), JOB]);
      expect(r.stderr).not.toMatch(/Error/);
      expect(r.code).toBe(0);
      const printed = lines(r.stdout).map(withoutSubtask);
      expect([...printed].sort()).toEqual([...STREAMING].sort());
      expect(byOutputAndKey(printed)).toEqual(byOutputAndKey(STREAMING));
    });

    it(`BATCH p=${p}: each window once, complete, no late data`, async () => {
      const r = await runWeir(["run", "-p", String(p), "-Dexecution.runtime-mode=BATCH", JOB]);
      expect(r.stderr).not.toMatch(/Error/);
      expect(r.code).toBe(0);
      expect(lines(r.stdout).map(withoutSubtask).sort()).toEqual([...BATCH].sort());
    });
  }
});
