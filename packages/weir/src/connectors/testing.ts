/**
 * A test driver for sources (not exported from the package): runs a `Source`'s enumerator and
 * `parallelism` readers through their contract, the way the runtime does, without a runtime.
 *
 * - Messages between readers and the enumerator (registration, split requests, assignments,
 *   no-more-splits) are queued and delivered between polls, never synchronously, and splits are
 *   passed through `structuredClone` as if they crossed a thread.
 * - `callAsync` runs the callable at once (or after `initialDelayMs`) and repeats every `periodMs`
 *   on the driver's clock; with a `ManualClock`, periodic work runs only when the test advances it.
 * - `runUntil` polls every reader until the predicate holds, awaiting reader availability when
 *   nothing can progress; `onIdle` (e.g. advancing a `ManualClock`) is called at such points.
 *   A stall guard (real time, default 20 s, never an assertion on timing) turns a hang into an error.
 */
import { type Clock, ManualClock, type TimerHandle } from "../core/clock.js";
import { InternalError } from "../core/errors.js";
import type {
  InputStatus,
  ReaderOutput,
  Source,
  SourceReader,
  SourceSplit,
  SplitEnumerator,
  SplitEnumeratorContext,
} from "../core/source.js";

export interface SourceDriverOptions {
  readonly parallelism?: number;
  readonly clock?: Clock;
  readonly config?: Readonly<Record<string, string>>;
}

export interface RunOptions {
  /** Called when no reader can progress right now, before waiting for availability. */
  readonly onIdle?: () => void | Promise<void>;
  readonly maxSteps?: number;
  readonly stallTimeoutMs?: number;
}

export class SourceTestDriver<T, S extends SourceSplit> {
  readonly clock: Clock;
  readonly parallelism: number;
  /** Records per subtask, in emission order. */
  readonly outputs: T[][];
  /** Timestamps per subtask, parallel to `outputs` (`undefined` when none was given). */
  readonly timestamps: (number | undefined)[][];
  /** Splits assigned to each subtask, in assignment order. */
  readonly assigned: S[][];
  readonly readers: SourceReader<T, S>[] = [];
  readonly status: (InputStatus | "NEW")[];
  enumerator!: SplitEnumerator<S, unknown>;
  private readonly source: Source<T, S, unknown>;
  private readonly config: Readonly<Record<string, string>>;
  private readonly inbox: (() => void)[] = [];
  private readonly registered = new Set<number>();
  private readonly timers: TimerHandle[] = [];
  private readonly asyncInFlight = new Set<Promise<unknown>>();
  private wake: (() => void) | undefined;
  private closed = false;

  private constructor(source: Source<T, S, unknown>, options: SourceDriverOptions) {
    this.source = source;
    this.clock = options.clock ?? new ManualClock(0);
    this.parallelism = options.parallelism ?? 1;
    this.config = options.config ?? {};
    this.outputs = Array.from({ length: this.parallelism }, () => []);
    this.timestamps = Array.from({ length: this.parallelism }, () => []);
    this.assigned = Array.from({ length: this.parallelism }, () => []);
    this.status = Array.from({ length: this.parallelism }, () => "NEW" as const);
  }

  /** Creates and starts the enumerator, then creates, starts and registers every reader. */
  static async create<T, S extends SourceSplit, E>(
    source: Source<T, S, E>,
    options: SourceDriverOptions = {},
  ): Promise<SourceTestDriver<T, S>> {
    const driver = new SourceTestDriver<T, S>(source as Source<T, S, unknown>, options);
    await driver.startEnumerator(source.createEnumerator(driver.enumeratorContext()));
    for (let i = 0; i < driver.parallelism; i++) await driver.startReader(i);
    return driver;
  }

  /** Creates the enumerator from a snapshot instead (the source must support restore). */
  static async restore<T, S extends SourceSplit, E>(
    source: Source<T, S, E>,
    state: E,
    options: SourceDriverOptions = {},
  ): Promise<SourceTestDriver<T, S>> {
    if (source.restoreEnumerator === undefined) throw new InternalError("source has no restoreEnumerator");
    const driver = new SourceTestDriver<T, S>(source as Source<T, S, unknown>, options);
    await driver.startEnumerator(source.restoreEnumerator(driver.enumeratorContext(), state));
    for (let i = 0; i < driver.parallelism; i++) await driver.startReader(i);
    return driver;
  }

  /** All records of all subtasks (subtask 0 first). */
  all(): T[] {
    return this.outputs.flat();
  }

  ended(): boolean {
    return this.status.every((s) => s === "END_OF_INPUT");
  }

  /** Runs until every reader reached END_OF_INPUT; returns all records. */
  async runToEnd(options: RunOptions = {}): Promise<T[]> {
    await this.runUntil(() => this.ended(), options);
    return this.all();
  }

  /** Delivers messages and polls readers until nothing can progress without waiting. */
  runUntilIdle(maxSteps = 1_000_000): void {
    for (let step = 0; step < maxSteps; step++) if (!this.step()) return;
    throw new InternalError(`source did not become idle within ${maxSteps} steps`);
  }

