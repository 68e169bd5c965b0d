import { describe, expect, it } from "vitest";
import { TimerQueue } from "./timer-queue.js";

/** Adds a timer of `key` (its own normalized form) in namespace `ns`. */
function add(q: TimerQueue, key: string, ns: string | null, ts: number): boolean {
  return q.add(key, key, ns, ns, ts);
}

function drain(q: TimerQueue, upTo = Number.MAX_SAFE_INTEGER): string[] {
  const out: string[] = [];
  for (let t = q.pollUpTo(upTo); t !== undefined; t = q.pollUpTo(upTo)) {
    out.push(`${String(t.key)}/${String(t.namespace)}@${t.timestamp}`);
  }
  return out;
}

describe("TimerQueue", () => {
  it("fires by timestamp, ties in registration order, and deduplicates per (key, namespace, time)", () => {
    const q = new TimerQueue(true);
    expect(add(q, "a", "w1", 10)).toBe(true);
    expect(add(q, "b", "w1", 10)).toBe(true);
    expect(add(q, "a", "w2", 5)).toBe(true);
    expect(add(q, "a", "w1", 10)).toBe(false);
    expect(add(q, "c", null, 10)).toBe(true);
    expect(add(q, "b", "w1", 10)).toBe(false);
    expect(q.size).toBe(4);
    expect(q.peek()?.timestamp).toBe(5);
    expect(drain(q, 9)).toEqual(["a/w2@5"]);
    expect(drain(q)).toEqual(["a/w1@10", "b/w1@10", "c/null@10"]);
    expect(q.size).toBe(0);
    expect(q.peek()).toBeUndefined();
  });

  it("registers a fired timer again, and deletes a timer re-registered after it fired", () => {
    const q = new TimerQueue(true);
    add(q, "a", "w", 10);
    expect(drain(q, 10)).toEqual(["a/w@10"]);
    // The same registration right after firing is a new timer, not a duplicate.
    expect(add(q, "a", "w", 10)).toBe(true);
    expect(q.delete("a", "w", 10)).toBe(true);
    expect(q.size).toBe(0);
    add(q, "a", "w", 20);
    expect(drain(q, 20)).toEqual(["a/w@20"]);
    // Deleting the timer that just fired is a no-op.
    expect(q.delete("a", "w", 20)).toBe(false);
    expect(add(q, "a", "w", 20)).toBe(true);
    expect(drain(q)).toEqual(["a/w@20"]);
  });

  it("deleted timers never fire and do not pile up (sessions move their timer on every element)", () => {
    const q = new TimerQueue(true);
    for (let i = 0; i < 1000; i++) {
      if (i > 0) expect(q.delete("k", "s", 100 + i - 1)).toBe(true);
      add(q, "k", "s", 100 + i);
      add(q, "other", null, 5000);
    }
    expect(q.size).toBe(2);
    expect(drain(q)).toEqual(["k/s@1099", "other/null@5000"]);
  });

  it("keeps order and deduplication for a key with many timers, and after mass deletion in one bucket", () => {
    const q = new TimerQueue(true);
    for (let i = 0; i < 40; i++) add(q, "k", `w${i % 4}`, 1000 - i);
    for (let i = 0; i < 40; i++) expect(add(q, "k", `w${i % 4}`, 1000 - i)).toBe(false);
    for (let i = 0; i < 100; i++) add(q, `x${i}`, null, 50);
    for (let i = 0; i < 100; i++) if (i % 10 !== 3) q.delete(`x${i}`, null, 50);
    for (let i = 0; i < 40; i += 2) q.delete("k", `w${i % 4}`, 1000 - i);
    expect(q.size).toBe(30);
    const fired = drain(q);
    expect(fired.slice(0, 10)).toEqual([3, 13, 23, 33, 43, 53, 63, 73, 83, 93].map((i) => `x${i}/null@50`));
    expect(fired.slice(10)).toEqual(
      Array.from({ length: 20 }, (_, j) => 39 - 2 * j).map((i) => `k/w${i % 4}@${1000 - i}`),
    );
  });

  it("without order (BATCH) gives a key's timers by timestamp, then registration order", () => {
    const q = new TimerQueue(false);
    add(q, "a", "w2", 7);
    add(q, "b", null, 1);
    add(q, "a", "w1", 3);
    add(q, "a", "w3", 3);
    expect(q.pollUpTo(100)).toBeUndefined();
    expect(q.pollKey("a").map((t) => `${String(t.namespace)}@${t.timestamp}`)).toEqual([
      "w1@3",
      "w3@3",
      "w2@7",
    ]);
    expect(q.size).toBe(1);
    expect(q.keys()).toEqual([["b", "b"]]);
  });
});
