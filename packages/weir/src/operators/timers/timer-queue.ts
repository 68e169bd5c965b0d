/**
 * The timers of one time domain of one timer service (Flink's `KeyGroupedInternalPriorityQueue` of
 * `TimerHeapInternalTimer`s): an index by key, namespace and timestamp (`KeyTimers`) for
 * deduplication, deletion and per-key access (BATCH), and a firing order by timestamp, then
 * registration order (`TimerBuckets`). Without the order (`ordered: false`, BATCH) timers are only
 * reachable per key.
 *
 * Guarantees:
 * - At most one timer per (key, namespace, timestamp); `add` of a registered one is a no-op.
 * - `pollUpTo` returns timers by timestamp, ties in registration order; a deleted timer never
 *   comes out, and the memory it held is reclaimed (see `timer-buckets.ts`).
 *
 * Cost: an add or delete is one `Map` lookup by key plus a short scan (`key-timers.ts`), and for a
 * new timer an append to its timestamp's bucket. A registration repeating the previous one (a
 * window trigger's timer and the window's cleanup timer are usually the same) costs no lookup.
 */
import type { NormalizedKey } from "../state/normalized-key.js";
import { KeyTimers } from "./key-timers.js";
import { Timer, type TimerRecord } from "./timer.js";
import { TimerBuckets } from "./timer-buckets.js";

export type { TimerRecord } from "./timer.js";

export class TimerQueue {
  private readonly order: TimerBuckets | undefined;
  private readonly byKey = new Map<NormalizedKey, KeyTimers>();
  private seq = 0;
  private count = 0;
  /** The timer the last `add` registered or found (see the module comment). */
  private last: Timer | undefined;
  /**
   * The timer `pollUpTo` returned last, while no timer was added since: a window's trigger
   * deletes the very timer that is firing, which is then known to be gone without a lookup.
   */
  private polled: Timer | undefined;

  constructor(ordered: boolean) {
    this.order = ordered ? new TimerBuckets() : undefined;
  }

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
    const last = this.last;
    if (
      last !== undefined &&
      !last.deleted &&
      last.timestamp === timestamp &&
      last.nsNorm === nsNorm &&
      last.keyNorm === keyNorm
    ) {
      return false;
    }
    let keyTimers = this.byKey.get(keyNorm);
    if (keyTimers === undefined) {
      keyTimers = new KeyTimers(key);
      this.byKey.set(keyNorm, keyTimers);
    } else {
      const existing = keyTimers.find(nsNorm, timestamp);
      if (existing !== undefined) {
        this.last = existing;
        return false;
      }
    }
    this.polled = undefined;
    const timer = new Timer(timestamp, key, namespace, keyNorm, nsNorm, this.seq++, keyTimers);
    keyTimers.insert(timer);
    this.count++;
    this.order?.add(timer);
    this.last = timer;
    return true;
  }

  delete(keyNorm: NormalizedKey, nsNorm: NormalizedKey, timestamp: number): boolean {
    const polled = this.polled;
    if (
      polled !== undefined &&
      polled.timestamp === timestamp &&
      polled.nsNorm === nsNorm &&
      polled.keyNorm === keyNorm
    ) {
      return false;
    }
    const timer = this.byKey.get(keyNorm)?.find(nsNorm, timestamp);
    if (timer === undefined) return false;
    this.unindex(timer);
    this.order?.remove(timer);
    return true;
  }

  /** The earliest timer, if any (ordered queues only). */
  peek(): TimerRecord | undefined {
    return this.order?.peek();
  }

  /** Removes and returns the earliest timer if its timestamp is `<= upTo`. */
  pollUpTo(upTo: number): TimerRecord | undefined {
    const order = this.order;
    if (order === undefined) return undefined;
    const top = order.peek();
    if (top === undefined || top.timestamp > upTo) return undefined;
    order.pollPeeked(top);
    this.unindex(top);
    this.polled = top;
    return top;
  }

  /** Removes and returns every timer of a key, by timestamp (then registration order). */
  pollKey(keyNorm: NormalizedKey): TimerRecord[] {
    const keyTimers = this.byKey.get(keyNorm);
    if (keyTimers === undefined) return [];
    const timers: Timer[] = [];
    keyTimers.forEach((t) => timers.push(t));
    const order = this.order;
    for (const timer of timers) {
      timer.deleted = true;
      order?.remove(timer);
    }
    this.count -= timers.length;
    this.byKey.delete(keyNorm);
    timers.sort(compareTimers);
    return timers;
  }

  /** Keys that have timers: `[normalized key, key]`, in first-registration order. */
  keys(): [NormalizedKey, unknown][] {
    return [...this.byKey].map(([norm, timers]) => [norm, timers.key]);
  }

  forEach(fn: (record: TimerRecord) => void): void {
    for (const keyTimers of this.byKey.values()) keyTimers.forEach(fn);
  }

  private unindex(timer: Timer): void {
    const keyTimers = timer.owner;
    keyTimers.remove(timer);
    if (keyTimers.count === 0) this.byKey.delete(timer.keyNorm);
    this.count--;
    timer.deleted = true;
  }
}

function compareTimers(a: Timer, b: Timer): number {
  return a.timestamp - b.timestamp || a.seq - b.seq;
}
