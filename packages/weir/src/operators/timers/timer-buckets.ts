/**
 * The firing order of a `TimerQueue`: timers grouped into one bucket per timestamp, each bucket
 * in registration order, and the buckets in a min-heap by timestamp. Timers come out by timestamp,
 * then registration order (Flink's order), and the heap only orders *distinct* timestamps: window
 * operators register many timers at the same few window ends, so adding is a `Map` lookup and an
 * append, and firing a window end walks one array instead of sifting a heap of every timer.
 *
 * Deleting a timer marks it; it is skipped when its bucket reaches it, and a bucket drops its
 * deleted timers once they outnumber the live ones, so memory stays proportional to the live
 * timers (session windows delete a timer for almost every element). A bucket whose timers are all
 * gone leaves the heap at once.
 */
import { type Timer, TimerBucket } from "./timer.js";

/** Deleted timers a bucket tolerates before it compacts (when they also outnumber live ones). */
const COMPACT_MIN_DEAD = 32;

export class TimerBuckets {
  private readonly byTime = new Map<number, TimerBucket>();
  private readonly heap: TimerBucket[] = [];
  /** The bucket added to last (timers of one window end arrive together). */
  private lastBucket: TimerBucket | undefined;

  /** Appends a new timer (its `seq` is larger than every queued timer's). */
  add(timer: Timer): void {
    const timestamp = timer.timestamp;
    let bucket = this.lastBucket;
    if (bucket === undefined || bucket.timestamp !== timestamp || bucket.heapIndex < 0) {
      bucket = this.byTime.get(timestamp);
      if (bucket === undefined) {
        bucket = new TimerBucket(timestamp);
        this.byTime.set(timestamp, bucket);
        this.push(bucket);
      }
      this.lastBucket = bucket;
    }
    bucket.timers.push(timer);
    bucket.live++;
    timer.bucket = bucket;
  }

  /** Removes a queued timer that was marked `deleted` (not polled). */
  remove(timer: Timer): void {
    const bucket = timer.bucket;
    if (bucket === undefined) return;
    timer.bucket = undefined;
    if (--bucket.live === 0) {
      this.drop(bucket);
      return;
    }
    const dead = bucket.timers.length - bucket.head - bucket.live;
    if (dead > COMPACT_MIN_DEAD && dead > bucket.live) compact(bucket);
  }

  /** The earliest live timer. */
  peek(): Timer | undefined {
    const bucket = this.heap[0];
    if (bucket === undefined) return undefined;
    const timers = bucket.timers;
    let head = bucket.head;
    // A bucket in the heap has a live timer at or after `head`.
    while (timers[head]!.deleted) head++;
    bucket.head = head;
    return timers[head];
  }

  /** Removes the timer `peek()` returned. */
  pollPeeked(timer: Timer): void {
    const bucket = timer.bucket!;
    timer.bucket = undefined;
    bucket.head++;
    if (--bucket.live === 0) this.drop(bucket);
  }

  private drop(bucket: TimerBucket): void {
    this.byTime.delete(bucket.timestamp);
    this.removeFromHeap(bucket.heapIndex);
    if (this.lastBucket === bucket) this.lastBucket = undefined;
  }

  // ---- binary min-heap of buckets by timestamp; every move updates `heapIndex` ----------------

  private push(bucket: TimerBucket): void {
    const heap = this.heap;
    heap.push(bucket);
    this.siftUp(heap.length - 1, bucket);
  }

  private removeFromHeap(index: number): void {
    const heap = this.heap;
    heap[index]!.heapIndex = -1;
    const last = heap.pop()!;
    if (index >= heap.length) return;
    if (index > 0 && last.timestamp < heap[(index - 1) >> 1]!.timestamp) this.siftUp(index, last);
    else this.siftDown(index, last);
  }

  private siftUp(from: number, bucket: TimerBucket): void {
    const heap = this.heap;
    let i = from;
    while (i > 0) {
      const parentAt = (i - 1) >> 1;
      const parent = heap[parentAt]!;
      if (!(bucket.timestamp < parent.timestamp)) break;
      heap[i] = parent;
      parent.heapIndex = i;
      i = parentAt;
    }
    heap[i] = bucket;
    bucket.heapIndex = i;
  }

  private siftDown(from: number, bucket: TimerBucket): void {
    const heap = this.heap;
    const n = heap.length;
    let i = from;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      let childAt = left;
      let child = heap[left]!;
      if (left + 1 < n) {
        const right = heap[left + 1]!;
        if (right.timestamp < child.timestamp) {
          childAt = left + 1;
          child = right;
        }
      }
      if (!(child.timestamp < bucket.timestamp)) break;
      heap[i] = child;
      child.heapIndex = i;
      i = childAt;
    }
    heap[i] = bucket;
    bucket.heapIndex = i;
  }
}

/** Drops a bucket's polled and deleted timers, keeping the order of the rest. */
function compact(bucket: TimerBucket): void {
  const kept: Timer[] = [];
  const timers = bucket.timers;
  for (let i = bucket.head; i < timers.length; i++) {
    const t = timers[i]!;
    if (!t.deleted) kept.push(t);
  }
  bucket.timers = kept;
  bucket.head = 0;
}
