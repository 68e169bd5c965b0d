/**
 * A `KeyedStateStore` on the JavaScript heap: a `Map` from normalized key to an entry holding the
 * original key and the value. Setting the current key normalizes it once; `put` on a key that
 * already has a value mutates its entry, so steady-state updates allocate nothing for primitive keys.
 */
import type { KeyedStateStore } from "./keyed-state-store.js";
import { type NormalizedKey, normalizeKey } from "./normalized-key.js";

interface Entry<V> {
  readonly key: unknown;
  value: V;
}

export class HeapKeyedStateStore<V> implements KeyedStateStore<V> {
  private readonly entriesByKey = new Map<NormalizedKey, Entry<V>>();
  private currentKey: unknown;
  private currentNormalized: NormalizedKey;

  setCurrentKey(key: unknown): void {
    this.currentKey = key;
    this.currentNormalized = normalizeKey(key);
  }

  getCurrentKey(): unknown {
    return this.currentKey;
  }

  get(): V | undefined {
    return this.entriesByKey.get(this.currentNormalized)?.value;
  }

  put(value: V): void {
    const entry = this.entriesByKey.get(this.currentNormalized);
    if (entry !== undefined) entry.value = value;
    else this.entriesByKey.set(this.currentNormalized, { key: this.currentKey, value });
  }

  remove(): void {
    this.entriesByKey.delete(this.currentNormalized);
  }

  *entries(): IterableIterator<readonly [key: unknown, value: V]> {
    for (const entry of this.entriesByKey.values()) yield [entry.key, entry.value];
  }

  size(): number {
    return this.entriesByKey.size;
  }

  clear(): void {
    this.entriesByKey.clear();
  }
}
