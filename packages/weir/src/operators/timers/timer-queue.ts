/**
 * The timers of one time domain of one timer service (Flink's `KeyGroupedInternalPriorityQueue` of
 * `TimerHeapInternalTimer`s): a min-heap by timestamp (then registration order) for firing, plus an
 * index by (key, namespace, timestamp) for deduplication, deletion and per-key access (BATCH).
 *
 * Deleting marks the heap element and drops it from the index; marked elements are skipped when
 * they reach the top. Without the heap (`ordered: false`, BATCH) timers are only reachable per key.
 */
import type { NormalizedKey } from "../state/normalized-key.js";
import type { InternalTimer } from "./internal-timer-service.js";

export interface TimerRecord extends InternalTimer<unknown, unknown> {
  readonly keyNorm: NormalizedKey;
  readonly nsNorm: NormalizedKey;
  readonly seq: number;
  deleted: boolean;
}

interface KeyTimers {
  readonly key: unknown;
  readonly byNamespace: Map<NormalizedKey, Map<number, TimerRecord>>;
  count: number;
}

export class TimerQueue {
  private readonly heap: TimerRecord[] = [];
  private readonly byKey = new Map<NormalizedKey, KeyTimers>();
  private seq = 0;
  private count = 0;

  constructor(private readonly ordered: boolean) {}

  get size(): number {
    return this.count;
  }

  /** Adds a timer; false when the same (key, namespace, timestamp) is already registered. */
  add(
    key: unknown,
    keyNorm: NormalizedKey,
    namespace: unknown,
    nsNorm: NormalizedKey,
    timestamp: number,
  ): boolean {
    let keyTimers = this.byKey.get(keyNorm);
    if (keyTimers === undefined) {
      keyTimers = { key, byNamespace: new Map(), count: 0 };
      this.byKey.set(keyNorm, keyTimers);
    }
    let times = keyTimers.byNamespace.get(nsNorm);
    if (times === undefined) {
      times = new Map();
      keyTimers.byNamespace.set(nsNorm, times);
    } else if (times.has(timestamp)) {
      return false;
    }
    const record: TimerRecord = {
      timestamp,
      key,
      namespace,
      keyNorm,
      nsNorm,
      seq: this.seq++,
      deleted: false,
    };
    times.set(timestamp, record);
    keyTimers.count++;
    this.count++;
    if (this.ordered) this.push(record);
    return true;
  }

  delete(keyNorm: NormalizedKey, nsNorm: NormalizedKey, timestamp: number): boolean {
    const record = this.byKey.get(keyNorm)?.byNamespace.get(nsNorm)?.get(timestamp);
    if (record === undefined) return false;
    this.unindex(record);
    record.deleted = true;
    return true;
  }

  /** The earliest live timer, if any. */
  peek(): TimerRecord | undefined {
    const heap = this.heap;
    while (heap.length > 0 && heap[0]!.deleted) this.pop();
    return heap[0];
  }

  /** Removes and returns the earliest timer if its timestamp is `<= upTo`. */
  pollUpTo(upTo: number): TimerRecord | undefined {
    const top = this.peek();
    if (top === undefined || top.timestamp > upTo) return undefined;
    this.pop();
    this.unindex(top);
    return top;
  }

  /** Removes and returns every timer of a key, by timestamp (then registration order). */
  pollKey(keyNorm: NormalizedKey): TimerRecord[] {
    const keyTimers = this.byKey.get(keyNorm);
    if (keyTimers === undefined) return [];
    const records: TimerRecord[] = [];
    for (const times of keyTimers.byNamespace.values())
      for (const record of times.values()) records.push(record);
    for (const record of records) {
      record.deleted = true;
      this.count--;
    }
    this.byKey.delete(keyNorm);
    records.sort(compareTimers);
    return records;
  }

  /** Keys that have timers: `[normalized key, key]`, in first-registration order. */
  keys(): [NormalizedKey, unknown][] {
    return [...this.byKey].map(([norm, timers]) => [norm, timers.key]);
  }

  forEach(fn: (record: TimerRecord) => void): void {
    for (const keyTimers of this.byKey.values()) {
      for (const times of keyTimers.byNamespace.values()) for (const record of times.values()) fn(record);
    }
  }

  private unindex(record: TimerRecord): void {
    const keyTimers = this.byKey.get(record.keyNorm)!;
    const times = keyTimers.byNamespace.get(record.nsNorm)!;
    times.delete(record.timestamp);
    if (times.size === 0) keyTimers.byNamespace.delete(record.nsNorm);
    if (--keyTimers.count === 0) this.byKey.delete(record.keyNorm);
    this.count--;
  }

  private push(record: TimerRecord): void {
    const heap = this.heap;
    heap.push(record);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compareTimers(heap[parent]!, record) <= 0) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = record;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && compareTimers(heap[right]!, heap[left]!) < 0 ? right : left;
      if (compareTimers(heap[child]!, last) >= 0) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
  }
}

function compareTimers(a: TimerRecord, b: TimerRecord): number {
  return a.timestamp - b.timestamp || a.seq - b.seq;
}
