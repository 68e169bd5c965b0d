/**
 * Split enumerator of `FileSource` (Flink's `StaticFileSplitEnumerator` and
 * `ContinuousFileSplitEnumerator`). `start` lists the input paths (a missing path fails the job
 * with a `JobDefinitionError` naming it) and queues one split per file, large files cut into
 * several. Readers pull splits.
 *
 * - Bounded: after the first listing the enumerator is complete; idle readers get no-more-splits.
 * - Continuous (`monitorIntervalMs`): the paths are listed again every interval through
 *   `callAsync`; only files whose path was never seen are added (a file is read once, even if it
 *   grows or is replaced later). Readers never get no-more-splits.
 */
import type { SplitEnumeratorContext } from "../../core/source.js";
import { type QueueEnumeratorState, QueueSplitEnumerator } from "../util/queue-split-enumerator.js";
import { type FoundFile, listFiles } from "./file-scan.js";
import { type FileSourceSplit, splitFile } from "./file-split.js";

/** Checkpointed state: unassigned splits and every path already turned into splits. */
export interface FileEnumeratorState extends QueueEnumeratorState<FileSourceSplit> {
  readonly seenPaths: readonly string[];
}

export interface FileEnumeratorOptions {
  readonly paths: readonly string[];
  readonly maxSplitBytes: number;
  /** Rescan interval; absent for a bounded source. */
  readonly monitorIntervalMs: number | undefined;
}

export class FileSplitEnumerator extends QueueSplitEnumerator<FileSourceSplit, FileEnumeratorState> {
  private readonly options: FileEnumeratorOptions;
  private readonly seen: Set<string>;
  private readonly restored: boolean;

  constructor(
    context: SplitEnumeratorContext<FileSourceSplit>,
    options: FileEnumeratorOptions,
    restoredState?: FileEnumeratorState,
  ) {
    super(context, restoredState?.pending ?? [], restoredState?.complete ?? false);
    this.options = options;
    this.seen = new Set(restoredState?.seenPaths ?? []);
    this.restored = restoredState !== undefined;
  }

  override async start(): Promise<void> {
    if (!this.restored) this.addFiles(await listFiles(this.options.paths, true));
    const interval = this.options.monitorIntervalMs;
    if (interval === undefined) {
      this.markComplete();
      return;
    }
    this.context.callAsync(
      () => listFiles(this.options.paths, false),
      (files, error) => {
        // A failed rescan is retried at the next interval; files are never lost by skipping one.
        if (error === undefined && files !== undefined) this.addFiles(files);
      },
      interval,
      interval,
    );
  }

  override snapshotState(_checkpointId: number): FileEnumeratorState {
    return { ...this.snapshotQueue(), seenPaths: [...this.seen] };
  }

  private addFiles(files: readonly FoundFile[]): void {
    const splits: FileSourceSplit[] = [];
    for (const f of files) {
      if (this.seen.has(f.path)) continue;
      this.seen.add(f.path);
      splits.push(...splitFile(f.path, f.size, this.options.maxSplitBytes));
    }
    if (splits.length > 0) this.addSplits(splits);
  }
}
