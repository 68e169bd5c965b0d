import { describe, expect, it } from "vitest";
import { ManualClock } from "../../../core/clock.js";
import { JobDefinitionError } from "../../../core/errors.js";
import { assignToKeyGroup, computeKeyGroupRangeForOperatorIndex } from "../../../core/keygroups.js";
import {
  AggregatingStateDescriptor,
  type InternalMergingState,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  StateTtlConfig,
  ValueStateDescriptor,
  VOID_NAMESPACE,
} from "../keyed-state-backend.js";
import { HeapKeyedStateBackend } from "./heap-keyed-state-backend.js";

function backend(clock = new ManualClock(0), maxParallelism = 128) {
  return new HeapKeyedStateBackend<unknown>({ maxParallelism, clock });
}

const avg = {
  createAccumulator: () => ({ sum: 0, n: 0 }),
  add: (v: number, acc: { sum: number; n: number }) => ({ sum: acc.sum + v, n: acc.n + 1 }),
  getResult: (acc: { sum: number; n: number }) => acc.sum / acc.n,
  merge: (a: { sum: number; n: number }, b: { sum: number; n: number }) => ({
    sum: a.sum + b.sum,
    n: a.n + b.n,
  }),
};

describe("HeapKeyedStateBackend: state types", () => {
  it("ValueState is scoped to the current key; default value; update(undefined) clears", () => {
    const b = backend();
    const count = b.getPartitionedState(VOID_NAMESPACE, new ValueStateDescriptor<number>("count", 0));
    b.setCurrentKey("a");
    expect(count.value()).toBe(0);
    count.update(5);
    b.setCurrentKey(["b", 1]);
    expect(count.value()).toBe(0);
    count.update(7);
    b.setCurrentKey("a");
    expect(count.value()).toBe(5);
    count.update(undefined);
    expect(count.value()).toBe(0);
    b.setCurrentKey(["b", 1]);
    expect(count.value()).toBe(7);
    expect(b.getKeys("count", VOID_NAMESPACE)).toEqual([["b", 1]]);
  });

  it("ListState get/add/addAll/update/clear", () => {
    const b = backend();
    const list = b.getPartitionedState(VOID_NAMESPACE, new ListStateDescriptor<string>("l"));
    b.setCurrentKey(1);
    expect(list.get()).toEqual([]);
    list.add("x");
    list.addAll(["y", "z"]);
    expect(list.get()).toEqual(["x", "y", "z"]);
    list.update(["q"]);
    expect(list.get()).toEqual(["q"]);
    list.update([]);
    expect(list.get()).toEqual([]);
    expect(b.numEntries()).toBe(0);
  });

  it("MapState with value-compared keys", () => {
    const b = backend();
    const map = b.getPartitionedState(VOID_NAMESPACE, new MapStateDescriptor<[string, number], number>("m"));
    b.setCurrentKey("k");
    expect(map.isEmpty()).toBe(true);
    map.put(["a", 1], 10);
    map.putAll([[["b", 2], 20]]);
    expect(map.get(["a", 1])).toBe(10);
    expect(map.contains(["b", 2])).toBe(true);
    expect(map.contains(["c", 3])).toBe(false);
    map.put(["a", 1], 11);
    expect([...map.entries()]).toEqual([
      [["a", 1], 11],
      [["b", 2], 20],
    ]);
    expect([...map.keys()]).toEqual([
      ["a", 1],
      ["b", 2],
    ]);
    expect([...map.values()]).toEqual([11, 20]);
    map.remove(["a", 1]);
    map.remove(["b", 2]);
    expect(map.isEmpty()).toBe(true);
    expect(b.numEntries()).toBe(0);
  });

  it("ReducingState and AggregatingState fold as values are added", () => {
    const b = backend();
    const sum = b.getPartitionedState(
      VOID_NAMESPACE,
      new ReducingStateDescriptor<number>("sum", (x, y) => x + y),
    );
    const mean = b.getPartitionedState(VOID_NAMESPACE, new AggregatingStateDescriptor("mean", avg));
    b.setCurrentKey("a");
    expect(sum.get()).toBeUndefined();
    expect(mean.get()).toBeUndefined();
    for (const v of [1, 2, 6]) {
      sum.add(v);
      mean.add(v);
    }
    expect(sum.get()).toBe(9);
    expect(mean.get()).toBe(3);
    sum.clear();
    expect(sum.get()).toBeUndefined();
  });

  it("a state name used with another kind is a JobDefinitionError", () => {
    const b = backend();
    b.getPartitionedState(VOID_NAMESPACE, new ValueStateDescriptor<number>("s"));
    expect(() => b.getPartitionedState(VOID_NAMESPACE, new ListStateDescriptor<number>("s"))).toThrow(
      JobDefinitionError,
    );
  });
});

