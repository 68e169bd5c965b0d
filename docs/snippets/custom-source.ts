// weir run -p 2 docs/snippets/custom-source.ts
import {
  type InputStatus,
  type ReaderOutput,
  type Source,
  type SourceReader,
  type SourceReaderContext,
  type SourceSplit,
  type SplitEnumerator,
  type SplitEnumeratorContext,
  StreamExecutionEnvironment,
  WatermarkStrategy,
} from "weir";

/** Splits are plain data: they travel from the JobMaster to the readers. */
interface RangeSplit extends SourceSplit {
  readonly from: number;
  readonly to: number;
}

/** The letters of `word`, one split per half; readers pull splits. */
class LettersSource implements Source<string, RangeSplit, RangeSplit[]> {
  constructor(private readonly word: string) {}

  getBoundedness() {
    return "BOUNDED" as const;
  }

  createEnumerator(context: SplitEnumeratorContext<RangeSplit>): SplitEnumerator<RangeSplit, RangeSplit[]> {
    const half = Math.ceil(this.word.length / 2);
    const pending: RangeSplit[] = [
      { id: "first", from: 0, to: half },
      { id: "second", from: half, to: this.word.length },
    ];
    return {
      start: () => {},
      handleSplitRequest: (subtask) => {
        const split = pending.shift();
        if (split) context.assignSplits(subtask, [split]);
        else context.signalNoMoreSplits(subtask); // the reader ends once its splits are done
      },
      addSplitsBack: (splits) => {
        pending.push(...splits);
      },
      addReader: () => {},
      snapshotState: () => [...pending],
      close: () => {},
    };
  }

  createReader(context: SourceReaderContext): SourceReader<string, RangeSplit> {
    return new LettersReader(this.word, context);
  }
}

class LettersReader implements SourceReader<string, RangeSplit> {
  private readonly splits: RangeSplit[] = [];
  private noMoreSplits = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly word: string,
    private readonly context: SourceReaderContext,
  ) {}

  start(): void {
    this.context.sendSplitRequest();
  }

  /** Synchronous: emit what is ready now and say whether there is more. */
  pollNext(output: ReaderOutput<string>): InputStatus {
    const split = this.splits.shift();
    if (split !== undefined) {
      for (let i = split.from; i < split.to; i++) output.collect(`${this.word[i]}@${i}`);
      this.context.sendSplitRequest(); // ask for the next split
      return "MORE_AVAILABLE";
    }
    return this.noMoreSplits ? "END_OF_INPUT" : "NOTHING_AVAILABLE";
  }

  /** Resolves when pollNext may have something again. */
  isAvailable(): Promise<void> {
    if (this.splits.length > 0 || this.noMoreSplits) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  addSplits(splits: readonly RangeSplit[]): void {
    this.splits.push(...splits);
    this.wake?.();
  }

  notifyNoMoreSplits(): void {
    this.noMoreSplits = true;
    this.wake?.();
  }

  snapshotState(): RangeSplit[] {
    return [...this.splits];
  }

  close(): void {}
}

export default async function main(): Promise<void> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env.fromSource(new LettersSource("weir"), WatermarkStrategy.noWatermarks(), "letters").print();
  await env.execute("custom source");
}
