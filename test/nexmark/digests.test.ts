import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type DataStream, StreamExecutionEnvironment } from "weir";
import { runBaseline } from "../../bench/nexmark/baseline.js";
import { generatorConfig } from "../../bench/nexmark/config.js";
import { addDigest } from "../../bench/nexmark/digest.js";
import { NexmarkGenerator } from "../../bench/nexmark/generator.js";
import { buildQ3 } from "../../bench/nexmark/q3.js";
import { buildQ4 } from "../../bench/nexmark/q4.js";
import { buildQ5 } from "../../bench/nexmark/q5.js";
import { buildQ7 } from "../../bench/nexmark/q7.js";
import { buildQ8 } from "../../bench/nexmark/q8.js";
import { buildQ11 } from "../../bench/nexmark/q11.js";
import { buildQ17 } from "../../bench/nexmark/q17.js";
import { hashQ3, hashQ4, hashQ5, hashQ7, hashQ8, hashQ11, hashQ17 } from "../../bench/nexmark/rows.js";
import { CountingSink, type SinkReport } from "../../bench/nexmark/sink.js";
import { NexmarkSource } from "../../bench/nexmark/source.js";

/** The benchmark's setting: the default rate (10 M events/s, so many events share a millisecond). */
const config = generatorConfig({ numEvents: 30_000, seed: 9 });

/** Adds query `build` with a counting sink (hashing with `hash`) to `env`. */
type Plan = (env: StreamExecutionEnvironment, source: NexmarkSource, report: string) => void;
function plan<R>(
  build: (env: StreamExecutionEnvironment, source: NexmarkSource) => DataStream<R>,
  hash: (row: R) => number,
): Plan {
  return (env, source, report) => {
    build(env, source).sinkTo(new CountingSink(hash, report));
  };
}

const QUERIES: [string, Plan][] = [
  ["q3", plan(buildQ3, hashQ3)],
  ["q4", plan(buildQ4, hashQ4)],
  ["q5", plan(buildQ5, hashQ5)],
  ["q7", plan(buildQ7, hashQ7)],
  ["q8", plan(buildQ8, hashQ8)],
  ["q11", plan(buildQ11, hashQ11)],
  ["q17", plan(buildQ17, hashQ17)],
];

describe("Nexmark q3..q17 at the benchmark's rate", () => {
  it.each(QUERIES)(
    "%s: the counting sinks at p=2 sum to the baseline's count and digest",
    async (query, addQuery) => {
      const expected = runBaseline(query, new NexmarkGenerator(config), config.numEvents);
      expect(expected.count).toBeGreaterThan(0);
      const dir = mkdtempSync(join(tmpdir(), `nexmark-${query}-`));
      try {
        const report = join(dir, "report.jsonl");
        const env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        addQuery(env, new NexmarkSource(config), report);
        await env.execute(`${query} with counting sink`);
        const lines = readFileSync(report, "utf8")
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l) as SinkReport);
        expect(lines.map((l) => l.subtask).sort()).toEqual([0, 1]);
        expect({
          count: lines.reduce((n, l) => n + l.count, 0),
          digest: lines.reduce((d, l) => addDigest(d, l.digest), 0),
        }).toEqual(expected);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
