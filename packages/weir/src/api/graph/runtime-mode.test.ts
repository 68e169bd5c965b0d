import { describe, expect, it } from "vitest";
import { JobDefinitionError } from "../../core/errors.js";
import type { Collector } from "../../operators/functions.js";
import { StreamExecutionEnvironment } from "../environment.js";
import { RuntimeExecutionMode } from "../runtime-mode.js";

function splitWords(line: string, out: Collector<string>): void {
  for (const w of line.split(" ")) out.collect(w);
}

function keyedJob(env: StreamExecutionEnvironment, unbounded: boolean): void {
  const source = unbounded ? env.socketTextStream("localhost", 9999) : env.fromElements("a b", "b");
  source
    .flatMap(splitWords)
    .keyBy((w) => w)
    .reduce((a, b) => a + b)
    .print();
}

describe("runtime mode", () => {
  it("STREAMING by default: all edges pipelined", () => {
    const env = new StreamExecutionEnvironment({ "parallelism.default": "2" });
    keyedJob(env, false);
    const g = env.getJobGraph();
    expect(g.settings.runtimeMode).toBe("STREAMING");
    expect(g.edges.every((e) => e.exchangeMode === "pipelined")).toBe(true);
    expect(g.settings.autoWatermarkIntervalMs).toBe(200);
  });

  it("AUTOMATIC with only bounded sources resolves to BATCH: non-forward edges blocking", () => {
    const env = new StreamExecutionEnvironment({ "parallelism.default": "2" });
    env.setRuntimeMode(RuntimeExecutionMode.AUTOMATIC);
    keyedJob(env, false);
    env
      .fromElements(1)
      .map((x) => x)
      .disableChaining()
      .print();
    const g = env.getJobGraph();
    expect(g.settings.runtimeMode).toBe("BATCH");
    expect(g.settings.autoWatermarkIntervalMs).toBe(0);
    const modes = g.edges.map((e) => [e.partitioner, e.exchangeMode]);
    expect(modes).toContainEqual(["rebalance", "blocking"]);
    expect(modes).toContainEqual(["hash", "blocking"]);
    expect(modes).toContainEqual(["forward", "pipelined"]);
    expect(g.settings.config["execution.runtime-mode"]).toBe("AUTOMATIC");
  });

  it("AUTOMATIC with an unbounded source resolves to STREAMING", () => {
    const env = new StreamExecutionEnvironment({ "execution.runtime-mode": "automatic" });
    keyedJob(env, true);
    expect(env.getJobGraph().settings.runtimeMode).toBe("STREAMING");
  });

  it("BATCH with an unbounded source fails naming the source and suggesting STREAMING/AUTOMATIC", () => {
    const env = new StreamExecutionEnvironment({ "execution.runtime-mode": "BATCH" });
    keyedJob(env, true);
    let error: unknown;
    try {
      env.getJobGraph();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JobDefinitionError);
    expect((error as JobDefinitionError).message).toContain("'Source: Socket Stream'");
    expect((error as JobDefinitionError).hint).toMatch(/STREAMING.*AUTOMATIC/);
  });

  it("legacy addSource counts as unbounded", () => {
    const env = new StreamExecutionEnvironment().setRuntimeMode(RuntimeExecutionMode.BATCH);
    env.addSource({ run: async () => {}, cancel: () => {} }, "Legacy").print();
    expect(() => env.getJobGraph()).toThrow(/UNBOUNDED source .*'Source: Legacy'/);
  });

  it("BATCH with bounded sources is fine", () => {
    const env = new StreamExecutionEnvironment().setRuntimeMode(RuntimeExecutionMode.BATCH);
    keyedJob(env, false);
    expect(env.getJobGraph().settings.runtimeMode).toBe("BATCH");
  });
});