  async runUntil(predicate: () => boolean, options: RunOptions = {}): Promise<void> {
    const maxSteps = options.maxSteps ?? 1_000_000;
    const stallMs = options.stallTimeoutMs ?? 20_000;
    for (let step = 0; step < maxSteps; step++) {
      if (predicate()) return;
      if (this.step()) continue;
      if (predicate()) return;
      if (this.ended()) throw new InternalError("all readers ended before the condition held");
      await options.onIdle?.();
      if (this.inbox.length > 0) continue;
      await this.waitForProgress(stallMs);
    }
    throw new InternalError(`condition not reached within ${maxSteps} steps`);
  }

  /** Closes readers, the enumerator and the driver's timers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) t.cancel();
    for (const r of this.readers) await r.close();
    await this.enumerator.close();
  }

  /** One round: deliver all messages, then poll each live reader a few times. True on progress. */
  private step(): boolean {
    let progress = false;
    while (this.inbox.length > 0) {
      this.inbox.shift()!();
      progress = true;
    }
    for (let i = 0; i < this.parallelism; i++) {
      if (this.status[i] === "END_OF_INPUT") continue;
      const reader = this.readers[i]!;
      const output = this.outputFor(i);
      for (let k = 0; k < 16; k++) {
        const before = this.outputs[i]!.length;
        const status = reader.pollNext(output);
        if (this.outputs[i]!.length > before || status !== this.status[i]) progress = true;
        this.status[i] = status;
        if (status !== "MORE_AVAILABLE") break;
      }
    }
    return progress;
  }

  private async waitForProgress(stallMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const woken = new Promise<void>((resolve) => {
      this.wake = resolve;
    });
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new InternalError(`source stalled for ${stallMs} ms`)), stallMs);
    });
    const available = this.readers
      .filter((_, i) => this.status[i] !== "END_OF_INPUT")
      .map((r) => r.isAvailable());
    try {
      await Promise.race([woken, stalled, ...available]);
    } finally {
      clearTimeout(timer);
      this.wake = undefined;
    }
  }

  private post(message: () => void): void {
    this.inbox.push(message);
    this.wake?.();
  }

  private readonly outputCache: ReaderOutput<T>[] = [];
  private outputFor(i: number): ReaderOutput<T> {
    let out = this.outputCache[i];
    if (out === undefined) {
      const values = this.outputs[i]!;
      const timestamps = this.timestamps[i]!;
      out = {
        collect: (value: T, timestamp?: number) => {
          values.push(value);
          timestamps.push(timestamp);
        },
      };
      this.outputCache[i] = out;
    }
    return out;
  }

  private async startEnumerator(enumerator: SplitEnumerator<S, unknown>): Promise<void> {
    this.enumerator = enumerator;
    await enumerator.start();
  }

  private async startReader(i: number): Promise<void> {
    const reader = this.source.createReader({
      subtaskIndex: i,
      parallelism: this.parallelism,
      config: this.config,
      clock: this.clock,
      sendSplitRequest: () => this.post(() => this.enumerator.handleSplitRequest(i)),
      sendSourceEventToCoordinator: (event) => this.post(() => this.enumerator.handleSourceEvent?.(i, event)),
    });
    this.readers[i] = reader;
    await reader.start();
    this.post(() => {
      this.registered.add(i);
      this.enumerator.addReader(i);
    });
  }

  private enumeratorContext(): SplitEnumeratorContext<S> {
    return {
      clock: this.clock,
      currentParallelism: () => this.parallelism,
      registeredReaders: () => this.registered,
      assignSplits: (subtask, splits) => {
        const copy = structuredClone(splits) as S[];
        this.assigned[subtask]!.push(...copy);
        this.post(() => this.readers[subtask]!.addSplits(copy));
      },
      signalNoMoreSplits: (subtask) => this.post(() => this.readers[subtask]!.notifyNoMoreSplits()),
      sendEventToSourceReader: (subtask, event) =>
        this.post(() => this.readers[subtask]!.handleSourceEvent?.(structuredClone(event))),
      callAsync: (callable, handler, initialDelayMs, periodMs) =>
        this.callAsync(callable, handler, initialDelayMs, periodMs),
    };
  }

  private callAsync<R>(
    callable: () => Promise<R>,
    handler: (result: R | undefined, error: Error | undefined) => void,
    initialDelayMs: number | undefined,
    periodMs: number | undefined,
  ): void {
    const run = (): void => {
      if (this.closed) return;
      const p = callable().then(
        (result) => this.post(() => handler(result, undefined)),
        (e: unknown) => this.post(() => handler(undefined, e instanceof Error ? e : new Error(String(e)))),
      );
      this.asyncInFlight.add(p);
      void p.finally(() => {
        this.asyncInFlight.delete(p);
        if (periodMs !== undefined && periodMs > 0 && !this.closed) schedule(periodMs);
      });
    };
    const schedule = (delay: number): void => {
      this.timers.push(this.clock.setTimer(this.clock.now() + delay, run));
    };
    if (initialDelayMs !== undefined && initialDelayMs > 0) schedule(initialDelayMs);
    else run();
  }

  /** Waits until the async callables started so far have completed and their handlers are queued. */
  async settleAsync(): Promise<void> {
    while (this.asyncInFlight.size > 0) await Promise.allSettled([...this.asyncInFlight]);
  }
}
