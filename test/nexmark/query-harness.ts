/**
 * Shared by the q3..q17 tests: the small event-time input they all use, a runner for a query's
 * `buildQN` on the inline MiniCluster (`executeAndCollect`) at a given parallelism and runtime mode,
 * and the rows of the hand-written baseline over the same events.
 */
import { type DataStream, RuntimeExecutionMode, StreamExecutionEnvironment } from "weir";
import { type GeneratorConfig, generatorConfig } from "../../bench/nexmark/config.js";
import { NexmarkGenerator } from "../../bench/nexmark/generator.js";
import type { NexmarkEvent } from "../../bench/nexmark/model.js";
import { NexmarkSource } from "../../bench/nexmark/source.js";

export const NUM_EVENTS = 20_000;

/**
 * 20,000 events at 1,000 events/s: 20 s of event time (a few 10 s windows, sessions, auctions that
 * close), starting 7 s before a UTC midnight so that q17 sees two days.
 */
export const config = generatorConfig({
  numEvents: NUM_EVENTS,
  eventsPerSecond: 1000,
  seed: 5,
  baseTime: Date.UTC(2024, 0, 1) - 7000,
});

export type Mode = "STREAMING" | "BATCH";

/** Runs `build` over the test events and collects its output. */
export async function runQuery<R>(
  build: (env: StreamExecutionEnvironment, source: NexmarkSource) => DataStream<R>,
  parallelism: number,
  mode: Mode = "STREAMING",
  input: GeneratorConfig = config,
): Promise<R[]> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env.setParallelism(parallelism);
  if (mode === "BATCH") env.setRuntimeMode(RuntimeExecutionMode.BATCH);
  return build(env, new NexmarkSource(input)).executeAndCollect();
}

/** The rows of a baseline loop over the test events. */
export function baselineRows<R>(
  rows: (generator: NexmarkGenerator, numEvents: number, emit: (row: R) => void) => void,
  input: GeneratorConfig = config,
): R[] {
  const out: R[] = [];
  rows(new NexmarkGenerator(input), input.numEvents, (row) => out.push(row));
  return out;
}

/** All test events, in event-number order. */
export function allEvents(input: GeneratorConfig = config): NexmarkEvent[] {
  const generator = new NexmarkGenerator(input);
  return Array.from({ length: input.numEvents }, (_, n) => generator.event(n));
}

/** Rows as a sorted list of JSON strings, to compare multisets. */
export const sorted = <T>(rows: readonly T[]): string[] => rows.map((r) => JSON.stringify(r)).sort();

export const RUNS: readonly [number, Mode][] = [
  [1, "STREAMING"],
  [2, "STREAMING"],
  [2, "BATCH"],
];
