/**
 * The heap implementations of the state handles (see `state-types.ts` for the user contract and
 * `keyed-state-backend.ts` for the internal one). One class per state kind.
 */
import { normalizeKey } from "../normalized-key.js";
import type {
  AggregatingStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from "../state-descriptors.js";
import type { AggregatingState, ListState, MapState, ReducingState, ValueState } from "../state-types.js";
import { type HeapKeyContext, HeapStateBase } from "./heap-state-base.js";
import type { StateTable } from "./state-table.js";
import type { TtlValue } from "./ttl.js";

const EMPTY: readonly never[] = Object.freeze([]);

export class HeapValueState<N, T> extends HeapStateBase<N> implements ValueState<T> {
  private readonly defaultValue: T | undefined;

  constructor(keys: HeapKeyContext, table: StateTable, namespace: N, descriptor: ValueStateDescriptor<T>) {
    super(keys, table, namespace);
    this.defaultValue = descriptor.defaultValue;
  }

  value(): T | undefined {
    const entry = this.entry();
    if (entry === undefined) return this.defaultValue;
    const value = this.readSingle(entry) as T | undefined;
    return value === undefined ? this.defaultValue : value;
  }

  update(value: T | undefined): void {
    if (value === undefined) this.clear();
    else this.writeSingle(value);
  }
}

export class HeapListState<N, T> extends HeapStateBase<N> implements ListState<T> {
  get(): readonly T[] {
    const entry = this.entry();
    if (entry === undefined) return EMPTY;
    const ttl = this.ttl;
    if (ttl === undefined) return entry.value as T[];
    const wrapped = entry.value as TtlValue<T>[];
    const now = ttl.now();
    const all: T[] = [];
    const live: TtlValue<T>[] = [];
    for (const element of wrapped) {
      const expired = ttl.isExpired(element, now);
      if (!expired) {
        if (ttl.updateOnRead) element.ts = now;
        live.push(element);
      }
      if (!expired || ttl.returnExpired) all.push(element.v);
    }
    if (live.length === 0) this.clear();
    else if (live.length !== wrapped.length) entry.value = live;
    return all;
  }

  add(value: T): void {
    const entry = this.entry();
    const stored = this.ttl === undefined ? value : this.ttl.wrap(value);
    if (entry === undefined) this.store([stored]);
    else (entry.value as unknown[]).push(stored);
  }

  addAll(values: Iterable<T>): void {
    for (const value of values) this.add(value);
  }

  update(values: Iterable<T>): void {
    const ttl = this.ttl;
    const list: unknown[] = [];
    for (const value of values) list.push(ttl === undefined ? value : ttl.wrap(value));
    if (list.length === 0) this.clear();
    else this.store(list);
  }

  mergeNamespaces(target: N, sources: readonly N[]): void {
    // Raw: with TTL every element keeps its own timestamp.
    this.mergeSingles(target, sources, (a, b) => (a as unknown[]).concat(b as unknown[]), true);
  }
}

/** Stored form: normalized user key → `[userKey, value]` (value TTL-wrapped when on). */
type StoredMap = Map<unknown, [unknown, unknown]>;

export class HeapMapState<N, UK, UV> extends HeapStateBase<N> implements MapState<UK, UV> {
  get(key: UK): UV | undefined {
    const map = this.map();
    if (map === undefined) return undefined;
    const norm = normalizeKey(key);
    const pair = map.get(norm);
    if (pair === undefined) return undefined;
    return this.readPair(map, norm, pair) as UV | undefined;
  }

  put(key: UK, value: UV): void {
    const stored = this.ttl === undefined ? value : this.ttl.wrap(value);
    const norm = normalizeKey(key);
    const map = this.map();
    if (map === undefined) {
      this.store(new Map([[norm, [key, stored]]]));
      return;
    }
    const pair = map.get(norm);
    if (pair === undefined) map.set(norm, [key, stored]);
    else pair[1] = stored;
  }

  putAll(entries: Iterable<readonly [UK, UV]> | ReadonlyMap<UK, UV>): void {
    for (const [key, value] of entries) this.put(key, value);
  }

  remove(key: UK): void {
    const map = this.map();
    if (map === undefined) return;
    map.delete(normalizeKey(key));
    if (map.size === 0) this.clear();
  }

  contains(key: UK): boolean {
    const map = this.map();
    if (map === undefined) return false;
    const norm = normalizeKey(key);
    const pair = map.get(norm);
    if (pair === undefined) return false;
    if (this.ttl === undefined) return true;
    this.readPair(map, norm, pair);
    return map.has(norm) || this.ttl.returnExpired;
  }

  *entries(): IterableIterator<[UK, UV]> {
    const map = this.map();
    if (map === undefined) return;
    const ttl = this.ttl;
    if (ttl === undefined) {
      for (const pair of map.values()) yield [pair[0] as UK, pair[1] as UV];
      return;
    }
    const now = ttl.now();
    for (const [norm, pair] of [...map]) {
      const wrapped = pair[1] as TtlValue<UV>;
      if (ttl.isExpired(wrapped, now)) {
        map.delete(norm);
        if (ttl.returnExpired) yield [pair[0] as UK, wrapped.v];
      } else {
        if (ttl.updateOnRead) wrapped.ts = now;
        yield [pair[0] as UK, wrapped.v];
      }
    }
    if (map.size === 0 && this.map() === map) this.clear();
  }

  *keys(): IterableIterator<UK> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): IterableIterator<UV> {
    for (const [, value] of this.entries()) yield value;
  }

  isEmpty(): boolean {
    const map = this.map();
    if (map === undefined) return true;
    if (this.ttl === undefined) return map.size === 0;
    for (const _ of this.entries()) return false;
    return true;
  }

  private map(): StoredMap | undefined {
    return this.entry()?.value as StoredMap | undefined;
  }

  /** The value of a pair with TTL handling (removes expired pairs). */
  private readPair(map: StoredMap, norm: unknown, pair: [unknown, unknown]): unknown {
    const ttl = this.ttl;
    if (ttl === undefined) return pair[1];
    const wrapped = pair[1] as TtlValue<unknown>;
    const now = ttl.now();
    if (ttl.isExpired(wrapped, now)) {
      map.delete(norm);
      if (map.size === 0) this.clear();
      return ttl.returnExpired ? wrapped.v : undefined;
    }
    if (ttl.updateOnRead) wrapped.ts = now;
    return wrapped.v;
  }
}

