/**
 * The collect coordinator's queue and credit accounting, alone and wired to real collect sinks
 * (in operator harnesses) with a task-like driver that honours `backpressure()`: the values
 * buffered on the "JobManager" stay within credits × batch size × subtasks whatever the reader
 * does, and every value arrives once, in order per subtask.
 */
import { describe, expect, it } from "vitest";
import { CollectSinkOperator } from "../../../operators/collect-sink.js";
import type { CollectCoordinatorEvent, CollectSinkEvent } from "../../../operators/coordination.js";
import { OperatorTestHarness } from "../../../operators/testing/harness.js";
import { CollectCoordinator } from "./collect-coordinator.js";

function recordingCoordinator() {
  const sent: { subtask: number; event: CollectCoordinatorEvent }[] = [];
  const coordinator = new CollectCoordinator({
    sendEventToSubtask: (subtask, event) => sent.push({ subtask, event: event as CollectCoordinatorEvent }),
  });
  return { coordinator, sent };
}

const batch = (...values: number[]): CollectSinkEvent => ({ kind: "collect.batch", values });

describe("CollectCoordinator", () => {
  it("hands out batches in arrival order and acks each subtask's batches once they are taken", async () => {
    const { coordinator, sent } = recordingCoordinator();
    coordinator.handleEventFromSubtask(0, batch(1, 2));
    coordinator.handleEventFromSubtask(1, batch(10));
    coordinator.handleEventFromSubtask(0, batch(3));
    expect(coordinator.bufferedValues()).toBe(4);
    expect(sent).toEqual([]);

    expect(await coordinator.poll()).toEqual({ values: [1, 2, 10, 3], end: false });
    expect(coordinator.bufferedValues()).toBe(0);
    expect(coordinator.peakBufferedValues()).toBe(4);
    expect(sent).toEqual([
      { subtask: 0, event: { kind: "collect.ack", batches: 2 } },
      { subtask: 1, event: { kind: "collect.ack", batches: 1 } },
    ]);
  });

  it("a poll waits for the next batch; after close it drains the rest, then answers end", async () => {
    const { coordinator, sent } = recordingCoordinator();
    const waiting = coordinator.poll();
    coordinator.handleEventFromSubtask(0, batch(7));
    expect(await waiting).toEqual({ values: [7], end: false });
    expect(sent).toHaveLength(1);

    coordinator.handleEventFromSubtask(0, batch(8, 9));
    coordinator.handleEventFromSubtask(0, { kind: "collect.end" });
    await coordinator.close();
    expect(await coordinator.poll()).toEqual({ values: [8, 9], end: false });
    expect(await coordinator.poll()).toEqual({ values: [], end: true });
    // The tasks are gone: no ack after the job ended, and late batches are ignored.
    expect(sent).toHaveLength(1);
    coordinator.handleEventFromSubtask(0, batch(10));
    expect(await coordinator.poll()).toEqual({ values: [], end: true });
  });

  it("close answers a waiting poll with end", async () => {
    const { coordinator } = recordingCoordinator();
    const waiting = coordinator.poll();
    await coordinator.close();
    expect(await waiting).toEqual({ values: [], end: true });
  });

  it("does not ack batches of an earlier attempt of a re-run subtask", async () => {
    const { coordinator, sent } = recordingCoordinator();
    coordinator.handleEventFromSubtask(0, batch(1));
    coordinator.handleEventFromSubtask(1, batch(2));
    coordinator.subtaskReset(0);
    coordinator.handleEventFromSubtask(0, batch(1));
    expect((await coordinator.poll()).values).toEqual([1, 2, 1]);
    // Subtask 0 gets one credit back (its new attempt's batch), not two.
    expect(sent).toEqual([
      { subtask: 1, event: { kind: "collect.ack", batches: 1 } },
      { subtask: 0, event: { kind: "collect.ack", batches: 1 } },
    ]);
  });
});

/**
 * Two sink subtasks and a coordinator, connected synchronously; `drive` plays the task: it feeds
 * input batches of `inputBatch` values only while the sink does not backpressure.
 */
