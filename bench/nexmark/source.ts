/**
 * `NexmarkSource`: the Nexmark generator as a Weir source (FLIP-27 shape).
 *
 * The enumerator cuts the event numbers into one strided split per reader: at parallelism n,
 * subtask k owns numbers k, k+n, k+2n, ... below `numEvents` (or without end when unbounded).
 * Striding rather than contiguous ranges keeps every reader at about the same event time, as
 * the nexmark generators run on parallel timelines. Since each event is a pure function of its
 * number (see generator.ts), the union over the readers is the same event set at any
 * parallelism. Readers emit at most `MAX_EVENTS_PER_POLL` events per `pollNext`, stamp each with
 * its event time, and, when `rateLimited`, hold each event back until its wall-clock due time.
 * A split records the next number to emit, so a checkpointed split resumes exactly.
 */
import type {
  Boundedness,
  InputStatus,
  ReaderOutput,
  Source,
  SourceReader,
  SourceReaderContext,
  SourceSplit,
  SplitEnumerator,
  SplitEnumeratorContext,
} from "weir";
import { type GeneratorConfig, generatorConfig } from "./config.js";
import { NexmarkGenerator } from "./generator.js";
import type { NexmarkEvent } from "./model.js";

/** Events emitted per `pollNext` at most (about one 32 KiB network buffer of bids). */
export const MAX_EVENTS_PER_POLL = 256;

export interface NexmarkSplit extends SourceSplit {
  /** Next event number to emit. */
  readonly next: number;
  /** Distance between the event numbers of this split (the source parallelism). */
  readonly stride: number;
  /** Exclusive upper bound of event numbers, or null when unbounded. */
  readonly end: number | null;
}

export interface NexmarkEnumeratorState {
  /** Splits not (or no longer) assigned, by subtask. */
  readonly pending: Record<string, NexmarkSplit[]>;
}

/** Splits of a run at parallelism `parallelism`: subtask k gets numbers k, k+p, k+2p, ... */
export function nexmarkSplits(config: GeneratorConfig, parallelism: number): NexmarkSplit[] {
  const end = config.numEvents > 0 ? config.numEvents : null;
  return Array.from({ length: parallelism }, (_, k) => ({
    id: `nexmark-${k}-of-${parallelism}`,
    next: k,
    stride: parallelism,
    end,
  }));
}

export class NexmarkSource implements Source<NexmarkEvent, NexmarkSplit, NexmarkEnumeratorState> {
  readonly config: GeneratorConfig;

  constructor(config: Partial<GeneratorConfig> = {}) {
    this.config = generatorConfig(config);
  }

  getBoundedness(): Boundedness {
    return this.config.numEvents > 0 ? "BOUNDED" : "CONTINUOUS_UNBOUNDED";
  }

  createEnumerator(
    context: SplitEnumeratorContext<NexmarkSplit>,
  ): SplitEnumerator<NexmarkSplit, NexmarkEnumeratorState> {
    const pending = new Map<number, NexmarkSplit[]>();
    for (const [k, split] of nexmarkSplits(this.config, context.currentParallelism()).entries()) {
      pending.set(k, [split]);
    }
    return new NexmarkSplitEnumerator(context, pending);
  }

  restoreEnumerator(
    context: SplitEnumeratorContext<NexmarkSplit>,
    state: NexmarkEnumeratorState,
  ): SplitEnumerator<NexmarkSplit, NexmarkEnumeratorState> {
    const pending = new Map<number, NexmarkSplit[]>();
    for (const [k, splits] of Object.entries(state.pending)) pending.set(Number(k), [...splits]);
    return new NexmarkSplitEnumerator(context, pending);
  }

  createReader(context: SourceReaderContext): SourceReader<NexmarkEvent, NexmarkSplit> {
    return new NexmarkSourceReader(context, this.config);
  }
}

/** Hands each subtask its own split when asked, then tells it that no more will come. */
class NexmarkSplitEnumerator implements SplitEnumerator<NexmarkSplit, NexmarkEnumeratorState> {
  constructor(
    private readonly context: SplitEnumeratorContext<NexmarkSplit>,
    private readonly pending: Map<number, NexmarkSplit[]>,
  ) {}

  start(): void {}

