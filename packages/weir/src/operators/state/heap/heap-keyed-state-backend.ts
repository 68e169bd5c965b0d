/**
 * The heap keyed state backend (Flink's `HeapKeyedStateBackend`): every state is a `StateTable`
 * on the JavaScript heap. See `keyed-state-backend.ts` for the contract.
 *
 * Cost per record: `setCurrentKey` normalizes the key once (composite keys build one string); the
 * key group is hashed only when asked (`getCurrentKeyGroup`, or when a key gets its first entry in a
 * state). State access is at most two `Map` lookups, usually one or none (see `state-table.ts`).
 */
import type { Clock } from "../../../core/clock.js";
import { JobDefinitionError } from "../../../core/errors.js";
import { assignToKeyGroup, type KeyGroupRange } from "../../../core/keygroups.js";
import type {
  InternalStateOf,
  KeyedStateBackend,
  KeyedStateEntry,
  KeyedStateSnapshot,
  KeyGroupStateSnapshot,
} from "../keyed-state-backend.js";
import { type NormalizedKey, normalizeKey } from "../normalized-key.js";
import type {
  AggregatingStateDescriptor,
  AnyStateDescriptor,
  ReducingStateDescriptor,
  StateDescriptor,
  ValueStateDescriptor,
} from "../state-descriptors.js";
import type { State } from "../state-types.js";
import type { HeapKeyContext, HeapStateBase } from "./heap-state-base.js";
import {
  HeapAggregatingState,
  HeapListState,
  HeapMapState,
  HeapReducingState,
  HeapValueState,
} from "./heap-states.js";
import { StateTable } from "./state-table.js";
import { TtlPolicy } from "./ttl.js";

export interface HeapKeyedStateBackendOptions {
  readonly maxParallelism: number;
  /** Default: all key groups. */
  readonly keyGroupRange?: KeyGroupRange;
  /** Time of state TTL (processing time). */
  readonly clock: Clock;
}

interface TableHandles {
  readonly table: StateTable;
  voidHandle: HeapStateBase<unknown> | undefined;
  sharedHandle: HeapStateBase<unknown> | undefined;
}

export class HeapKeyedStateBackend<K = unknown> implements KeyedStateBackend<K>, HeapKeyContext {
  readonly maxParallelism: number;
  readonly keyGroupRange: KeyGroupRange;
  currentKey: unknown;
  currentNorm: NormalizedKey;
  private keyGroupOfCurrent = -1;
  private readonly tables = new Map<string, TableHandles>();
  /** Tables with incremental TTL cleanup on every record. */
  private perRecordCleanup: StateTable[] = [];
  private readonly clock: Clock;

  constructor(options: HeapKeyedStateBackendOptions) {
    this.maxParallelism = options.maxParallelism;
    this.keyGroupRange = options.keyGroupRange ?? { start: 0, end: options.maxParallelism - 1 };
    this.clock = options.clock;
  }

  readonly currentKeyGroup = (): number => {
    if (this.keyGroupOfCurrent < 0)
      this.keyGroupOfCurrent = assignToKeyGroup(this.currentKey, this.maxParallelism);
    return this.keyGroupOfCurrent;
  };

  setCurrentKey(key: K): void {
    this.currentKey = key;
    this.currentNorm = normalizeKey(key);
    this.keyGroupOfCurrent = -1;
    const cleanup = this.perRecordCleanup;
    for (let i = 0; i < cleanup.length; i++) this.cleanupStep(cleanup[i]!);
  }

  getCurrentKey(): K {
    return this.currentKey as K;
  }

  getCurrentKeyGroup(): number {
    return this.currentKeyGroup();
  }

  beforeAccess(table: StateTable): void {
    const ttl = table.ttl;
    if (ttl !== undefined && ttl.incrementalCleanupSize > 0 && !ttl.cleanupEveryRecord)
      this.cleanupStep(table);
  }

