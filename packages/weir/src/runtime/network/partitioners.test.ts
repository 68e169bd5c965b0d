import { describe, expect, it } from "vitest";
import { InternalError, JobDefinitionError } from "../../core/errors.js";
import type { PartitionerKind } from "../../core/jobgraph.js";
import { assignToKeyGroup, computeOperatorIndexForKeyGroup } from "../../core/keygroups.js";
import {
  BROADCAST,
  type ChannelSelectorOptions,
  createChannelSelector,
  rescaleTargets,
} from "./partitioners.js";

const base: ChannelSelectorOptions = {
  numChannels: 4,
  producerSubtask: 1,
  producerParallelism: 4,
  consumerMaxParallelism: 128,
};

function route(
  kind: PartitionerKind,
  options: Partial<ChannelSelectorOptions>,
  values: readonly unknown[],
): number[] {
  const selector = createChannelSelector(kind, { ...base, ...options });
  return values.map((v) => selector.selectChannel(v));
}

const ten = Array.from({ length: 10 }, (_, i) => i);

describe("channel selectors", () => {
  it("forward: subtask i to consumer i, equal parallelism only", () => {
    expect(route("forward", { producerSubtask: 2 }, ten)).toEqual(ten.map(() => 2));
    expect(() => route("forward", { producerParallelism: 2 }, [])).toThrow(JobDefinitionError);
  });

  it("hash: the subtask owning the key group of the selected key", () => {
    const words = ["to", "be", "or", "not", "to", "be", "that", "is", "the", "question"];
    const channels = route(
      "hash",
      { keySelector: (v) => (v as [string, number])[0] },
      words.map((w) => [w, 1]),
    );
    expect(channels).toEqual(
      words.map((w) => computeOperatorIndexForKeyGroup(128, 4, assignToKeyGroup(w, 128))),
    );
    // Same key, same channel; other producer subtasks agree.
    const other = route("hash", { producerSubtask: 3, keySelector: (v) => v }, words);
    expect(other).toEqual(channels);
    expect(() => route("hash", {}, [])).toThrow(InternalError);
  });

  it("hash with one consumer: channel 0, and keys without a canonical encoding still fail", () => {
    const one = { numChannels: 1, producerParallelism: 1, producerSubtask: 0 };
    const keys: unknown[] = ["a", 7, [1, "x"], { id: 3 }, null, true];
    expect(route("hash", { ...one, keySelector: (v) => v }, keys)).toEqual(keys.map(() => 0));
    for (const bad of [Symbol("s"), () => 1, new (class Point {})()]) {
      expect(() => route("hash", { ...one, keySelector: () => bad }, [1])).toThrow(JobDefinitionError);
      expect(() => route("hash", { keySelector: () => bad }, [1])).toThrow(JobDefinitionError);
    }
  });

  it("rebalance: round robin starting at the producer's own index", () => {
    expect(route("rebalance", { producerSubtask: 1 }, ten)).toEqual([1, 2, 3, 0, 1, 2, 3, 0, 1, 2]);
    expect(route("rebalance", { producerSubtask: 6, numChannels: 3 }, ten.slice(0, 4))).toEqual([0, 1, 2, 0]);
  });

  it("rescale: round robin over the producer's pointwise consumers", () => {
    // 2 producers, 4 consumers: producer 0 feeds 0..1, producer 1 feeds 2..3.
    expect(route("rescale", { producerParallelism: 2, producerSubtask: 0 }, ten.slice(0, 5))).toEqual([
      0, 1, 0, 1, 0,
    ]);
    expect(route("rescale", { producerParallelism: 2, producerSubtask: 1 }, ten.slice(0, 5))).toEqual([
      2, 3, 2, 3, 2,
    ]);
    // 4 producers, 2 consumers: producers 0,1 feed consumer 0; 2,3 feed consumer 1.
    const fourToTwo = [0, 1, 2, 3].map((p) =>
      route("rescale", { numChannels: 2, producerSubtask: p }, [0, 1]),
    );
    expect(fourToTwo).toEqual([
      [0, 0],
      [0, 0],
      [1, 1],
      [1, 1],
    ]);
  });

  it("rescale ranges cover every consumer exactly as Flink's pointwise pattern", () => {
    for (const [producers, consumers] of [
      [2, 5],
      [3, 7],
      [5, 2],
      [7, 3],
      [4, 4],
    ] as const) {
      const fed = new Array<number>(consumers).fill(0);
      for (let p = 0; p < producers; p++) {
        const { start, end } = rescaleTargets(p, producers, consumers);
        expect(end).toBeGreaterThan(start);
        for (let c = start; c < end; c++) fed[c]!++;
      }
      expect(fed.every((count) => count >= 1)).toBe(true);
      if (producers <= consumers) expect(fed.every((count) => count === 1)).toBe(true);
      else expect(fed.reduce((a, b) => a + b, 0)).toBe(producers);
    }
    expect(rescaleTargets(2, 5, 8)).toEqual({ start: 4, end: 5 });
    expect(rescaleTargets(3, 5, 8)).toEqual({ start: 5, end: 7 });
  });

  it("shuffle: uniformly random with the injected source", () => {
    const draws = [0, 0.24, 0.25, 0.5, 0.99, 0.999999];
    let i = 0;
    expect(route("shuffle", { random: () => draws[i++]! }, draws)).toEqual([0, 0, 1, 2, 3, 3]);
  });

  it("broadcast, global", () => {
    expect(route("broadcast", {}, [1, 2])).toEqual([BROADCAST, BROADCAST]);
    expect(route("global", {}, ten)).toEqual(ten.map(() => 0));
  });

  it("custom: the user's partitioner over the selected key, range checked", () => {
    const options = {
      keySelector: (v: unknown) => (v as { id: number }).id,
      customPartitioner: (key: unknown, n: number) => (key as number) % n,
    };
    expect(
      route(
        "custom",
        options,
        ten.map((id) => ({ id })),
      ),
    ).toEqual(ten.map((id) => id % 4));
    const bad = createChannelSelector("custom", {
      ...base,
      keySelector: (v) => v,
      customPartitioner: () => 7,
    });
    expect(() => bad.selectChannel(1)).toThrow(JobDefinitionError);
    expect(() => bad.selectChannel(1)).toThrow("returned 7");
    const fractional = createChannelSelector("custom", {
      ...base,
      keySelector: (v) => v,
      customPartitioner: () => 1.5,
    });
    expect(() => fractional.selectChannel(1)).toThrow("returned 1.5");
  });
});