async function wiredSinks(options: { batchSize: number; credits: number; inputBatch: number }) {
  const harnesses: OperatorTestHarness<number, unknown>[] = [];
  const sinks: CollectSinkOperator<number>[] = [];
  const coordinator = new CollectCoordinator({
    sendEventToSubtask: (subtask, event) => harnesses[subtask]!.sendOperatorEvent(event),
  });
  const forwarded = [0, 0];
  for (let subtask = 0; subtask < 2; subtask++) {
    const sink = new CollectSinkOperator<number>({
      batchSize: options.batchSize,
      maxUnackedBatches: options.credits,
      flushIntervalMs: -1,
    });
    const h = new OperatorTestHarness(sink, { subtaskIndex: subtask, parallelism: 2 });
    await h.open();
    sinks.push(sink);
    harnesses.push(h);
  }
  /** Sink → coordinator events not forwarded yet (the RPC hop). */
  const forward = () => {
    for (let s = 0; s < 2; s++) {
      const events = harnesses[s]!.getOperatorEvents();
      for (; forwarded[s]! < events.length; forwarded[s]!++) {
        coordinator.handleEventFromSubtask(s, events[forwarded[s]!]);
      }
    }
  };
  const produced = [0, 0];
  /** One turn of each subtask's task: an input batch unless backpressured. */
  const drive = () => {
    for (let s = 0; s < 2; s++) {
      if (sinks[s]!.backpressure() !== undefined) continue;
      for (let i = 0; i < options.inputBatch; i++)
        harnesses[s]!.processElement(s * 1_000_000 + produced[s]!++);
    }
    forward();
  };
  return { coordinator, sinks, harnesses, produced, drive, forward };
}

describe("collect sinks and coordinator together", () => {
  it("keeps the coordinator within credits × batch size per subtask while the reader is slow", async () => {
    const batchSize = 8;
    const credits = 3;
    const inputBatch = 5;
    const { coordinator, sinks, produced, drive } = await wiredSinks({ batchSize, credits, inputBatch });
    const received: number[][] = [[], []];
    const bound = 2 * credits * batchSize;

    for (let round = 0; round < 200; round++) {
      // The reader takes something only every tenth round: the tasks spend most rounds blocked.
      for (let turn = 0; turn < 10; turn++) drive();
      expect(coordinator.bufferedValues()).toBeLessThanOrEqual(bound);
      // Each task got at most one input batch beyond a full batch waiting for a credit.
      for (const sink of sinks) expect(sink.pendingValues()).toBeLessThan(batchSize + inputBatch);
      const { values } = await coordinator.poll();
      for (const v of values as number[]) received[v >= 1_000_000 ? 1 : 0]!.push(v % 1_000_000);
    }
    expect(coordinator.peakBufferedValues()).toBeLessThanOrEqual(bound);
    // The sources were throttled to what the reader took, plus what the sinks may hold.
    for (let s = 0; s < 2; s++) {
      expect(produced[s]! - received[s]!.length).toBeLessThanOrEqual(
        credits * batchSize + batchSize + inputBatch,
      );
      expect(received[s]).toEqual(Array.from({ length: received[s]!.length }, (_, i) => i));
      expect(received[s]!.length).toBeGreaterThan(1000);
    }
  });

  it("finishes: every value arrives once and in order per subtask, then end", async () => {
    const { coordinator, harnesses, produced, drive, forward } = await wiredSinks({
      batchSize: 4,
      credits: 2,
      inputBatch: 7,
    });
    for (let turn = 0; turn < 20; turn++) drive();
    const finishing = harnesses.map((h) => h.endInput());
    const received: number[] = [];
    for (let polls = 0; polls < 100; polls++) {
      forward();
      await new Promise<void>((resolve) => setImmediate(resolve));
      forward();
      if (coordinator.bufferedValues() === 0) {
        const ended = harnesses.every((h) =>
          h.getOperatorEvents().some((e) => (e as CollectSinkEvent).kind === "collect.end"),
        );
        if (ended) break;
        continue;
      }
      received.push(...((await coordinator.poll()).values as number[]));
    }
    await Promise.all(finishing);
    await coordinator.close();
    expect((await coordinator.poll()).end).toBe(true);
    for (let s = 0; s < 2; s++) {
      const mine = received.filter((v) => (v >= 1_000_000 ? 1 : 0) === s).map((v) => v % 1_000_000);
      expect(mine).toEqual(Array.from({ length: produced[s]! }, (_, i) => i));
    }
    for (const h of harnesses) {
      const kinds = h.getOperatorEvents().map((e) => (e as CollectSinkEvent).kind);
      expect(kinds.at(-1)).toBe("collect.end");
      expect(kinds.filter((k) => k === "collect.end")).toHaveLength(1);
    }
  });
});