describe("HeapKeyedStateBackend: namespaces", () => {
  it("keeps per-namespace values, merges namespaces (session windows), applies to all keys", () => {
    const b = backend();
    const d = new ListStateDescriptor<number>("contents");
    const internal = b.getOrCreateKeyedState<
      { start: number; end: number },
      ReturnType<typeof b.getPartitionedState<null, never>>
    >(d as never) as unknown as InternalMergingState<{ start: number; end: number }> & {
      add(v: number): void;
      get(): readonly number[];
    };
    b.setCurrentKey("k");
    internal.setCurrentNamespace({ start: 0, end: 10 });
    internal.add(1);
    internal.setCurrentNamespace({ start: 5, end: 15 });
    internal.add(2);
    internal.setCurrentNamespace({ end: 10, start: 0 });
    expect(internal.get()).toEqual([1]);
    internal.mergeNamespaces({ start: 0, end: 15 }, [
      { start: 0, end: 10 },
      { start: 5, end: 15 },
    ]);
    internal.setCurrentNamespace({ start: 0, end: 15 });
    expect(internal.get()).toEqual([1, 2]);
    expect(b.numEntries()).toBe(1);

    const sum = new ReducingStateDescriptor<number>("sum", (x, y) => x + y);
    for (const key of ["a", "b"]) {
      b.setCurrentKey(key);
      b.getPartitionedState(VOID_NAMESPACE, sum).add(key === "a" ? 1 : 2);
    }
    const seen: [unknown, number | undefined][] = [];
    b.applyToAllKeys(VOID_NAMESPACE, sum, (key, state) => {
      seen.push([key, state.get()]);
      state.add(10);
    });
    expect(seen).toEqual([
      ["a", 1],
      ["b", 2],
    ]);
    b.setCurrentKey("b");
    expect(b.getPartitionedState(VOID_NAMESPACE, sum).get()).toBe(12);
  });

  it("clearCurrentKey drops the key in every state and namespace", () => {
    const b = backend();
    const v = new ValueStateDescriptor<number>("v");
    b.setCurrentKey("a");
    b.getPartitionedState(VOID_NAMESPACE, v).update(1);
    b.getPartitionedState("w1", v).update(2);
    b.setCurrentKey("b");
    b.getPartitionedState(VOID_NAMESPACE, v).update(3);
    b.setCurrentKey("a");
    b.clearCurrentKey();
    expect(b.numEntries()).toBe(1);
  });
});