export class HeapReducingState<N, T> extends HeapStateBase<N> implements ReducingState<T> {
  private readonly reduce: (a: T, b: T) => T;

  constructor(keys: HeapKeyContext, table: StateTable, namespace: N, descriptor: ReducingStateDescriptor<T>) {
    super(keys, table, namespace);
    this.reduce = descriptor.reduce;
  }

  get(): T | undefined {
    const entry = this.entry();
    return entry === undefined ? undefined : (this.readSingle(entry) as T | undefined);
  }

  add(value: T): void {
    const entry = this.entry();
    if (entry !== undefined && this.ttl === undefined) {
      // Without TTL nothing can remove the entry in between: update it in place.
      const current = entry.value as T | undefined;
      entry.value = current === undefined ? value : this.reduce(current, value);
      return;
    }
    // Expired values count as absent (Flink's TtlReducingState reads with the TTL check).
    const current = entry === undefined ? undefined : (this.readSingleForUpdate(entry) as T | undefined);
    this.writeSingle(current === undefined ? value : this.reduce(current, value));
  }

  mergeNamespaces(target: N, sources: readonly N[]): void {
    this.mergeSingles(target, sources, (a, b) => this.reduce(a as T, b as T));
  }

  private readSingleForUpdate(entry: { value: unknown }): unknown {
    const ttl = this.ttl;
    if (ttl === undefined) return entry.value;
    const wrapped = entry.value as TtlValue<unknown>;
    return ttl.isExpired(wrapped, ttl.now()) ? undefined : wrapped.v;
  }
}

export class HeapAggregatingState<N, IN, ACC, OUT>
  extends HeapStateBase<N>
  implements AggregatingState<IN, OUT>
{
  private readonly descriptor: AggregatingStateDescriptor<IN, ACC, OUT>;

  constructor(
    keys: HeapKeyContext,
    table: StateTable,
    namespace: N,
    descriptor: AggregatingStateDescriptor<IN, ACC, OUT>,
  ) {
    super(keys, table, namespace);
    this.descriptor = descriptor;
  }

  get(): OUT | undefined {
    const entry = this.entry();
    if (entry === undefined) return undefined;
    const acc = this.readSingle(entry) as ACC | undefined;
    return acc === undefined ? undefined : this.descriptor.aggregateFunction.getResult(acc);
  }

  add(value: IN): void {
    const fn = this.descriptor.aggregateFunction;
    const entry = this.entry();
    let acc: ACC | undefined;
    if (entry !== undefined) {
      const ttl = this.ttl;
      if (ttl === undefined) {
        // Without TTL nothing can remove the entry in between: update it in place.
        const current = entry.value as ACC | undefined;
        entry.value = fn.add(value, current === undefined ? fn.createAccumulator() : current);
        return;
      } else {
        const wrapped = entry.value as TtlValue<ACC>;
        acc = ttl.isExpired(wrapped, ttl.now()) ? undefined : wrapped.v;
      }
    }
    this.writeSingle(fn.add(value, acc === undefined ? fn.createAccumulator() : acc));
  }

  mergeNamespaces(target: N, sources: readonly N[]): void {
    const fn = this.descriptor.aggregateFunction;
    this.mergeSingles(target, sources, (a, b) => fn.merge(a as ACC, b as ACC));
  }
}
