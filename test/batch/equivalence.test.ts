/**
 * BATCH vs STREAMING equivalence (issue 3, "done when"): the same jobs give the same final
 * per-key results in both modes at p=1 and p=4; in BATCH rolling aggregations emit exactly one
 * record per key, and each subtask's output is grouped by key.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CoMapFunction, RuntimeContext } from "weir";
import { WORDS } from "../../examples/util/wordcount-data.js";
import { Tokenizer } from "../../examples/wordcount.js";
import { finalCounts } from "../helpers/wordcount-oracle.js";
import { contiguous, env, keysPerSubtask, lastPerKey, type Mode, TagSubtask } from "./helpers.js";

const MODES: Mode[] = ["STREAMING", "BATCH"];

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe.each([1, 4])("BATCH and STREAMING at p=%i", (p) => {
  it("WordCount: same final counts; BATCH prints each word once, grouped per subtask", async () => {
    const results = new Map<Mode, [number, [string, number]][]>();
    for (const mode of MODES) {
      const out = await env(mode, p)
        .fromCollection(WORDS)
        .flatMap<[string, number]>(new Tokenizer())
        .keyBy((pair: [string, number]) => pair[0])
        .sum(1)
        .map(new TagSubtask<[string, number]>())
        .executeAndCollect();
      results.set(mode, out);
    }
    const expected = finalCounts(WORDS);
    for (const mode of MODES) {
      const final = lastPerKey(
        results.get(mode)!.map(([, v]) => v),
        (v) => v[0],
      );
      expect(new Map([...final].map(([, v]) => [v[0], v[1]]))).toEqual(expected);
    }
    const batch = results.get("BATCH")!;
    expect(batch).toHaveLength(expected.size);
    expect(batch).toHaveLength(170);
    for (const keys of keysPerSubtask(batch, (v) => v[0])) expect(contiguous(keys)).toBe(true);
  });

  it("keyed reduce over tuples and objects, and min/max/minBy/maxBy: same finals, one record per key in BATCH", async () => {
    type Reading = { sensor: string; temp: number; seq: number };
    const tuples = Array.from({ length: 3000 }, (_, i): [string, number] => [`k${(i * 31) % 97}`, i % 11]);
    const readings: Reading[] = Array.from({ length: 800 }, (_, i) => ({
      sensor: `s${i % 23}`,
      temp: (i * 37) % 50,
      seq: i,
    }));
    for (const mode of MODES) {
      const e = () => env(mode, p);
      const reduced = await e()
        .fromCollection(tuples)
        .keyBy((t) => t[0])
        .reduce((a, b) => [a[0], a[1] + b[1]] as [string, number])
        .executeAndCollect();
      const objects = await e()
        .fromCollection(readings)
        .keyBy("sensor")
        .reduce((a, b) => ({ sensor: a.sensor, temp: a.temp + b.temp, seq: Math.max(a.seq, b.seq) }))
        .executeAndCollect();
      const maxBy = await e().fromCollection(readings).keyBy("sensor").maxBy("temp").executeAndCollect();
      const min = await e().fromCollection(readings).keyBy("sensor").min("temp").executeAndCollect();

      const sums = new Map<string, number>();
      for (const [k, v] of tuples) sums.set(k, (sums.get(k) ?? 0) + v);
      expect(new Map([...lastPerKey(reduced, (t) => t[0])].map(([, t]) => [t[0], t[1]]))).toEqual(sums);
      const temps = new Map<string, number>();
      for (const r of readings) temps.set(r.sensor, (temps.get(r.sensor) ?? 0) + r.temp);
      const finalObjects = lastPerKey(objects, (r) => r.sensor);
      expect(new Map([...finalObjects.values()].map((r) => [r.sensor, r.temp]))).toEqual(temps);
      const firstMax = new Map<string, Reading>();
      for (const r of readings) {
        const cur = firstMax.get(r.sensor);
        if (!cur || r.temp > cur.temp) firstMax.set(r.sensor, r);
      }
      expect(new Map([...lastPerKey(maxBy, (r) => r.sensor).values()].map((r) => [r.sensor, r]))).toEqual(
        firstMax,
      );
      const minTemp = new Map<string, number>();
      for (const r of readings) minTemp.set(r.sensor, Math.min(minTemp.get(r.sensor) ?? 99, r.temp));
      expect(new Map([...lastPerKey(min, (r) => r.sensor).values()].map((r) => [r.sensor, r.temp]))).toEqual(
        minTemp,
      );
      if (mode === "BATCH") {
        expect(reduced).toHaveLength(sums.size);
        expect(objects).toHaveLength(temps.size);
        expect(maxBy).toHaveLength(temps.size);
        expect(min).toHaveLength(temps.size);
      } else {
        expect(reduced).toHaveLength(tuples.length);
      }
    }
  });

  it("connected keyed streams: processed key by key across both inputs in BATCH, same finals", async () => {
    const orders = Array.from({ length: 1200 }, (_, i): [string, number] => [`c${i % 41}`, 1]);
    const payments = Array.from({ length: 700 }, (_, i): [string, number] => [`c${(i * 3) % 41}`, 10]);
    const finals = new Map<Mode, Map<string, [string, number]>>();
    const seenBySubtask: string[][] = [];
    for (const mode of MODES) {
      class Tag implements CoMapFunction<[string, number], [string, number], [string, number]> {
        private subtask = 0;
        open(ctx: RuntimeContext): void {
          this.subtask = ctx.getIndexOfThisSubtask();
        }
        private see(k: string): void {
          if (mode !== "BATCH") return;
          const list = seenBySubtask[this.subtask] ?? [];
          list.push(k);
          seenBySubtask[this.subtask] = list;
        }
        map1(v: [string, number]): [string, number] {
          this.see(v[0]);
          return v;
        }
        map2(v: [string, number]): [string, number] {
          this.see(v[0]);
          return v;
        }
      }
      const e = env(mode, p);
      const out = await e
        .fromCollection(orders)
        .connect(e.fromCollection(payments))
        .keyBy(
          (o) => o[0],
          (q) => q[0],
        )
        .map(new Tag())
        .keyBy((t) => t[0])
        .sum(1)
        .executeAndCollect();
      finals.set(
        mode,
        lastPerKey(out, (t) => t[0]),
      );
    }
    const expected = new Map<string, number>();
    for (const [k, v] of [...orders, ...payments]) expected.set(k, (expected.get(k) ?? 0) + v);
    for (const mode of MODES) {
      expect(new Map([...finals.get(mode)!.values()].map((t) => [t[0], t[1]]))).toEqual(expected);
    }
    const seen = seenBySubtask.filter((x) => x !== undefined);
    expect(seen.flat()).toHaveLength(orders.length + payments.length);
    for (const keys of seen) expect(contiguous(keys)).toBe(true);
  });

  it("keys outnumber memory: tiny sort and shuffle budgets spill, results match, spill files removed", async () => {
    const tmp = tempDir("weir-batch-spill-");
    const data = Array.from({ length: 10_000 }, (_, i): [string, number] => [`key-${(i * 7) % 3001}`, i % 5]);
    const expected = new Map<string, number>();
    for (const [k, v] of data) expected.set(k, (expected.get(k) ?? 0) + v);
    let spillFilesSeen = 0;
    const countSpillFiles = () =>
      readdirSync(tmp, { recursive: true }).filter((f) => /\.(sort|spill)$/.test(String(f))).length;
    for (const mode of MODES) {
      const out = await env(mode, p, {
        "execution.sorted-inputs.memory": "16 kb",
        "taskmanager.memory.blocking-shuffle.budget": "8 kb",
        "io.tmp.dirs": tmp,
      })
        .fromCollection(data)
        .keyBy((t) => t[0])
        .sum(1)
        .map((t) => {
          spillFilesSeen = Math.max(spillFilesSeen, countSpillFiles());
          return t;
        })
        .executeAndCollect();
      const final = new Map([...lastPerKey(out, (t) => t[0]).values()].map((t) => [t[0], t[1]]));
      expect(final).toEqual(expected);
      if (mode === "BATCH") expect(out).toHaveLength(expected.size);
    }
    expect(spillFilesSeen).toBeGreaterThan(0);
    expect(countSpillFiles()).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