  handleSplitRequest(subtask: number): void {
    const splits = this.pending.get(subtask);
    if (splits !== undefined && splits.length > 0) this.context.assignSplits(subtask, splits);
    this.pending.delete(subtask);
    this.context.signalNoMoreSplits(subtask);
  }

  addSplitsBack(splits: readonly NexmarkSplit[], subtask: number): void {
    this.pending.set(subtask, [...(this.pending.get(subtask) ?? []), ...splits]);
  }

  addReader(): void {}

  snapshotState(): NexmarkEnumeratorState {
    return { pending: Object.fromEntries([...this.pending].map(([k, splits]) => [String(k), splits])) };
  }

  close(): void {}
}

class NexmarkSourceReader implements SourceReader<NexmarkEvent, NexmarkSplit> {
  private readonly generator: NexmarkGenerator;
  private readonly queue: NexmarkSplit[] = [];
  private current: NexmarkSplit | undefined;
  private next = 0;
  private noMoreSplits = false;
  private wakeUp: (() => void) | undefined;
  private available: Promise<void> | undefined;
  /** Wall-clock time matching event time `baseTime`, set at the first poll when rate-limited. */
  private wallBase = -1;

  constructor(
    private readonly context: SourceReaderContext,
    config: GeneratorConfig,
  ) {
    this.generator = new NexmarkGenerator(config);
  }

  start(): void {
    this.context.sendSplitRequest();
  }

  pollNext(output: ReaderOutput<NexmarkEvent>): InputStatus {
    if (this.current === undefined && !this.openNextSplit()) {
      return this.noMoreSplits ? "END_OF_INPUT" : "NOTHING_AVAILABLE";
    }
    const split = this.current!;
    const end = split.end ?? Number.POSITIVE_INFINITY;
    const generator = this.generator;
    let limit = this.next + MAX_EVENTS_PER_POLL * split.stride;
    if (generator.config.rateLimited) limit = Math.min(limit, this.dueLimit());
    const stride = split.stride;
    let n = this.next;
    while (n < limit && n < end) {
      output.collect(generator.event(n), generator.timestampForEvent(n));
      n += stride;
    }
    this.next = n;
    if (n >= end) {
      this.current = undefined;
      return this.queue.length > 0 || !this.noMoreSplits ? "MORE_AVAILABLE" : "END_OF_INPUT";
    }
    if (generator.config.rateLimited && n >= this.dueLimit()) return "NOTHING_AVAILABLE";
    return "MORE_AVAILABLE";
  }

  isAvailable(): Promise<void> {
    if (this.current !== undefined && this.generator.config.rateLimited) {
      // Wait until the next event is due.
      const due =
        this.wallBase + (this.generator.timestampForEvent(this.next) - this.generator.config.baseTime);
      return new Promise((resolve) => {
        this.context.clock.setTimer(due, resolve);
      });
    }
    if (this.current !== undefined || this.queue.length > 0 || this.noMoreSplits) return Promise.resolve();
    this.available ??= new Promise<void>((resolve) => {
      this.wakeUp = resolve;
    });
    return this.available;
  }

  addSplits(splits: readonly NexmarkSplit[]): void {
    this.queue.push(...splits);
    this.signal();
  }

  notifyNoMoreSplits(): void {
    this.noMoreSplits = true;
    this.signal();
  }

  snapshotState(): NexmarkSplit[] {
    const splits = [...this.queue];
    if (this.current !== undefined) splits.unshift({ ...this.current, next: this.next });
    return splits;
  }

  close(): void {
    this.signal();
  }

  private openNextSplit(): boolean {
    const split = this.queue.shift();
    if (split === undefined) return false;
    this.current = split;
    this.next = split.next;
    return true;
  }

  /** First event number (exclusive) not yet due on the wall clock, for this reader's stride. */
  private dueLimit(): number {
    const now = this.context.clock.now();
    if (this.wallBase < 0) this.wallBase = now;
    const config = this.generator.config;
    const dueEvents = Math.floor(((now - this.wallBase + 1) * config.eventsPerSecond) / 1000);
    return Math.max(this.next, dueEvents);
  }

  private signal(): void {
    const wake = this.wakeUp;
    this.wakeUp = undefined;
    this.available = undefined;
    wake?.();
  }
}