describe("HeapKeyedStateBackend: TTL", () => {
  it("OnCreateAndWrite + NeverReturnExpired: reads do not extend; expired values are gone", () => {
    const clock = new ManualClock(0);
    const b = backend(clock);
    const d = new ValueStateDescriptor<string>("v");
    d.enableTimeToLive(StateTtlConfig.newBuilder(10).build());
    const v = b.getPartitionedState(VOID_NAMESPACE, d);
    b.setCurrentKey("a");
    v.update("x");
    clock.advanceTo(9);
    expect(v.value()).toBe("x");
    clock.advanceTo(10);
    expect(v.value()).toBeUndefined();
    expect(b.numEntries()).toBe(0);
  });

  it("OnReadAndWrite extends the lifetime on every read", () => {
    const clock = new ManualClock(0);
    const b = backend(clock);
    const d = new ValueStateDescriptor<string>("v");
    d.enableTimeToLive(
      StateTtlConfig.newBuilder(10).setUpdateType(StateTtlConfig.UpdateType.OnReadAndWrite).build(),
    );
    const v = b.getPartitionedState(VOID_NAMESPACE, d);
    b.setCurrentKey("a");
    v.update("x");
    clock.advanceTo(8);
    expect(v.value()).toBe("x");
    clock.advanceTo(16);
    expect(v.value()).toBe("x");
    clock.advanceTo(26);
    expect(v.value()).toBeUndefined();
  });

  it("ReturnExpiredIfNotCleanedUp returns an expired value once, then it is cleaned up", () => {
    const clock = new ManualClock(0);
    const b = backend(clock);
    const d = new ValueStateDescriptor<string>("v");
    d.enableTimeToLive(
      StateTtlConfig.newBuilder(5)
        .setStateVisibility(StateTtlConfig.StateVisibility.ReturnExpiredIfNotCleanedUp)
        .disableCleanupInBackground()
        .build(),
    );
    const v = b.getPartitionedState(VOID_NAMESPACE, d);
    b.setCurrentKey("a");
    v.update("x");
    clock.advanceTo(100);
    expect(v.value()).toBe("x");
    expect(v.value()).toBeUndefined();
  });

  it("list and map state expire per element / entry", () => {
    const clock = new ManualClock(0);
    const b = backend(clock);
    const ttl = StateTtlConfig.newBuilder(10).build();
    const ld = new ListStateDescriptor<number>("l");
    ld.enableTimeToLive(ttl);
    const md = new MapStateDescriptor<string, number>("m");
    md.enableTimeToLive(ttl);
    const list = b.getPartitionedState(VOID_NAMESPACE, ld);
    const map = b.getPartitionedState(VOID_NAMESPACE, md);
    b.setCurrentKey("k");
    list.add(1);
    map.put("a", 1);
    clock.advanceTo(5);
    list.add(2);
    map.put("b", 2);
    clock.advanceTo(12);
    expect(list.get()).toEqual([2]);
    expect([...map.entries()]).toEqual([["b", 2]]);
    expect(map.contains("a")).toBe(false);
    clock.advanceTo(20);
    expect(list.get()).toEqual([]);
    expect(map.isEmpty()).toBe(true);
    expect(b.numEntries()).toBe(0);
  });

  it("incremental cleanup removes expired entries of other keys on access; full-snapshot cleanup skips them", () => {
    const clock = new ManualClock(0);
    const b = backend(clock);
    const d = new ValueStateDescriptor<number>("v");
    d.enableTimeToLive(StateTtlConfig.newBuilder(10).cleanupFullSnapshot().cleanupIncrementally(100).build());
    const v = b.getPartitionedState(VOID_NAMESPACE, d);
    for (let k = 0; k < 5; k++) {
      b.setCurrentKey(k);
      v.update(k);
    }
    clock.advanceTo(50);
    expect(b.snapshot().keyGroups).toEqual([]);
    expect(b.numEntries()).toBe(5);
    b.setCurrentKey("fresh");
    v.update(1);
    expect(b.numEntries()).toBe(1);
  });
});

describe("HeapKeyedStateBackend: snapshots by key group", () => {
  it("restores into two backends at another parallelism; each keeps its key groups", () => {
    const clock = new ManualClock(0);
    const source = backend(clock);
    const v = new ValueStateDescriptor<number>("v");
    const m = new MapStateDescriptor<string, number>("m");
    const keys = Array.from({ length: 20 }, (_, i) => `key-${i}`);
    for (const [i, key] of keys.entries()) {
      source.setCurrentKey(key);
      source.getPartitionedState(VOID_NAMESPACE, v).update(i);
      source.getPartitionedState(VOID_NAMESPACE, m).put("x", i);
    }
    const snapshot = source.snapshot();
    const groups = snapshot.keyGroups.map((g) => g.keyGroup);
    expect(groups).toEqual([...groups].sort((a, b) => a - b));
    for (const group of snapshot.keyGroups) {
      for (const entry of group.entries) expect(assignToKeyGroup(entry.key, 128)).toBe(group.keyGroup);
    }

    let restoredKeys = 0;
    for (let subtask = 0; subtask < 2; subtask++) {
      const range = computeKeyGroupRangeForOperatorIndex(128, 2, subtask);
      const target = new HeapKeyedStateBackend<unknown>({ maxParallelism: 128, keyGroupRange: range, clock });
      target.restore([snapshot]);
      const value = target.getPartitionedState(VOID_NAMESPACE, v);
      const map = target.getPartitionedState(VOID_NAMESPACE, m);
      for (const [i, key] of keys.entries()) {
        target.setCurrentKey(key);
        const mine = target.getCurrentKeyGroup() >= range.start && target.getCurrentKeyGroup() <= range.end;
        expect(value.value()).toBe(mine ? i : undefined);
        expect(map.get("x")).toBe(mine ? i : undefined);
        if (mine) restoredKeys++;
      }
    }
    expect(restoredKeys).toBe(keys.length);
  });
});
