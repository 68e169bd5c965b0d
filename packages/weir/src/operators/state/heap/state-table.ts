/**
 * The storage of one keyed state on the heap (Flink's `StateTable`): rows by normalized key, each
 * with its key group and its entries by normalized namespace. Values are kept in the internal form
 * documented on `KeyedStateEntry` (TTL-wrapped where TTL is on; map state as a `Map` from
 * normalized user key to a `[userKey, value]` pair, converted to pairs for snapshots).
 *
 * A row exists only while it has at least one entry, and an entry only while it holds a value
 * (empty lists and maps are removed), so `numKeys()` is the number of keys with state.
 *
 * Cost: a lookup is one `Map` lookup by key, skipped when the key is the one looked up last (a
 * window operator touches the same key's row several times per element), plus, only for a row with
 * several namespaces, one by namespace: a row with one namespace (all user state, and most keys of
 * a window operator) keeps its entry inline.
 */
import type { NormalizedKey } from "../normalized-key.js";
import type { AnyStateDescriptor, StateKind } from "../state-descriptors.js";
import { TtlPolicy } from "./ttl.js";

export interface NsEntry {
  readonly namespace: unknown;
  readonly nsNorm: NormalizedKey;
  value: unknown;
}

/** `SameValueZero`, as `Map` compares keys. */
function same(a: NormalizedKey, b: NormalizedKey): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** The entries of one key: one inline, or several in a map by normalized namespace. */
export class Row {
  /** The only entry while `many` is undefined (undefined only transiently). */
  private single: NsEntry | undefined;
  private many: Map<NormalizedKey, NsEntry> | undefined;

  constructor(
    readonly key: unknown,
    readonly keyGroup: number,
  ) {}

  get size(): number {
    return this.many !== undefined ? this.many.size : this.single === undefined ? 0 : 1;
  }

  get(nsNorm: NormalizedKey): NsEntry | undefined {
    const many = this.many;
    if (many !== undefined) return many.get(nsNorm);
    const single = this.single;
    return single !== undefined && same(single.nsNorm, nsNorm) ? single : undefined;
  }

  has(nsNorm: NormalizedKey): boolean {
    return this.get(nsNorm) !== undefined;
  }

  /** Adds an entry for a namespace the row does not have. */
  add(entry: NsEntry): void {
    const many = this.many;
    if (many !== undefined) {
      many.set(entry.nsNorm, entry);
      return;
    }
    const single = this.single;
    if (single === undefined) {
      this.single = entry;
      return;
    }
    this.single = undefined;
    this.many = new Map([
      [single.nsNorm, single],
      [entry.nsNorm, entry],
    ]);
  }

  delete(nsNorm: NormalizedKey): void {
    const many = this.many;
    if (many === undefined) {
      if (this.single !== undefined && same(this.single.nsNorm, nsNorm)) this.single = undefined;
      return;
    }
    if (!many.delete(nsNorm) || many.size !== 1) return;
    // Back to one namespace (a window operator between two windows of a key): inline again.
    for (const entry of many.values()) this.single = entry;
    this.many = undefined;
  }

  /** The entries (a copy when there are several: callers may delete while iterating). */
  entries(): readonly NsEntry[] {
    if (this.many !== undefined) return [...this.many.values()];
    return this.single === undefined ? [] : [this.single];
  }
}

export class StateTable {
  private readonly rows = new Map<NormalizedKey, Row>();
  /** The row of the key looked up last (`lastRow` undefined: none, or it was removed). */
  private lastKey: NormalizedKey;
  private lastRow: Row | undefined;
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

  /** Number of keys with state. */
  numKeys(): number {
    return this.rows.size;
  }

  /** The rows, for snapshots and key scans (callers must not remove rows while iterating). */
  allRows(): IterableIterator<Row> {
    return this.rows.values();
  }

  get(keyNorm: NormalizedKey, nsNorm: NormalizedKey): NsEntry | undefined {
    return this.row(keyNorm)?.get(nsNorm);
  }

  put(
    keyNorm: NormalizedKey,
    key: unknown,
    keyGroup: () => number,
    nsNorm: NormalizedKey,
    namespace: unknown,
    value: unknown,
  ): NsEntry {
    let row = this.row(keyNorm);
    if (row === undefined) {
      row = new Row(key, keyGroup());
      this.rows.set(keyNorm, row);
      this.lastKey = keyNorm;
      this.lastRow = row;
    }
    let entry = row.get(nsNorm);
    if (entry === undefined) {
      entry = { namespace, nsNorm, value };
      row.add(entry);
    } else {
      entry.value = value;
    }
    return entry;
  }

  remove(keyNorm: NormalizedKey, nsNorm: NormalizedKey): void {
    const row = this.row(keyNorm);
    if (row === undefined) return;
    row.delete(nsNorm);
    if (row.size === 0) this.removeRow(keyNorm);
  }

  /** Removes every entry of a key. */
  removeRow(keyNorm: NormalizedKey): void {
    this.rows.delete(keyNorm);
    if (this.lastRow !== undefined && same(this.lastKey, keyNorm)) this.lastRow = undefined;
  }

  /** Removes every entry. */
  clear(): void {
    this.rows.clear();
    this.lastRow = undefined;
    this.cleanupCursor = undefined;
  }

  numEntries(): number {
    let n = 0;
    for (const row of this.rows.values()) n += row.size;
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
      for (const entry of row.entries()) {
        const cleaned = sweep(entry.value);
        if (cleaned === undefined) row.delete(entry.nsNorm);
        else entry.value = cleaned;
      }
      if (row.size === 0) this.removeRow(keyNorm);
    }
  }

  private row(keyNorm: NormalizedKey): Row | undefined {
    const last = this.lastRow;
    if (last !== undefined && this.lastKey === keyNorm) return last;
    const row = this.rows.get(keyNorm);
    if (row !== undefined) {
      this.lastKey = keyNorm;
      this.lastRow = row;
    }
    return row;
  }
}

/** `TtlPolicy` re-exported for the handles. */
export { TtlPolicy };
