/**
 * Keyed state as the built-in keyed operators use it now: one value per key, addressed through a
 * *current key* the operator sets before touching state (Flink's keyed state backend, reduced to
 * the minimum). The state/checkpoint work grows this into named `ValueState`/`ListState`/...
 * handles, key-group snapshots and a persistent backend; operators only depend on this interface.
 *
 * Keys compare by value (see `normalized-key.ts`), never by object identity.
 */
export interface KeyedStateStore<V> {
  /** Sets the key that `get`, `put` and `remove` address. */
  setCurrentKey(key: unknown): void;
  /** The key given to the last `setCurrentKey`, as it was given. */
  getCurrentKey(): unknown;
  /** The value of the current key, or `undefined` when it has none. */
  get(): V | undefined;
  put(value: V): void;
  remove(): void;
  /** Every key that has a value, with its value, in the order the keys first got one. */
  entries(): IterableIterator<readonly [key: unknown, value: V]>;
  size(): number;
  clear(): void;
}
