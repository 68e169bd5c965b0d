/**
 * Common part of the heap state handles: binding to a namespace, finding the entry of the
 * current key and namespace, TTL unwrapping and namespace merging. One handle object serves every
 * key; the per-call path does two `Map` lookups and allocates nothing (TTL wraps a value on write).
 */
import { type NormalizedKey, normalizeKey } from "../normalized-key.js";
import type { NsEntry, StateTable } from "./state-table.js";
import type { TtlPolicy, TtlValue } from "./ttl.js";

/** What a handle needs from its backend. */
export interface HeapKeyContext {
  /** Normalized current key. */
  readonly currentNorm: NormalizedKey;
  readonly currentKey: unknown;
  /** Key group of the current key. */
  readonly currentKeyGroup: () => number;
  /** Called before each access (incremental TTL cleanup). */
  beforeAccess(table: StateTable): void;
}

export abstract class HeapStateBase<N> {
  private namespace: N;
  private nsNorm: NormalizedKey;
  protected readonly ttl: TtlPolicy | undefined;

  constructor(
    protected readonly keyContext: HeapKeyContext,
    protected readonly table: StateTable,
    namespace: N,
  ) {
    this.namespace = namespace;
    this.nsNorm = normalizeKey(namespace);
    this.ttl = table.ttlEnabled ? table.ttl : undefined;
  }

  setCurrentNamespace(namespace: N): void {
    if (namespace === this.namespace) return;
    this.namespace = namespace;
    this.nsNorm = normalizeKey(namespace);
  }

  getCurrentNamespace(): N {
    return this.namespace;
  }

  clear(): void {
    this.table.remove(this.keyContext.currentNorm, this.nsNorm);
  }

  protected entry(): NsEntry | undefined {
    const keys = this.keyContext;
    keys.beforeAccess(this.table);
    return this.table.get(keys.currentNorm, this.nsNorm);
  }

  protected store(value: unknown): NsEntry {
    const keys = this.keyContext;
    keys.beforeAccess(this.table);
    return this.table.put(
      keys.currentNorm,
      keys.currentKey,
      keys.currentKeyGroup,
      this.nsNorm,
      this.namespace,
      value,
    );
  }

  /**
   * Reads a single (value/reducing/aggregating) stored value with TTL handling: an expired value is
   * removed and returned only when the visibility allows it; a live one is refreshed on read when
   * the update type says so.
   */
  protected readSingle(entry: NsEntry): unknown {
    const ttl = this.ttl;
    if (ttl === undefined) return entry.value;
    const wrapped = entry.value as TtlValue<unknown>;
    const now = ttl.now();
    if (ttl.isExpired(wrapped, now)) {
      this.clear();
      return ttl.returnExpired ? wrapped.v : undefined;
    }
    if (ttl.updateOnRead) wrapped.ts = now;
    return wrapped.v;
  }

  /** Writes a single stored value (TTL-wrapped when on). */
  protected writeSingle(value: unknown): void {
    const ttl = this.ttl;
    this.store(ttl === undefined ? value : ttl.wrap(value));
  }

  /**
   * Merges the single values of `sources` into `target` (Flink's `mergeNamespaces`) with `merge`;
   * expired source values are dropped.
   */
  protected mergeSingles(
    target: N,
    sources: readonly N[],
    merge: (a: unknown, b: unknown) => unknown,
    /** Merge stored values as they are (list state, whose elements carry their own TTL). */
    raw = false,
  ): void {
    const keyNorm = this.keyContext.currentNorm;
    const ttl = raw ? undefined : this.ttl;
    const now = ttl?.now() ?? 0;
    let merged: { value: unknown } | undefined;
    for (const source of sources) {
      const sourceNorm = normalizeKey(source);
      const entry = this.table.get(keyNorm, sourceNorm);
      if (entry === undefined) continue;
      this.table.remove(keyNorm, sourceNorm);
      let value = entry.value;
      if (ttl !== undefined) {
        const wrapped = value as TtlValue<unknown>;
        if (ttl.isExpired(wrapped, now)) continue;
        value = wrapped.v;
      }
      merged = merged === undefined ? { value } : { value: merge(merged.value, value) };
    }
    if (merged === undefined) return;
    const saved = this.namespace;
    this.setCurrentNamespace(target);
    const existing = this.table.get(keyNorm, this.nsNorm);
    let result = merged.value;
    if (existing !== undefined) {
      const current = ttl === undefined ? existing.value : (existing.value as TtlValue<unknown>).v;
      if (ttl === undefined || !ttl.isExpired(existing.value as TtlValue<unknown>, now))
        result = merge(current, result);
    }
    if (raw) this.store(result);
    else this.writeSingle(result);
    this.setCurrentNamespace(saved);
  }
}