  getPartitionedState<N, S extends State>(namespace: N, descriptor: StateDescriptor<S>): S {
    const handles = this.handlesOf(descriptor as unknown as AnyStateDescriptor);
    if (namespace === null) {
      handles.voidHandle ??= this.createHandle(handles.table, null);
      return handles.voidHandle as unknown as S;
    }
    if (handles.sharedHandle === undefined)
      handles.sharedHandle = this.createHandle(handles.table, namespace);
    const shared = handles.sharedHandle;
    shared.setCurrentNamespace(namespace);
    return shared as unknown as S;
  }

  getOrCreateKeyedState<N, S extends State>(descriptor: StateDescriptor<S>): InternalStateOf<S, N> {
    const handles = this.handlesOf(descriptor as unknown as AnyStateDescriptor);
    return this.createHandle(handles.table, null) as unknown as InternalStateOf<S, N>;
  }

  getKeys(stateName: string, namespace: unknown): K[] {
    const table = this.tables.get(stateName)?.table;
    if (table === undefined) return [];
    const nsNorm = normalizeKey(namespace);
    const keys: K[] = [];
    for (const row of table.allRows()) if (row.has(nsNorm)) keys.push(row.key as K);
    return keys;
  }

  applyToAllKeys<N, S extends State>(
    namespace: N,
    descriptor: StateDescriptor<S>,
    fn: (key: K, state: S) => void,
  ): void {
    const state = this.getPartitionedState(namespace, descriptor);
    const keys = this.getKeys(descriptor.name, namespace);
    const savedKey = this.currentKey as K;
    try {
      for (const key of keys) {
        this.setCurrentKey(key);
        if (namespace !== null) (state as unknown as HeapStateBase<N>).setCurrentNamespace(namespace);
        fn(key, state);
      }
    } finally {
      this.setCurrentKey(savedKey);
    }
  }

  clearCurrentKey(): void {
    for (const { table } of this.tables.values()) table.removeRow(this.currentNorm);
  }

  numEntries(): number {
    let n = 0;
    for (const { table } of this.tables.values()) n += table.numEntries();
    return n;
  }

  /** Number of keys that have state in `stateName` (tests). */
  numKeys(stateName: string): number {
    return this.tables.get(stateName)?.table.numKeys() ?? 0;
  }

  snapshot(): KeyedStateSnapshot {
    const groups = new Map<number, KeyedStateEntry[]>();
    const now = this.clock.now();
    for (const { table } of this.tables.values()) {
      const ttl = table.ttlEnabled ? table.ttl : undefined;
      const dropExpired = ttl?.cleanupFullSnapshot === true;
      for (const row of table.allRows()) {
        for (const entry of row.entries()) {
          let value = entry.value;
          if (dropExpired) {
            value = ttl.sweep(
              table.kind,
              table.kind === "map" ? new Map(value as Map<unknown, unknown>) : value,
              now,
            );
            if (value === undefined) continue;
          }
          if (table.kind === "map") value = [...(value as Map<unknown, [unknown, unknown]>).values()];
          let list = groups.get(row.keyGroup);
          if (list === undefined) {
            list = [];
            groups.set(row.keyGroup, list);
          }
          list.push({ state: table.name, key: row.key, namespace: entry.namespace, value });
        }
      }
    }
    const keyGroups: KeyGroupStateSnapshot[] = [...groups.keys()]
      .sort((a, b) => a - b)
      .map((keyGroup) => ({ keyGroup, entries: groups.get(keyGroup)! }));
    return {
      maxParallelism: this.maxParallelism,
      keyGroupRange: this.keyGroupRange,
      states: [...this.tables.values()].map(({ table }) => ({
        name: table.name,
        kind: table.kind,
        ttlEnabled: table.ttlEnabled,
      })),
      keyGroups,
    };
  }

