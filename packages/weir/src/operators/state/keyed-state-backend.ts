/**
 * The keyed state backend contract (Flink's `KeyedStateBackend` / `AbstractKeyedStateBackend`),
 * plus re-exports of the state handles, descriptors and TTL config so that one import gives the
 * whole keyed-state surface.
 *
 * Who provides it: the runtime (`runtime/task/operator-chain.ts`) and the operator test harness
 * create one backend per keyed operator (an operator whose `stateKeySelector` is set) and hand it
 * over as `OperatorContext.keyedStateBackend`. Before every `processElement` they call
 * `setCurrentKey(stateKeySelector(value))`; timers set the key of the timer before firing it.
 * Operators never need to compute the key themselves: `getCurrentKey()` is the record's key.
 *
 * Contract:
 * - All state is scoped to (current key, namespace). User state lives in `VOID_NAMESPACE`; window
 *   operators use one namespace per window (any value that compares by value: a number, a string
 *   or a plain object such as `{ start, end }`).
 * - Keys and namespaces compare by value (`normalized-key.ts`), never by identity.
 * - Key groups follow `core/keygroups.ts`: the backend owns `keyGroupRange` of `maxParallelism`
 *   key groups; `getCurrentKeyGroup()` is `assignToKeyGroup(currentKey, maxParallelism)`.
 * - `snapshot()` is synchronous and returns entries grouped by key group, in the backend's internal
 *   value form (see `KeyedStateEntry`); it references live values, so the checkpoint code must
 *   serialize it before the next record. `restore()` takes the snapshots of any number of previous
 *   subtasks (rescaling) and keeps the key groups inside this backend's range.
 * - In BATCH, the runtime drops a key's state after the key is finished (`batch-key-scope.ts`).
 */
import type { KeyGroupRange } from "../../core/keygroups.js";
import type { StateDescriptor, StateKind } from "./state-descriptors.js";
import type { State } from "./state-types.js";

export * from "./state-descriptors.js";
export * from "./state-ttl-config.js";
export * from "./state-types.js";

/** The namespace of user (non-window) keyed state (Flink's `VoidNamespace`). */
export const VOID_NAMESPACE = null;
export type VoidNamespace = typeof VOID_NAMESPACE;

/** A state handle whose namespace is set explicitly (Flink's `InternalKvState`); used by window operators. */
export interface InternalKvState<N> {
  /** Binds the handle to `namespace` until the next call. */
  setCurrentNamespace(namespace: N): void;
  getCurrentNamespace(): N;
}

/**
 * List, reducing and aggregating state can merge namespaces (Flink's `InternalMergingState`):
 * merging session windows. Merges the values of `sources` (for the current key) into `target`
 * and clears the sources; `target` may be one of the sources.
 */
export interface InternalMergingState<N> extends InternalKvState<N> {
  mergeNamespaces(target: N, sources: readonly N[]): void;
}

/** A `KeyedStateBackend`'s view of a state handle type: the handle plus its internal interface. */
export type InternalStateOf<S extends State, N> = S & InternalKvState<N> & Partial<InternalMergingState<N>>;

export interface KeyedStateBackend<K = unknown> {
  readonly maxParallelism: number;
  readonly keyGroupRange: KeyGroupRange;

  /** Sets the key that every state handle of this backend addresses. */
  setCurrentKey(key: K): void;
  /** The key last given to `setCurrentKey` (undefined before the first). */
  getCurrentKey(): K;
  /** Key group of the current key (computed once per `setCurrentKey` when asked). */
  getCurrentKeyGroup(): number;

  /**
   * The handle of `descriptor`'s state bound to `namespace`. For `VOID_NAMESPACE` every call returns
   * the same handle, permanently bound to it. For other namespaces every call returns one shared
   * handle per state, *re-bound* to the given namespace (Flink's behaviour): use it before asking
   * again with another namespace.
   */
  getPartitionedState<N, S extends State>(namespace: N, descriptor: StateDescriptor<S>): S;

  /** The internal handle of a state, bound with `setCurrentNamespace` (window operators). */
  getOrCreateKeyedState<N, S extends State>(descriptor: StateDescriptor<S>): InternalStateOf<S, N>;

  /** Keys that have a value in state `stateName` under `namespace`. Snapshot of the key set. */
  getKeys(stateName: string, namespace: unknown): K[];

  /**
   * Calls `fn` for every key that has a value in `descriptor`'s state under `namespace`, with the
   * current key set to it and `state` bound to it; `fn` may read, update or clear the state.
   */
  applyToAllKeys<N, S extends State>(
    namespace: N,
    descriptor: StateDescriptor<S>,
    fn: (key: K, state: S) => void,
  ): void;

  /** Removes every entry of the current key, in every state and namespace (BATCH end of key). */
  clearCurrentKey(): void;

  /** Number of (state, key, namespace) entries (tests, metrics). */
  numEntries(): number;

  snapshot(): KeyedStateSnapshot;
  restore(snapshots: readonly KeyedStateSnapshot[]): void;

  /** Drops all state. */
  dispose(): void;
}

/** The metadata of one registered state in a snapshot. */
export interface RegisteredKeyedStateMeta {
  readonly name: string;
  readonly kind: StateKind;
  readonly ttlEnabled: boolean;
}

/**
 * One (state, key, namespace) entry. `value` is the backend's internal form:
 * - value / reducing: the value; aggregating: the accumulator; list: an array of elements;
 *   map: an array of `[userKey, value]` pairs;
 * - with TTL, each value (value/reducing/aggregating), each list element and each map value is
 *   wrapped as `{ v: value, ts: lastAccessTimestamp }`.
 */
export interface KeyedStateEntry {
  readonly state: string;
  readonly key: unknown;
  readonly namespace: unknown;
  readonly value: unknown;
}

export interface KeyGroupStateSnapshot {
  readonly keyGroup: number;
  readonly entries: readonly KeyedStateEntry[];
}

/** A full snapshot of a keyed backend, by key group (only non-empty groups, ascending). */
export interface KeyedStateSnapshot {
  readonly maxParallelism: number;
  readonly keyGroupRange: KeyGroupRange;
  readonly states: readonly RegisteredKeyedStateMeta[];
  readonly keyGroups: readonly KeyGroupStateSnapshot[];
}
