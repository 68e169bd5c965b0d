/**
 * The heap `OperatorStateStore` (Flink's `DefaultOperatorStateBackend`): list, union list and
 * broadcast state of one operator subtask. See `operator-state-store.ts` for the contract.
 */
import { JobDefinitionError } from "../../core/errors.js";
import { type NormalizedKey, normalizeKey } from "./normalized-key.js";
import type { OperatorStateMode, OperatorStateSnapshot, OperatorStateStore } from "./operator-state-store.js";
import type { ListStateDescriptor, MapStateDescriptor } from "./state-descriptors.js";
import type { BroadcastState, ListState } from "./state-types.js";

interface ListEntry {
  readonly mode: "SPLIT_DISTRIBUTE" | "UNION";
  values: unknown[];
  handle: ListState<unknown> | undefined;
}

interface BroadcastEntry {
  readonly mode: "BROADCAST";
  readonly map: Map<NormalizedKey, [unknown, unknown]>;
  handle: HeapBroadcastState<unknown, unknown> | undefined;
}

export class DefaultOperatorStateStore implements OperatorStateStore {
  private readonly lists = new Map<string, ListEntry>();
  private readonly broadcasts = new Map<string, BroadcastEntry>();
  private restored = false;

  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T> {
    return this.list(descriptor.name, "SPLIT_DISTRIBUTE") as ListState<T>;
  }

  getUnionListState<T>(descriptor: ListStateDescriptor<T>): ListState<T> {
    return this.list(descriptor.name, "UNION") as ListState<T>;
  }

  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): BroadcastState<K, V> {
    let entry = this.broadcasts.get(descriptor.name);
    if (entry === undefined) {
      entry = { mode: "BROADCAST", map: new Map(), handle: undefined };
      this.broadcasts.set(descriptor.name, entry);
    }
    entry.handle ??= new HeapBroadcastState(entry.map);
    return entry.handle as unknown as BroadcastState<K, V>;
  }

  getRegisteredStateNames(): string[] {
    return [...this.lists.keys()];
  }

  getRegisteredBroadcastStateNames(): string[] {
    return [...this.broadcasts.keys()];
  }

  isRestored(): boolean {
    return this.restored;
  }

  snapshot(): OperatorStateSnapshot {
    return {
      states: [
        ...[...this.lists].map(([name, e]) => ({
          name,
          mode: e.mode as OperatorStateMode,
          values: [...e.values],
        })),
        ...[...this.broadcasts].map(([name, e]) => ({
          name,
          mode: "BROADCAST" as const,
          values: [...e.map.values()].map(([k, v]) => [k, v]),
        })),
      ],
    };
  }

  restore(snapshots: readonly OperatorStateSnapshot[], subtaskIndex: number, parallelism: number): void {
    if (snapshots.length > 0) this.restored = true;
    // Even split: the concatenation of all old subtasks' elements, dealt round robin.
    const splitAll = new Map<string, unknown[]>();
    snapshots.forEach((snapshot, oldIndex) => {
      for (const state of snapshot.states) {
        if (state.mode === "BROADCAST") {
          if (oldIndex !== 0 && this.broadcasts.has(state.name)) continue;
          const map = new Map<NormalizedKey, [unknown, unknown]>();
          for (const pair of state.values as [unknown, unknown][])
            map.set(normalizeKey(pair[0]), [pair[0], pair[1]]);
          this.broadcasts.set(state.name, { mode: "BROADCAST", map, handle: undefined });
        } else if (state.mode === "UNION") {
          this.entryFor(state.name, "UNION").values.push(...state.values);
        } else {
          const all = splitAll.get(state.name) ?? [];
          all.push(...state.values);
          splitAll.set(state.name, all);
        }
      }
    });
    for (const [name, all] of splitAll) {
      const mine = this.entryFor(name, "SPLIT_DISTRIBUTE");
      for (let i = subtaskIndex; i < all.length; i += parallelism) mine.values.push(all[i]);
    }
  }

  private entryFor(name: string, mode: ListEntry["mode"]): ListEntry {
    let entry = this.lists.get(name);
    if (entry === undefined) {
      entry = { mode, values: [], handle: undefined };
      this.lists.set(name, entry);
    } else if (entry.mode !== mode) {
      throw new JobDefinitionError(
        `operator state '${name}' is registered as ${entry.mode === "UNION" ? "union list" : "list"} state and cannot be used as ${mode === "UNION" ? "union list" : "list"} state`,
      );
    }
    return entry;
  }

  private list(name: string, mode: ListEntry["mode"]): ListState<unknown> {
    const entry = this.entryFor(name, mode);
    entry.handle ??= {
      get: () => entry.values,
      add: (value) => {
        entry.values.push(value);
      },
      addAll: (values) => {
        for (const value of values) entry.values.push(value);
      },
      update: (values) => {
        entry.values = [...values];
      },
      clear: () => {
        entry.values = [];
      },
    };
    return entry.handle;
  }
}

/** Broadcast state on the heap: a map whose keys compare by value. */
export class HeapBroadcastState<K, V> implements BroadcastState<K, V> {
  constructor(private readonly map: Map<NormalizedKey, [unknown, unknown]>) {}

  get(key: K): V | undefined {
    return this.map.get(normalizeKey(key))?.[1] as V | undefined;
  }

  contains(key: K): boolean {
    return this.map.has(normalizeKey(key));
  }

  *immutableEntries(): IterableIterator<[K, V]> {
    for (const [k, v] of this.map.values()) yield [k as K, v as V];
  }

  put(key: K, value: V): void {
    const norm = normalizeKey(key);
    const pair = this.map.get(norm);
    if (pair === undefined) this.map.set(norm, [key, value]);
    else pair[1] = value;
  }

  putAll(entries: Iterable<readonly [K, V]> | ReadonlyMap<K, V>): void {
    for (const [key, value] of entries) this.put(key, value);
  }

  remove(key: K): void {
    this.map.delete(normalizeKey(key));
  }

  entries(): IterableIterator<[K, V]> {
    return this.immutableEntries();
  }

  clear(): void {
    this.map.clear();
  }

  /** Number of entries (tests). */
  get size(): number {
    return this.map.size;
  }
}
