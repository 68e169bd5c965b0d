/**
 * The timers of one key in a `TimerQueue`, found by (namespace, timestamp): a short list in
 * registration order while the key has at most `SMALL_LIMIT` timers (the common case: a window
 * operator has one or a few windows per key, a process function a few timers), scanned linearly;
 * nested maps by namespace and timestamp beyond (a key with many timers keeps them).
 */
import type { NormalizedKey } from "../state/normalized-key.js";
import { sameValueZero, type Timer, type TimerOwner } from "./timer.js";

const SMALL_LIMIT = 8;

export class KeyTimers implements TimerOwner {
  private list: Timer[] | undefined = [];
  private byNamespace: Map<NormalizedKey, Map<number, Timer>> | undefined;
  /** Number of timers. */
  count = 0;

  constructor(readonly key: unknown) {}

  find(nsNorm: NormalizedKey, timestamp: number): Timer | undefined {
    const list = this.list;
    if (list === undefined) return this.byNamespace!.get(nsNorm)?.get(timestamp);
    for (let i = 0; i < list.length; i++) {
      const t = list[i]!;
      if (t.timestamp === timestamp && t.nsNorm === nsNorm) return t;
    }
    // NaN equals itself as a map key: only then compare as the maps do.
    if (!Number.isNaN(timestamp) && !Number.isNaN(nsNorm)) return undefined;
    for (let i = 0; i < list.length; i++) {
      const t = list[i]!;
      if (sameValueZero(t.timestamp, timestamp) && sameValueZero(t.nsNorm, nsNorm)) return t;
    }
    return undefined;
  }

  /** Adds a timer whose (namespace, timestamp) the key does not have. */
  insert(timer: Timer): void {
    this.count++;
    const list = this.list;
    if (list !== undefined) {
      if (list.length < SMALL_LIMIT) {
        list.push(timer);
        return;
      }
      this.list = undefined;
      this.byNamespace = new Map();
      for (const t of list) this.index(t);
    }
    this.index(timer);
  }

  remove(timer: Timer): void {
    this.count--;
    const list = this.list;
    if (list !== undefined) {
      // Shift down rather than splice (which builds a result array); the list is short.
      const last = list.length - 1;
      let i = list.indexOf(timer);
      if (i < 0) return;
      for (; i < last; i++) list[i] = list[i + 1]!;
      list.pop();
      return;
    }
    const byNamespace = this.byNamespace!;
    const times = byNamespace.get(timer.nsNorm);
    if (times === undefined) return;
    times.delete(timer.timestamp);
    if (times.size === 0) byNamespace.delete(timer.nsNorm);
  }

  forEach(fn: (timer: Timer) => void): void {
    const list = this.list;
    if (list !== undefined) {
      for (let i = 0; i < list.length; i++) fn(list[i]!);
      return;
    }
    for (const times of this.byNamespace!.values()) for (const t of times.values()) fn(t);
  }

  private index(timer: Timer): void {
    const byNamespace = this.byNamespace!;
    let times = byNamespace.get(timer.nsNorm);
    if (times === undefined) {
      times = new Map();
      byNamespace.set(timer.nsNorm, times);
    }
    times.set(timer.timestamp, timer);
  }
}
