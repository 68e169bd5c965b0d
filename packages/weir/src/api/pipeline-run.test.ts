/**
 * Runs linear pipelines built by the API through their own operator factories and the real
 * built-in sources, one operator after the other at parallelism 1 (a stand-in for a task, not a
 * runtime): checks that factories, the source protocol and the collect sink fit together.
 */
import { describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock.js";
import type { SourceSplit } from "../core/source.js";
import type { OneInputStreamOperator, SourceStreamOperator } from "../operators/contract.js";
import type { CollectSinkEvent, SourceReaderEvent } from "../operators/coordination.js";
import { capturePipeline, type Pipeline } from "../operators/executor.js";
import type { Collector } from "../operators/functions.js";
import { OperatorTestHarness } from "../operators/testing/harness.js";
import type { DataStream } from "./datastream.js";
import { StreamExecutionEnvironment } from "./environment.js";

type Mode = "STREAMING" | "BATCH";

async function runSource(pipeline: Pipeline, sourceId: string, runtimeMode: Mode): Promise<unknown[]> {
  const source = pipeline.sources.get(sourceId)!;
  const operator = pipeline.operatorFactories.get(sourceId)!() as SourceStreamOperator<unknown>;
  const h = new OperatorTestHarness<never, unknown>(operator, { runtimeMode });
  const toReader: (() => void)[] = [];
  const enumerator = source.createEnumerator({
    currentParallelism: () => 1,
    registeredReaders: () => new Set([0]),
    assignSplits: (_subtask, splits: readonly SourceSplit[]) => {
      const copy = structuredClone(splits);
      toReader.push(() => h.sendOperatorEvent({ kind: "source.addSplits", splits: copy }));
    },
    signalNoMoreSplits: () => toReader.push(() => h.sendOperatorEvent({ kind: "source.noMoreSplits" })),
    sendEventToSourceReader: (_subtask, event) =>
      toReader.push(() => h.sendOperatorEvent({ kind: "source.custom", event })),
    callAsync: () => {
      throw new Error("not used by these sources");
    },
    clock: new ManualClock(0),
  });
  await enumerator.start();
  await h.open();
  let delivered = 0;
  for (let idle = 0; idle < 3; ) {
    const events = h.getOperatorEvents().slice(delivered) as SourceReaderEvent[];
    delivered += events.length;
    for (const e of events) {
      if (e.kind === "source.register") enumerator.addReader(0);
      else if (e.kind === "source.splitRequest") enumerator.handleSplitRequest(0);
    }
    const progressed = events.length > 0 || toReader.length > 0;
    while (toReader.length > 0) toReader.shift()!();
    const status = h.emitAvailable();
    if (status === "END_OF_INPUT") break;
    idle = progressed || status === "MORE_AVAILABLE" ? 0 : idle + 1;
  }
  expect(h.emitNext()).toBe("END_OF_INPUT");
  await h.endInput();
  await h.close();
  await enumerator.close();
  return h.getOutput();
}

async function runLinear(pipeline: Pipeline, runtimeMode: Mode): Promise<unknown[]> {
  const [sourceSpec, ...rest] = pipeline.jobGraph.vertices.flatMap((v) => v.operators);
  let values = await runSource(pipeline, sourceSpec!.id, runtimeMode);
  for (const spec of rest) {
    const operator = pipeline.operatorFactories.get(spec.id)!() as OneInputStreamOperator<unknown, unknown>;
    const h = new OperatorTestHarness(operator, { runtimeMode });
    await h.open();
    for (const v of values) h.processElement(v);
    await h.endInput();
    await h.close();
    values =
      spec.kind === "collectSink"
        ? (h.getOperatorEvents() as CollectSinkEvent[]).flatMap((e) =>
            e.kind === "collect.batch" ? e.values : [],
          )
        : h.getOutput();
  }
  return values;
}

function tokenize(line: string, out: Collector<[string, number]>): void {
  for (const token of line.toLowerCase().split(/\W+/)) if (token.length > 0) out.collect([token, 1]);
}

/** The pipeline `executeAndCollect` submits (captured, so nothing runs). */
function collectPipeline<T>(
  mode: Mode,
  build: (env: StreamExecutionEnvironment) => DataStream<T>,
): Promise<Pipeline> {
  return capturePipeline(
    async () => {
      await build(StreamExecutionEnvironment.getExecutionEnvironment()).executeAndCollect();
    },
    [],
    { "execution.runtime-mode": mode },
  );
}

const wordCount = (env: StreamExecutionEnvironment) =>
  env
    .fromElements("To be, or not to be,", "that is the question")
    .flatMap(tokenize)
    .keyBy((pair) => pair[0])
    .sum(1)
    .map(([word, count]) => `(${word},${count})`);

describe("API pipelines run through their operators", () => {
  it("WordCount STREAMING: a running count per token", async () => {
    const out = await runLinear(await collectPipeline("STREAMING", wordCount), "STREAMING");
    expect(out).toEqual([
      "(to,1)",
      "(be,1)",
      "(or,1)",
      "(not,1)",
      "(to,2)",
      "(be,2)",
      "(that,1)",
      "(is,1)",
      "(the,1)",
      "(question,1)",
    ]);
  });

  it("WordCount BATCH: the final count per word, once", async () => {
    const out = await runLinear(await collectPipeline("BATCH", wordCount), "BATCH");
    expect([...(out as string[])].sort()).toEqual(
      ["(to,2)", "(be,2)", "(or,1)", "(not,1)", "(that,1)", "(is,1)", "(the,1)", "(question,1)"].sort(),
    );
  });

  it("fromSequence (several splits) and a filter into the collect sink", async () => {
    const pipeline = await collectPipeline("STREAMING", (env) =>
      env.fromSequence(1, 2500).filter((n) => n % 1000 === 0),
    );
    expect(await runLinear(pipeline, "STREAMING")).toEqual([1000, 2000]);
  });
});
