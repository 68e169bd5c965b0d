import { describe, expect, it } from "vitest";
import { ManualClock } from "../../core/clock.js";
import type { SourceSplit, SplitEnumeratorContext } from "../../core/source.js";
import { SubtaskSplitEnumerator } from "./subtask-split-enumerator.js";

type Split = SourceSplit & { readonly subtask: number };

function recordingContext(): { context: SplitEnumeratorContext<Split>; log: string[] } {
  const log: string[] = [];
  const context: SplitEnumeratorContext<Split> = {
    currentParallelism: () => 3,
    registeredReaders: () => new Set([0, 1, 2]),
    assignSplits: (subtask, splits) => log.push(`${subtask}:${splits.map((s) => s.id).join(",")}`),
    signalNoMoreSplits: (subtask) => log.push(`${subtask}:end`),
    sendEventToSourceReader: () => undefined,
    callAsync: () => undefined,
    clock: new ManualClock(0),
  };
  return { context, log };
}

describe("SubtaskSplitEnumerator", () => {
  it("restores from its snapshot: assigned splits stay assigned, unassigned ones go to their subtask", () => {
    const first = recordingContext();
    const splits = new Map([0, 1, 2].map((i): [number, Split] => [i, { id: `s${i}`, subtask: i }]));
    const enumerator = new SubtaskSplitEnumerator(first.context, splits);
    enumerator.handleSplitRequest(1);
    expect(first.log).toEqual(["1:s1"]);

    const state = enumerator.snapshotState(1);
    const second = recordingContext();
    const restored = SubtaskSplitEnumerator.restore(second.context, state);
    for (const subtask of [2, 1, 0, 0]) restored.handleSplitRequest(subtask);
    expect(second.log).toEqual(["2:s2", "1:end", "0:s0", "0:end"]);
  });
});
