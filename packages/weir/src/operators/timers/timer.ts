/**
 * One registered timer of a `TimerQueue` (Flink's `TimerHeapInternalTimer`), with the links the
 * queue's index (`KeyTimers`, as its `TimerOwner`) and firing order (a `TimerBucket` of
 * `TimerBuckets`) keep to it.
 */
import type { NormalizedKey } from "../state/normalized-key.js";
import type { InternalTimer } from "./internal-timer-service.js";

/** What a queue hands out. */
export interface TimerRecord extends InternalTimer<unknown, unknown> {
  readonly keyNorm: NormalizedKey;
  readonly nsNorm: NormalizedKey;
  /** Registration order (ties between equal timestamps fire in it). */
  readonly seq: number;
  /** True once the timer left the queue (fired, deleted, or polled with its key). */
  deleted: boolean;
}

/** The index entry that holds a timer: its key's timers (`KeyTimers`). */
export interface TimerOwner {
  /** Number of timers it holds. */
  readonly count: number;
  remove(timer: Timer): void;
}

/** The timers of one timestamp, in registration order (see `timer-buckets.ts`). */
export class TimerBucket {
  /** Entries before `head` were polled; deleted ones are skipped. */
  timers: Timer[] = [];
  head = 0;
  /** Timers neither polled nor deleted. */
  live = 0;
  /** Position in the heap of buckets, -1 once dropped. */
  heapIndex = -1;

  constructor(readonly timestamp: number) {}
}

export class Timer implements TimerRecord {
  deleted = false;
  /** The bucket that orders it, while it is in one. */
  bucket: TimerBucket | undefined = undefined;

  constructor(
    readonly timestamp: number,
    readonly key: unknown,
    readonly namespace: unknown,
    readonly keyNorm: NormalizedKey,
    readonly nsNorm: NormalizedKey,
    readonly seq: number,
    /** The index entry of its key. */
    readonly owner: TimerOwner,
  ) {}
}

/** `SameValueZero`, as `Map` compares keys (so scans and maps agree, even on NaN). */
export function sameValueZero(a: unknown, b: unknown): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}
