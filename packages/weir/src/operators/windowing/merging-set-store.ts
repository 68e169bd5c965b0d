/**
 * Where the window operator keeps each key's `MergingWindowSet`: in keyed state, as a list of
 * `[window, stateWindow]` namespace pairs (plain data, so snapshots and rescaling need nothing
 * special), as Flink keeps it in a `ListState<Tuple2<W, W>>`.
 *
 * Decoding that list on every element (parsing the namespaces back into windows) would dominate
 * session windows, so the store also keeps, per key, the decoded set and the stored list it
 * matches: while the key's stored list is still that list (no restore or state drop since), the
 * set is reused. A persisted change writes a new list (stored lists are never mutated, so a
 * snapshot that references one stays valid). A key's cached set goes when its set becomes empty.
 */
import { HeapKeyedStateBackend } from "../state/heap/heap-keyed-state-backend.js";
import {
  type KeyedStateBackend,
  type ValueState,
  ValueStateDescriptor,
  VOID_NAMESPACE,
} from "../state/keyed-state-backend.js";
import { type NormalizedKey, normalizeKey } from "../state/normalized-key.js";
import type { MergingWindowAssigner } from "./assigners/window-assigner.js";
import { MergingWindowSet } from "./merging-window-set.js";
import { type Window, windowFromNamespace, windowNamespace } from "./windows.js";

type StoredSet = [window: unknown, stateWindow: unknown][];

/** A key's decoded set and the stored list it matches. */
interface Decoded<W extends Window> {
  stored: StoredSet;
  set: MergingWindowSet<W>;
}

export class MergingSetStore<W extends Window> {
  private readonly state: ValueState<StoredSet>;
  private readonly decoded = new Map<NormalizedKey, Decoded<W>>();
  private readonly currentKeyNorm: () => NormalizedKey;

  constructor(
    backend: KeyedStateBackend<unknown>,
    private readonly assigner: MergingWindowAssigner<unknown, W>,
  ) {
    this.state = backend.getPartitionedState(
      VOID_NAMESPACE,
      new ValueStateDescriptor<StoredSet>("merging-window-set"),
    );
    // The heap backend normalized the key in `setCurrentKey` already.
    this.currentKeyNorm =
      backend instanceof HeapKeyedStateBackend
        ? () => backend.currentNorm
        : () => normalizeKey(backend.getCurrentKey());
  }

  /** The current key's set (empty when it has none). */
  load(): MergingWindowSet<W> {
    const stored = this.state.value();
    if (stored === undefined) return new MergingWindowSet<W>(this.assigner);
    const keyNorm = this.currentKeyNorm();
    const cached = this.decoded.get(keyNorm);
    if (cached !== undefined && cached.stored === stored) return cached.set;
    const set = new MergingWindowSet<W>(
      this.assigner,
      stored.map(([w, sw]) => [windowFromNamespace<W>(w), windowFromNamespace<W>(sw)] as const),
    );
    this.decoded.set(keyNorm, { stored, set });
    return set;
  }

  /** Writes the current key's set if it changed since it was loaded. */
  persist(set: MergingWindowSet<W>): void {
    if (!set.persist()) return;
    const keyNorm = this.currentKeyNorm();
    const entries = set.entries();
    if (entries.length === 0) {
      this.state.update(undefined);
      this.decoded.delete(keyNorm);
      return;
    }
    const stored: StoredSet = entries.map(([w, sw]) => [windowNamespace(w), windowNamespace(sw)]);
    this.state.update(stored);
    const cached = this.decoded.get(keyNorm);
    if (cached === undefined) this.decoded.set(keyNorm, { stored, set });
    else {
      cached.stored = stored;
      cached.set = set;
    }
  }
}
