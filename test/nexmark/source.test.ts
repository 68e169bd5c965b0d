import { describe, expect, it } from "vitest";
import { NexmarkGenerator } from "../../bench/nexmark/generator.js";
import type { NexmarkEvent } from "../../bench/nexmark/model.js";
import { NexmarkSource, type NexmarkSplit } from "../../bench/nexmark/source.js";

/** A clock that never fires (no rate limiting in these tests). */
const clock = { now: () => 0, setTimer: () => ({ cancel: () => {} }) };

/**
 * Drives the source's enumerator and readers by hand through the FLIP-27 calls, like the
 * runtime does: readers ask for splits, the enumerator assigns them, readers poll to the end.
 */
function readAll(
  source: NexmarkSource,
  parallelism: number,
): { events: NexmarkEvent[][]; timestamps: number[][] } {
  const readers = new Map<number, ReturnType<NexmarkSource["createReader"]>>();
  const enumerator = source.createEnumerator({
    currentParallelism: () => parallelism,
    registeredReaders: () => new Set(readers.keys()),
    assignSplits: (subtask: number, splits: readonly NexmarkSplit[]) =>
      readers.get(subtask)!.addSplits(splits),
    signalNoMoreSplits: (subtask: number) => readers.get(subtask)!.notifyNoMoreSplits(),
    sendEventToSourceReader: () => {},
    callAsync: () => {},
    clock,
  });
  void enumerator.start();
  const events: NexmarkEvent[][] = [];
  const timestamps: number[][] = [];
  for (let k = 0; k < parallelism; k++) {
    const reader = source.createReader({
      subtaskIndex: k,
      parallelism,
      config: {},
      clock,
      sendSplitRequest: () => enumerator.handleSplitRequest(k),
      sendSourceEventToCoordinator: () => {},
    });
    readers.set(k, reader);
    enumerator.addReader(k);
  }
  for (const [k, reader] of readers) {
    const mine: NexmarkEvent[] = [];
    const times: number[] = [];
    void reader.start();
    const output = {
      collect: (value: NexmarkEvent, timestamp?: number) => {
        mine.push(value);
        times.push(timestamp ?? Number.NaN);
      },
    };
    for (let polls = 0; polls < 100_000; polls++) {
      const status = reader.pollNext(output);
      if (status === "END_OF_INPUT") break;
      expect(status).toBe("MORE_AVAILABLE");
    }
    events[k] = mine;
    timestamps[k] = times;
  }
  return { events, timestamps };
}

const key = (e: NexmarkEvent) => JSON.stringify(e);

describe("NexmarkSource", () => {
  it("is bounded with events.num and unbounded without", () => {
    expect(new NexmarkSource({ numEvents: 10 }).getBoundedness()).toBe("BOUNDED");
    expect(new NexmarkSource({ numEvents: 0 }).getBoundedness()).toBe("CONTINUOUS_UNBOUNDED");
  });

  it("generates the same multiset of events at parallelism 1 and 3, each event once", () => {
    const source = new NexmarkSource({ numEvents: 10_000, seed: 11 });
    const one = readAll(source, 1).events.flat();
    const three = readAll(source, 3);
    expect(one).toHaveLength(10_000);
    expect(three.events.flat()).toHaveLength(10_000);
    expect(three.events.flat().map(key).sort()).toEqual(one.map(key).sort());
    // Readers share the work evenly and each stays on the common timeline.
    for (const part of three.events) expect(part.length).toBeGreaterThanOrEqual(3333);
    const generator = new NexmarkGenerator(source.config);
    expect(one.map(key)).toEqual(Array.from({ length: 10_000 }, (_, n) => key(generator.event(n))));
  });

  it("stamps each record with its event time", () => {
    const source = new NexmarkSource({ numEvents: 500, eventsPerSecond: 100 });
    const { events, timestamps } = readAll(source, 2);
    for (let k = 0; k < 2; k++) {
      events[k]!.forEach((e, i) => {
        const time =
          e.type === "bid" ? e.bid.dateTime : e.type === "person" ? e.person.dateTime : e.auction.dateTime;
        expect(timestamps[k]![i]).toBe(time);
      });
    }
  });

  it("resumes a snapshotted split exactly where it stopped", () => {
    const source = new NexmarkSource({ numEvents: 2000, seed: 4 });
    const reader = source.createReader({
      subtaskIndex: 0,
      parallelism: 1,
      config: {},
      clock,
      sendSplitRequest: () => {},
      sendSourceEventToCoordinator: () => {},
    });
    reader.addSplits([{ id: "s", next: 0, stride: 1, end: 2000 }]);
    reader.notifyNoMoreSplits();
    const first: NexmarkEvent[] = [];
    reader.pollNext({ collect: (e: NexmarkEvent) => first.push(e) });
    const [split] = reader.snapshotState(1);
    expect(split).toEqual({ id: "s", next: first.length, stride: 1, end: 2000 });

    const restored = source.createReader({
      subtaskIndex: 0,
      parallelism: 1,
      config: {},
      clock,
      sendSplitRequest: () => {},
      sendSourceEventToCoordinator: () => {},
    });
    restored.addSplits([split!]);
    restored.notifyNoMoreSplits();
    const rest: NexmarkEvent[] = [];
    while (restored.pollNext({ collect: (e: NexmarkEvent) => rest.push(e) }) !== "END_OF_INPUT") {}
    const generator = new NexmarkGenerator(source.config);
    expect([...first, ...rest].map(key)).toEqual(
      Array.from({ length: 2000 }, (_, n) => key(generator.event(n))),
    );
  });
});
