import { describe, expect, it } from "vitest";
import { JobDefinitionError } from "../../core/errors.js";
import { describeFirstDifference, fingerprintJobGraph } from "../../core/fingerprint.js";
import type { Collector } from "../../operators/functions.js";
import { StreamExecutionEnvironment } from "../environment.js";
import { operatorIdFromUid } from "./operator-ids.js";

function splitWords(line: string, out: Collector<string>): void {
  for (const w of line.split(" ")) out.collect(w);
}

function wordCount(env: StreamExecutionEnvironment, withUid: boolean, extraFilter = false): void {
  let words = env.fromElements("to be or not to be").flatMap(splitWords);
  if (extraFilter) words = words.filter((w) => w.length > 0);
  const counts = words
    .map((w): [string, number] => [w, 1])
    .keyBy(0)
    .sum(1);
  if (withUid) counts.uid("counter");
  counts.print();
}

const ids = (env: StreamExecutionEnvironment) =>
  env.getJobGraph().vertices.flatMap((v) => v.operators.map((o) => o.id));

describe("stable ids", () => {
  it("two builds of the same program give identical graphs, ids and fingerprints", () => {
    const a = new StreamExecutionEnvironment({ "parallelism.default": "2" });
    const b = new StreamExecutionEnvironment({ "parallelism.default": "2" });
    wordCount(a, false);
    wordCount(b, false);
    expect(b.getJobGraph()).toEqual(a.getJobGraph());
    expect(fingerprintJobGraph(b.getJobGraph())).toBe(fingerprintJobGraph(a.getJobGraph()));
    for (const id of ids(a)) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids(a)).size).toBe(ids(a).length);
    for (const e of a.getJobGraph().edges) expect(e.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it("a uid gives an id that depends on the uid only", () => {
    const plain = new StreamExecutionEnvironment({ "parallelism.default": "1" });
    const changed = new StreamExecutionEnvironment({ "parallelism.default": "1" });
    wordCount(plain, true);
    wordCount(changed, true, true);
    const counterOf = (env: StreamExecutionEnvironment) =>
      env
        .getJobGraph()
        .vertices.flatMap((v) => v.operators)
        .find((o) => o.uid === "counter")!;
    expect(counterOf(plain).id).toBe(operatorIdFromUid("counter"));
    expect(counterOf(changed).id).toBe(counterOf(plain).id);
    // Without uids the ids follow the graph's shape: inserting an operator upstream changes them.
    const shapeA = new StreamExecutionEnvironment({ "parallelism.default": "1" });
    const shapeB = new StreamExecutionEnvironment({ "parallelism.default": "1" });
    wordCount(shapeA, false);
    wordCount(shapeB, false, true);
    expect(ids(shapeB).at(-1)).not.toBe(ids(shapeA).at(-1));
  });

  it("rejects duplicate uids naming both operators", () => {
    const env = new StreamExecutionEnvironment({ "parallelism.default": "1" });
    env
      .fromElements(1)
      .uid("x")
      .map((v) => v)
      .uid("x")
      .print();
    expect(() => env.getJobGraph()).toThrow(JobDefinitionError);
    expect(() => env.getJobGraph()).toThrow(/uid 'x' is used by both 'Source: Collection Source' and 'Map'/);
  });

  it("edges of a stream unioned with itself get distinct ids", () => {
    const env = new StreamExecutionEnvironment({ "parallelism.default": "1" });
    const s = env.fromElements(1);
    s.union(s)
      .map((x) => x)
      .print();
    const edges = env.getJobGraph().edges;
    expect(edges).toHaveLength(2);
    expect(edges[0]!.id).not.toBe(edges[1]!.id);
  });

  it("getJobGraph does not reset the environment; execute does (covered in environment tests)", () => {
    const env = new StreamExecutionEnvironment({ "parallelism.default": "1" });
    wordCount(env, false);
    expect(env.getJobGraph()).toEqual(env.getJobGraph());
  });

  it("a non-deterministic main is caught by the fingerprint, naming the first differing operator", () => {
    const build = (parallelism: number) => {
      const env = new StreamExecutionEnvironment({ "parallelism.default": "1" });
      env
        .fromSequence(1, 10)
        .map((x) => x * 2)
        .setParallelism(parallelism)
        .print();
      return env.getJobGraph();
    };
    const [client, worker] = [build(2), build(3)];
    expect(fingerprintJobGraph(worker)).not.toBe(fingerprintJobGraph(client));
    const mapId = client.vertices[1]!.operators[0]!.id;
    expect(describeFirstDifference(client, worker)).toBe(
      `operator 'Map' (id ${mapId}) differs in parallelism: expected 2, actual 3`,
    );
  });
});