  restore(snapshots: readonly KeyedStateSnapshot[]): void {
    const { start, end } = this.keyGroupRange;
    for (const snapshot of snapshots) {
      if (snapshot.maxParallelism !== this.maxParallelism) {
        throw new JobDefinitionError(
          `cannot restore keyed state written with max parallelism ${snapshot.maxParallelism} into max parallelism ${this.maxParallelism}`,
          { hint: "the max parallelism of a stateful operator must not change between runs" },
        );
      }
      for (const meta of snapshot.states) {
        const existing = this.tables.get(meta.name);
        if (existing === undefined) {
          this.tables.set(meta.name, {
            table: new StateTable(meta.name, meta.kind, meta.ttlEnabled),
            voidHandle: undefined,
            sharedHandle: undefined,
          });
        }
      }
      for (const group of snapshot.keyGroups) {
        if (group.keyGroup < start || group.keyGroup > end) continue;
        for (const entry of group.entries) {
          const table = this.tables.get(entry.state)?.table;
          if (table === undefined) continue;
          let value = entry.value;
          if (table.kind === "map") {
            value = new Map(
              (value as [unknown, unknown][]).map((pair) => [normalizeKey(pair[0]), [pair[0], pair[1]]]),
            );
          } else if (table.kind === "list") {
            value = [...(value as unknown[])];
          }
          table.put(
            normalizeKey(entry.key),
            entry.key,
            () => group.keyGroup,
            normalizeKey(entry.namespace),
            entry.namespace,
            value,
          );
        }
      }
    }
  }

  dispose(): void {
    for (const { table } of this.tables.values()) table.clear();
  }

  private cleanupStep(table: StateTable): void {
    const ttl = table.ttl;
    if (ttl === undefined || !table.ttlEnabled) return;
    const now = ttl.now();
    table.cleanupIncrementally(ttl.incrementalCleanupSize, (value) => ttl.sweep(table.kind, value, now));
  }

  private handlesOf(descriptor: AnyStateDescriptor): TableHandles {
    let handles = this.tables.get(descriptor.name);
    if (handles === undefined) {
      handles = {
        table: new StateTable(descriptor.name, descriptor.kind, descriptor.isTtlEnabled()),
        voidHandle: undefined,
        sharedHandle: undefined,
      };
      this.tables.set(descriptor.name, handles);
    }
    const table = handles.table;
    if (table.kind !== descriptor.kind) {
      throw new JobDefinitionError(
        `state '${descriptor.name}' is a ${table.kind} state, but was asked for as a ${descriptor.kind} state`,
        { hint: "give states of different kinds different names" },
      );
    }
    if (table.descriptor === undefined) this.bind(table, descriptor);
    return handles;
  }

  private bind(table: StateTable, descriptor: AnyStateDescriptor): void {
    const ttlConfig = descriptor.getTtlConfig();
    if (table.numKeys() > 0 && table.ttlEnabled !== (ttlConfig !== undefined)) {
      throw new JobDefinitionError(
        `state '${descriptor.name}' was restored ${table.ttlEnabled ? "with" : "without"} TTL, but its descriptor ${ttlConfig ? "enables" : "does not enable"} TTL`,
        { hint: "changing the TTL setting of a state needs a fresh start (no savepoint)" },
      );
    }
    table.descriptor = descriptor;
    table.ttlEnabled = ttlConfig !== undefined;
    table.ttl = ttlConfig === undefined ? undefined : new TtlPolicy(ttlConfig, this.clock);
    if (table.ttl?.cleanupEveryRecord === true && table.ttl.incrementalCleanupSize > 0)
      this.perRecordCleanup.push(table);
  }

  private createHandle(table: StateTable, namespace: unknown): HeapStateBase<unknown> {
    const descriptor = table.descriptor!;
    switch (descriptor.kind) {
      case "value":
        return new HeapValueState(this, table, namespace, descriptor as ValueStateDescriptor<unknown>);
      case "list":
        return new HeapListState(this, table, namespace);
      case "map":
        return new HeapMapState(this, table, namespace);
      case "reducing":
        return new HeapReducingState(this, table, namespace, descriptor as ReducingStateDescriptor<unknown>);
      case "aggregating":
        return new HeapAggregatingState(
          this,
          table,
          namespace,
          descriptor as AggregatingStateDescriptor<unknown, unknown, unknown>,
        );
    }
  }
}
