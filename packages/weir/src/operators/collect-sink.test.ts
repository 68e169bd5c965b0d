/**
 * The collect sink's credit accounting (collect protocol, coordination.ts), driven through the
 * operator harness: batches go out only against credits, `backpressure()` holds the task while a
 * full batch waits for one, timed flushes and `finish` respect credits, and `close` releases
 * everything. No wall time: the flush timer runs on a `ManualClock`.
 */
import { describe, expect, it } from "vitest";
import { ManualClock } from "../core/clock.js";
import { CollectSinkOperator, type CollectSinkOptions } from "./collect-sink.js";
import type { CollectCoordinatorEvent, CollectSinkEvent } from "./coordination.js";
import { OperatorTestHarness } from "./testing/harness.js";

const ack = (batches: number): CollectCoordinatorEvent => ({ kind: "collect.ack", batches });

async function openSink(options: CollectSinkOptions, clock = new ManualClock(0)) {
  const sink = new CollectSinkOperator<number>(options);
  const h = new OperatorTestHarness(sink, { clock, config: { "execution.buffer-timeout": "50 ms" } });
  await h.open();
  const events = () => h.getOperatorEvents() as CollectSinkEvent[];
  const batches = () => events().flatMap((e) => (e.kind === "collect.batch" ? [e.values] : []));
  return { sink, h, clock, events, batches };
}

/** Settles pending promise reactions (one macrotask turn; no wall time involved). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function tracked(promise: Promise<void> | undefined): { done: boolean } {
  const state = { done: false };
  void promise?.then(() => {
    state.done = true;
  });
  return state;
}

describe("CollectSinkOperator credits", () => {
  it("sends at most maxUnackedBatches batches, then backpressures until an ack lets a full batch go", async () => {
    const { sink, h, batches } = await openSink({ batchSize: 2, maxUnackedBatches: 2 });
    expect(sink.availableCredits()).toBe(2);
    expect(sink.backpressure()).toBeUndefined();
    // One input batch of 7 values: the check happens between input batches, so all are taken.
    for (let i = 0; i < 7; i++) h.processElement(i);
    expect(batches()).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(sink.availableCredits()).toBe(0);
    expect(sink.pendingValues()).toBe(3);
    const blocked = sink.backpressure();
    expect(blocked).toBeInstanceOf(Promise);
    // The same promise while the blocked period lasts (one allocation per period, not per check).
    expect(sink.backpressure()).toBe(blocked);
    const released = tracked(blocked);

    h.sendOperatorEvent(ack(1));
    expect(batches()).toHaveLength(3);
    expect(batches()[2]).toEqual([4, 5]);
    // [6] alone is not a full batch: the sink takes input again although it has no credit.
    expect(sink.availableCredits()).toBe(0);
    expect(sink.backpressure()).toBeUndefined();
    await settle();
    expect(released.done).toBe(true);

    h.processElement(7);
    expect(sink.backpressure()).toBeInstanceOf(Promise);
    h.sendOperatorEvent(ack(2));
    expect(batches()).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
      [6, 7],
    ]);
    expect(sink.availableCredits()).toBe(1);
    expect(sink.pendingValues()).toBe(0);
  });

  it("sends a backlog in batches of at most batchSize values, in order", async () => {
    const { sink, h, batches } = await openSink({ batchSize: 3, maxUnackedBatches: 1 });
    for (let i = 0; i < 11; i++) h.processElement(i);
    expect(batches()).toEqual([[0, 1, 2]]);
    expect(sink.pendingValues()).toBe(8);
    h.sendOperatorEvent(ack(1));
    h.sendOperatorEvent(ack(1));
    expect(batches()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ]);
    // [9, 10] is partial: it waits for the flush interval (or a full batch), not for a credit.
    expect(sink.backpressure()).toBeUndefined();
  });

  it("clamps credits at maxUnackedBatches (an ack meant for an earlier attempt adds nothing)", async () => {
    const { sink, h } = await openSink({ batchSize: 1, maxUnackedBatches: 2 });
    h.sendOperatorEvent(ack(5));
    expect(sink.availableCredits()).toBe(2);
    h.processElement(1);
    h.sendOperatorEvent(ack(3));
    expect(sink.availableCredits()).toBe(2);
  });

  it("flushes a partial batch after the interval only against a credit, else at the next ack", async () => {
    const { h, clock, batches } = await openSink({ batchSize: 10, maxUnackedBatches: 1 });
    h.processElement(0);
    h.processElement(1);
    clock.advance(50);
    expect(batches()).toEqual([[0, 1]]);
    h.processElement(2);
    clock.advance(50);
    // Overdue, but no credit: nothing is sent, and no timer keeps firing meanwhile.
    expect(batches()).toHaveLength(1);
    expect(clock.pendingTimers()).toBe(0);
    h.processElement(3);
    expect(batches()).toHaveLength(1);
    h.sendOperatorEvent(ack(1));
    expect(batches()).toEqual([
      [0, 1],
      [2, 3],
    ]);
    // A new partial batch gets a fresh interval.
    h.processElement(4);
    h.sendOperatorEvent(ack(1));
    clock.advance(49);
    expect(batches()).toHaveLength(2);
    clock.advance(1);
    expect(batches()).toEqual([[0, 1], [2, 3], [4]]);
  });

  it("finish sends the rest against credits, then collect.end", async () => {
    const { h, events } = await openSink({ batchSize: 2, maxUnackedBatches: 1 });
    for (let i = 0; i < 5; i++) h.processElement(i);
    const finished = { done: false };
    const finishing = h.endInput().then(() => {
      finished.done = true;
    });
    await settle();
    expect(finished.done).toBe(false);
    expect(events()).toEqual([{ kind: "collect.batch", values: [0, 1] }]);
    h.sendOperatorEvent(ack(1));
    await settle();
    expect(finished.done).toBe(false);
    h.sendOperatorEvent(ack(1));
    await finishing;
    expect(events()).toEqual<CollectSinkEvent[]>([
      { kind: "collect.batch", values: [0, 1] },
      { kind: "collect.batch", values: [2, 3] },
      { kind: "collect.batch", values: [4] },
      { kind: "collect.end" },
    ]);
    await h.close();
  });

  it("finish completes at once when everything fits the credits", async () => {
    const { h, events } = await openSink({ batchSize: 2, maxUnackedBatches: 2 });
    h.processElement(0);
    h.processElement(1);
    h.processElement(2);
    await h.endInput();
    expect(events()).toEqual<CollectSinkEvent[]>([
      { kind: "collect.batch", values: [0, 1] },
      { kind: "collect.batch", values: [2] },
      { kind: "collect.end" },
    ]);
  });

  it("close releases a blocked task and a pending finish without sending more", async () => {
    const { sink, h, events } = await openSink({ batchSize: 1, maxUnackedBatches: 1 });
    h.processElement(0);
    h.processElement(1);
    const released = tracked(sink.backpressure());
    const finished = tracked(h.endInput());
    await settle();
    expect(released.done).toBe(false);
    expect(finished.done).toBe(false);
    await h.close();
    await settle();
    expect(released.done).toBe(true);
    expect(finished.done).toBe(true);
    h.sendOperatorEvent(ack(1));
    expect(events()).toEqual([{ kind: "collect.batch", values: [0] }]);
  });
});
