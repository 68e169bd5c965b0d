/**
 * DataStream programs on the MiniCluster (inline slot hosting: no artifact), at p=1 and p=4,
 * checked against straightforward computations.
 */
import { describe, expect, it } from "vitest";
import {
  type DataStream,
  type MapFunction,
  OutputTag,
  type RuntimeContext,
  StreamExecutionEnvironment,
} from "weir";

const sortNum = (a: number, b: number) => a - b;

function env(p: number) {
  const e = StreamExecutionEnvironment.getExecutionEnvironment({ "taskmanager.numberOfTaskSlots": "4" });
  e.setParallelism(p);
  return e;
}

/** Tags each value with the subtask that processed it. */
class TagSubtask<T> implements MapFunction<T, [number, T]> {
  private subtask = -1;
  open(ctx: RuntimeContext): void {
    this.subtask = ctx.getIndexOfThisSubtask();
  }
  map(value: T): [number, T] {
    return [this.subtask, value];
  }
}

describe.each([1, 4])("DataStream on the MiniCluster at p=%i", (p) => {
  it("sums tuples per key with one update per record (STREAMING)", async () => {
    const data = Array.from({ length: 500 }, (_, i): [string, number] => [`k${i % 17}`, i]);
    const out = await env(p)
      .fromCollection(data)
      .keyBy((t) => t[0])
      .sum(1)
      .executeAndCollect();
    expect(out).toHaveLength(data.length);
    const final = new Map<string, number>();
    for (const [k, v] of out) final.set(k, Math.max(final.get(k) ?? 0, v));
    const expected = new Map<string, number>();
    for (const [k, v] of data) expected.set(k, (expected.get(k) ?? 0) + v);
    expect(final).toEqual(expected);
  });

  it("reduces objects keyed by field name, and min/max/minBy/maxBy keep Flink's semantics", async () => {
    type Reading = { sensor: string; temp: number; seq: number };
    const data: Reading[] = Array.from({ length: 60 }, (_, i) => ({
      sensor: `s${i % 3}`,
      temp: (i * 37) % 50,
      seq: i,
    }));
    const keyed = () => env(p).fromCollection(data).keyBy("sensor");
    const reduced = await keyed()
      .reduce((a, b) => ({ sensor: a.sensor, temp: a.temp + b.temp, seq: b.seq }))
      .executeAndCollect();
    const maxed = await keyed().max("temp").executeAndCollect();
    const maxBy = await keyed().maxBy("temp").executeAndCollect();
    const lastOf = <T extends { sensor: string }>(rows: T[]) => {
      const m = new Map<string, T>();
      for (const r of rows) m.set(r.sensor, r);
      return m;
    };
    for (const s of ["s0", "s1", "s2"]) {
      const rows = data.filter((d) => d.sensor === s);
      expect(lastOf(reduced).get(s)!.temp).toBe(rows.reduce((a, b) => a + b.temp, 0));
      // max: only the field is replaced; the other fields are those of the first record of the key.
      expect(lastOf(maxed).get(s)).toEqual({ ...rows[0]!, temp: Math.max(...rows.map((r) => r.temp)) });
      // maxBy: the whole record with the max (the first one on ties).
      const best = rows.reduce((a, b) => (b.temp > a.temp ? b : a));
      expect(lastOf(maxBy).get(s)).toEqual(best);
    }
  });

  it("unions streams and connects two streams with a CoMapFunction", async () => {
    const e = env(p);
    const a = e.fromSequence(1, 50);
    const b = e.fromSequence(101, 150);
    const union = await a
      .union(b)
      .map((n) => n * 2)
      .executeAndCollect();
    expect(union.sort(sortNum)).toEqual([
      ...Array.from({ length: 50 }, (_, i) => (i + 1) * 2),
      ...Array.from({ length: 50 }, (_, i) => (i + 101) * 2),
    ]);
    const e2 = env(p);
    const words = e2.fromElements("x", "y");
    const nums = e2.fromElements(1, 2, 3);
    const connected = await words
      .connect(nums)
      .map({ map1: (w: string) => `w:${w}`, map2: (n: number) => `n:${n}` })
      .executeAndCollect();
    expect(connected.sort()).toEqual(["n:1", "n:2", "n:3", "w:x", "w:y"]);
  });

  it("routes records per partitioner", async () => {
    const n = 200;
    // Each job gets its own environment: one source at parallelism 1, routed to p taggers.
    const source = () => env(p).fromSequence(1, n).setParallelism(1);
    const tagged = (s: DataStream<number>) => s.map(new TagSubtask<number>()).setParallelism(p);
    const global = await tagged(source().global()).executeAndCollect();
    const broadcast = await tagged(source().broadcast()).executeAndCollect();
    const rebalance = await tagged(source().rebalance()).executeAndCollect();
    const custom = await tagged(
      source().partitionCustom(
        (key: number, parts: number) => key % parts,
        (x: number) => x,
      ),
    ).executeAndCollect();
    const shuffle = await tagged(source().shuffle()).executeAndCollect();
    expect(global.every(([s]) => s === 0)).toBe(true);
    expect(global).toHaveLength(n);
    expect(broadcast).toHaveLength(n * p);
    for (let s = 0; s < p; s++) expect(broadcast.filter(([t]) => t === s)).toHaveLength(n);
    expect(rebalance).toHaveLength(n);
    for (let s = 0; s < p; s++) expect(rebalance.filter(([t]) => t === s)).toHaveLength(n / p);
    expect(custom.every(([s, v]) => s === v % p)).toBe(true);
    expect(shuffle.map(([, v]) => v).sort(sortNum)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  });

  it("sends side outputs of a ProcessFunction to getSideOutput", async () => {
    const odd = new OutputTag<string>("odd");
    const split = () =>
      env(p)
        .fromSequence(1, 20)
        .process<number>({
          processElement(v, ctx, out) {
            if (v % 2 === 0) out.collect(v);
            else ctx.output(odd, `odd-${v}`);
          },
        });
    const evens = await split().executeAndCollect();
    const odds = await split().getSideOutput(odd).executeAndCollect();
    expect(evens.sort(sortNum)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    expect(odds.sort()).toEqual([
      "odd-1",
      "odd-11",
      "odd-13",
      "odd-15",
      "odd-17",
      "odd-19",
      "odd-3",
      "odd-5",
      "odd-7",
      "odd-9",
    ]);
  });
});
