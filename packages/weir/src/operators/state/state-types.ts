/**
 * The user-facing state handles (Flink's `org.apache.flink.api.common.state`): `ValueState`,
 * `ListState`, `MapState`, `ReducingState`, `AggregatingState`, and the broadcast-state views.
 *
 * Keyed state handles are *scoped*: every call reads or writes the entry of the key the operator is
 * processing (the backend's current key) and of the handle's namespace (the default namespace for
 * user state, a window for window state). A handle is obtained once (typically in `open`) and used
 * for every record; it allocates nothing per call beyond what the call returns.
 *
 * Values are kept by reference on the heap backend: mutating an object after `update` changes the
 * stored state. Keys of `MapState` compare by value (as keyed-stream keys do, see
 * `normalized-key.ts`).
 */

/** Every state handle can be cleared (for the current key and namespace). */
export interface State {
  /** Removes the value for the current key (and namespace). */
  clear(): void;
}

/** One value per key (Flink's `ValueState`). */
export interface ValueState<T> extends State {
  /** The value, or the descriptor's default value (or `undefined`) when there is none. */
  value(): T | undefined;
  /** Sets the value; `undefined` clears it. */
  update(value: T | undefined): void;
}

/** State that values are added to (Flink's `AppendingState`). */
export interface AppendingState<IN, OUT> extends State {
  /** The current result, or `undefined` when the state is empty. */
  get(): OUT | undefined;
  add(value: IN): void;
}

/** A list per key (Flink's `ListState`). */
export interface ListState<T> extends State {
  /**
   * The elements in insertion order; an empty array when there are none. The array is a read-only
   * view that is valid until the state is next modified; copy it to keep it.
   */
  get(): readonly T[];
  add(value: T): void;
  addAll(values: Iterable<T>): void;
  /** Replaces the whole list (an empty iterable clears it). */
  update(values: Iterable<T>): void;
}

/** A map per key (Flink's `MapState`). Iteration follows first insertion. */
export interface MapState<UK, UV> extends State {
  get(key: UK): UV | undefined;
  put(key: UK, value: UV): void;
  putAll(entries: Iterable<readonly [UK, UV]> | ReadonlyMap<UK, UV>): void;
  remove(key: UK): void;
  contains(key: UK): boolean;
  entries(): IterableIterator<[UK, UV]>;
  keys(): IterableIterator<UK>;
  values(): IterableIterator<UV>;
  isEmpty(): boolean;
}

/** Values combined with a `ReduceFunction` as they are added (Flink's `ReducingState`). */
export interface ReducingState<T> extends AppendingState<T, T> {}

/** Values folded into an accumulator by an `AggregateFunction` (Flink's `AggregatingState`). */
export interface AggregatingState<IN, OUT> extends AppendingState<IN, OUT> {}

/**
 * Incremental aggregation (Flink's `AggregateFunction`): `createAccumulator` makes an empty
 * accumulator, `add` folds a value in (it may mutate and return the same accumulator), `getResult`
 * reads the result, `merge` combines two accumulators (merging windows, combining partial results).
 */
export interface AggregateFunction<IN, ACC, OUT> {
  createAccumulator(): ACC;
  add(value: IN, accumulator: ACC): ACC;
  getResult(accumulator: ACC): OUT;
  merge(a: ACC, b: ACC): ACC;
}

/** Broadcast state as the non-broadcast side sees it (Flink's `ReadOnlyBroadcastState`). */
export interface ReadOnlyBroadcastState<K, V> {
  get(key: K): V | undefined;
  contains(key: K): boolean;
  /** Read-only iteration; do not modify the values. */
  immutableEntries(): IterableIterator<[K, V]>;
}

/** Broadcast state as the broadcast side sees it (Flink's `BroadcastState`): the same on every subtask. */
export interface BroadcastState<K, V> extends ReadOnlyBroadcastState<K, V> {
  put(key: K, value: V): void;
  putAll(entries: Iterable<readonly [K, V]> | ReadonlyMap<K, V>): void;
  remove(key: K): void;
  entries(): IterableIterator<[K, V]>;
  clear(): void;
}
