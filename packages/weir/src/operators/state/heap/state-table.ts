/**
 * The storage of one keyed state on the heap (Flink's `StateTable`): rows by normalized key, each
 * with its key group and its entries by normalized namespace. Values are kept in the internal form
 * documented on `KeyedStateEntry` (TTL-wrapped where TTL is on; map state as a `Map` from
 * normalized user key to a `[userKey, value]` pair, converted to pairs for snapshots).
 *
 * A row exists only while it has at least one entry, and an entry only while it holds a value
 * (empty lists and maps are removed), so `rows.size` is the number of keys with state.
 */
import type { NormalizedKey } from "../normalized-key.js";
import type { AnyStateDescriptor, StateKind } from "../state-descriptors.js";
import { TtlPolicy } from "./ttl.js";

export interface NsEntry {
  readonly namespace: unknown;
  value: unknown;
}

export interface Row {
  readonly key: unknown;
  readonly keyGroup: number;
  readonly namespaces: Map<NormalizedKey, NsEntry>;
}

export class StateTable {
  readonly rows = new Map<NormalizedKey, Row>();
  /** Set when an operator first asks for the state (after a restore, the table exists before). */
  descriptor: AnyStateDescriptor | undefined;
  ttl: TtlPolicy | undefined;
  /** Position of incremental TTL cleanup. */
  private cleanupCursor: Iterator<[NormalizedKey, Row]> | undefined;

  constructor(
    readonly name: string,
    readonly kind: StateKind,
    /** Whether the stored values are TTL-wrapped (fixed once values exist). */
    public ttlEnabled: boolean,
  ) {}

  get(keyNorm: NormalizedKey, nsNorm: NormalizedKey): NsEntry | undefined {
    return this.rows.get(keyNorm)?.namespaces.get(nsNorm);
  }

  put(
    keyNorm: NormalizedKey,
    key: unknown,
    keyGroup: () => number,
    nsNorm: NormalizedKey,
    namespace: unknown,
    value: unknown,
  ): NsEntry {
    let row = this.rows.get(keyNorm);
    if (row === undefined) {
      row = { key, keyGroup: keyGroup(), namespaces: new Map() };
      this.rows.set(keyNorm, row);
    }
    let entry = row.namespaces.get(nsNorm);
    if (entry === undefined) {
      entry = { namespace, value };
      row.namespaces.set(nsNorm, entry);
    } else {
      entry.value = value;
    }
    return entry;
  }

  remove(keyNorm: NormalizedKey, nsNorm: NormalizedKey): void {
    const row = this.rows.get(keyNorm);
    if (row === undefined) return;
    row.namespaces.delete(nsNorm);
    if (row.namespaces.size === 0) this.rows.delete(keyNorm);
  }

  numEntries(): number {
    let n = 0;
    for (const row of this.rows.values()) n += row.namespaces.size;
    return n;
  }

  /**
   * Incremental TTL cleanup: checks the entries of up to `rowsToCheck` further rows (wrapping
   * around), removing what expired. `sweep` returns the cleaned value or `undefined` to remove it.
   */
  cleanupIncrementally(rowsToCheck: number, sweep: (value: unknown) => unknown): void {
    for (let i = 0; i < rowsToCheck; i++) {
      let cursor = this.cleanupCursor;
      if (cursor === undefined) {
        if (this.rows.size === 0) return;
        cursor = this.rows.entries();
        this.cleanupCursor = cursor;
      }
      const next = cursor.next();
      if (next.done === true) {
        this.cleanupCursor = undefined;
        continue;
      }
      const [keyNorm, row] = next.value;
      for (const [nsNorm, entry] of row.namespaces) {
        const cleaned = sweep(entry.value);
        if (cleaned === undefined) row.namespaces.delete(nsNorm);
        else entry.value = cleaned;
      }
      if (row.namespaces.size === 0) this.rows.delete(keyNorm);
    }
  }
}

/** `TtlPolicy` re-exported for the handles. */
export { TtlPolicy };
