import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { JobDefinitionError } from "./errors.js";
import {
  assignToKeyGroup,
  computeDefaultMaxParallelism,
  computeKeyGroupForKeyHash,
  computeKeyGroupRangeForOperatorIndex,
  computeOperatorIndexForKeyGroup,
  hashKey,
  murmur3_32,
  murmurMix,
  UPPER_BOUND_MAX_PARALLELISM,
} from "./keygroups.js";

const utf8 = (s: string) => new TextEncoder().encode(s);
const mm3 = (s: string, seed = 0) => {
  const bytes = utf8(s);
  return murmur3_32(bytes, bytes.length, seed);
};

/** Keys whose hashes are pinned below and recomputed in a separate process. */
const SAMPLE_KEYS: readonly unknown[] = [
  "",
  "hello",
  "to",
  "the",
  "Grüße, 世界 🌍",
  0,
  1,
  -1,
  1.5,
  -0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  2 ** 53,
  true,
  false,
  null,
  undefined,
  12345678901234567890n,
  -3n,
  ["word", 1],
  [1, "a"],
  [[1, 2], [3]],
  { b: 2, a: 1 },
  { user: "u1", region: { id: 7, name: "eu" } },
  new Date(1_700_000_000_000),
];

describe("murmur3_32", () => {
  it("matches the reference vectors", () => {
    expect(mm3("", 0)).toBe(0);
    expect(mm3("", 1)).toBe(0x514e28b7);
    expect(mm3("", 0xffffffff)).toBe(0x81f16f39);
    expect(murmur3_32(new Uint8Array(4), 4, 0)).toBe(0x2362f9de);
    expect(mm3("aaaa", 0x9747b28c)).toBe(0x5a97808a);
    expect(mm3("abc", 0)).toBe(0xb3dd93fa);
    expect(mm3("hello", 0)).toBe(0x248bfa47);
    expect(mm3("Hello, world!", 0x9747b28c)).toBe(0x24884cba);
    expect(mm3("The quick brown fox jumps over the lazy dog", 0x9747b28c)).toBe(0x2fa826cd);
  });
});

describe("hashKey", () => {
  it("is stable: pinned values for sample keys", () => {
    const pinned = SAMPLE_KEYS.map((k) => hashKey(k));
    expect(pinned).toEqual(PINNED_HASHES);
  });

  it("gives the same key groups in a separate node process", async () => {
    const here = fileURLToPath(new URL(".", import.meta.url));
    const bundle = await build({
      stdin: {
        contents: `import { assignToKeyGroup, hashKey } from "./keygroups.ts";
          const keys = ${SAMPLE_SOURCE};
          process.stdout.write(JSON.stringify(keys.map((k) => [hashKey(k), assignToKeyGroup(k, 128), assignToKeyGroup(k, 32768)])));`,
        resolveDir: here,
        sourcefile: "child.ts",
        loader: "ts",
      },
      bundle: true,
      platform: "node",
      format: "cjs",
      write: false,
      logLevel: "silent",
    });
    const output = execFileSync(process.execPath, ["-e", bundle.outputFiles[0]!.text], { encoding: "utf8" });
    const expected = SAMPLE_KEYS.map((k) => [
      hashKey(k),
      assignToKeyGroup(k, 128),
      assignToKeyGroup(k, 32768),
    ]);
    expect(JSON.parse(output)).toEqual(expected);
  });

  it("hashes by structure, not identity or key order", () => {
    expect(hashKey([1, "a"])).toBe(hashKey([1, "a"]));
    expect(hashKey({ a: 1, b: [2, { c: 3, d: 4 }] })).toBe(hashKey({ b: [2, { d: 4, c: 3 }], a: 1 }));
    const nullProto = Object.assign(Object.create(null) as object, { x: 1 });
    expect(hashKey(nullProto)).toBe(hashKey({ x: 1 }));
    expect(hashKey(new Date(5))).toBe(hashKey(new Date(5)));
  });

  it("normalizes numbers: -0 is 0, all NaNs are one, 1 and 1.0 are equal", () => {
    expect(hashKey(-0)).toBe(hashKey(0));
    const otherNaN = new Float64Array(new Uint32Array([1, 0x7ff00000]).buffer)[0]!;
    expect(Number.isNaN(otherNaN)).toBe(true);
    expect(hashKey(otherNaN)).toBe(hashKey(Number.NaN));
    expect(hashKey(1)).toBe(hashKey(1.0));
    expect(hashKey(0.1 + 0.2)).not.toBe(hashKey(0.3));
  });

  it("distinguishes types and structure", () => {
    const distinct = [
      "1",
      1,
      1n,
      [1],
      true,
      "true",
      null,
      undefined,
      "null",
      new Date(1),
      { 1: 1 },
      ["ab", "c"],
      ["a", "bc"],
      [],
      {},
      "",
      [[]],
      { a: undefined },
    ];
    const hashes = new Set(distinct.map((k) => hashKey(k)));
    expect(hashes.size).toBe(distinct.length);
  });

  it("rejects keys without a canonical encoding, naming the type", () => {
    class Point {
      x = 1;
    }
    const cases: [unknown, string][] = [
      [() => 1, "function"],
      [Symbol("s"), "symbol"],
      [new Point(), "Point"],
      [new Map(), "Map"],
      [[1, new Set()], "Set"],
    ];
    for (const [key, typeName] of cases) {
      expect(() => hashKey(key)).toThrow(JobDefinitionError);
      expect(() => hashKey(key)).toThrow(typeName);
    }
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(() => hashKey(cyclic)).toThrow(JobDefinitionError);
    // The shared buffer is still usable afterwards.
    expect(hashKey("hello")).toBe(PINNED_HASHES[1]);
  });

  it("handles long and non-ASCII strings (buffer growth)", () => {
    const long = "é".repeat(10_000);
    expect(hashKey(long)).toBe(hashKey(`${"é".repeat(9_999)}é`));
    expect(hashKey(long)).not.toBe(hashKey("é".repeat(9_999)));
    expect(hashKey("a")).toBe(hashKey("a"));
  });
});

describe("key groups", () => {
  it("spreads 100k distinct string keys evenly over 128 key groups and 4 subtasks", () => {
    const maxParallelism = 128;
    const perGroup = new Array<number>(maxParallelism).fill(0);
    const perSubtask = [0, 0, 0, 0];
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const group = assignToKeyGroup(`key-${i}`, maxParallelism);
      perGroup[group]!++;
      perSubtask[computeOperatorIndexForKeyGroup(maxParallelism, 4, group)]!++;
    }
    const expectedPerGroup = n / maxParallelism;
    for (const count of perGroup)
      expect(Math.abs(count - expectedPerGroup) / expectedPerGroup).toBeLessThan(0.15);
    for (const count of perSubtask) expect(Math.abs(count - n / 4) / (n / 4)).toBeLessThan(0.03);
  });

  it("keeps key groups in range and non-negative for any hash", () => {
    for (const hash of [0, 1, -1, 0x7fffffff, -0x80000000, 0xffffffff, 123456789]) {
      const mixed = murmurMix(hash);
      expect(mixed).toBeGreaterThanOrEqual(0);
      const group = computeKeyGroupForKeyHash(hash, 128);
      expect(group).toBeGreaterThanOrEqual(0);
      expect(group).toBeLessThan(128);
    }
  });

  it("assigns each key group to exactly the subtask whose range contains it", () => {
    for (const [maxParallelism, parallelism] of [
      [128, 1],
      [128, 3],
      [128, 128],
      [256, 7],
      [32768, 1000],
    ] as const) {
      let next = 0;
      for (let index = 0; index < parallelism; index++) {
        const range = computeKeyGroupRangeForOperatorIndex(maxParallelism, parallelism, index);
        expect(range.start).toBe(next);
        for (const group of [range.start, range.end]) {
          expect(computeOperatorIndexForKeyGroup(maxParallelism, parallelism, group)).toBe(index);
        }
        next = range.end + 1;
      }
      expect(next).toBe(maxParallelism);
    }
  });

  it("follows Flink's default max parallelism rule", () => {
    expect(computeDefaultMaxParallelism(1)).toBe(128);
    expect(computeDefaultMaxParallelism(85)).toBe(128);
    expect(computeDefaultMaxParallelism(86)).toBe(256);
    expect(computeDefaultMaxParallelism(100)).toBe(256);
    expect(computeDefaultMaxParallelism(10_000)).toBe(16_384);
    expect(computeDefaultMaxParallelism(30_000)).toBe(UPPER_BOUND_MAX_PARALLELISM);
  });

  it("validates ranges", () => {
    expect(() => computeKeyGroupRangeForOperatorIndex(128, 129, 0)).toThrow(JobDefinitionError);
    expect(() => computeKeyGroupRangeForOperatorIndex(40_000, 2, 0)).toThrow(JobDefinitionError);
    expect(() => computeKeyGroupRangeForOperatorIndex(128, 2, 2)).toThrow(JobDefinitionError);
  });
});

/** SAMPLE_KEYS as source text for the child process (NaN, -0, bigint and Date need code, not JSON). */
const SAMPLE_SOURCE = `[
  "", "hello", "to", "the", "Grüße, 世界 🌍", 0, 1, -1, 1.5, -0, NaN, Infinity, 2 ** 53, true, false, null,
  undefined, 12345678901234567890n, -3n, ["word", 1], [1, "a"], [[1, 2], [3]], { b: 2, a: 1 },
  { user: "u1", region: { id: 7, name: "eu" } }, new Date(1700000000000),
]`;

/** Computed once from the implementation; a change here breaks savepoint compatibility. */
const PINNED_HASHES: readonly number[] = [
  1760281046, 3304481535, 915463811, 2349663722, 2323659412, 517636262, 3781515923, 1160502247, 3330808276,
  517636262, 688892537, 3539488659, 2735525394, 962700458, 1579843702, 1814548639, 3831157163, 507829225,
  3801763130, 2952672908, 4252461133, 2484712555, 3143175213, 2306910565, 3318611252,
];
