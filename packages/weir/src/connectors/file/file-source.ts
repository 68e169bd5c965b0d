/**
 * `FileSource`: text files as a stream of lines (Flink's `FileSource.forRecordStreamFormat(new
 * TextLineInputFormat(), …)`, what `readTextFile` builds on).
 *
 * ```ts
 * const source = FileSource.forTextLines("/data/in").monitorContinuously(10_000).build();
 * ```
 *
 * - Paths are files or directories (read recursively; names starting with `.` or `_` skipped).
 *   A missing path fails the job at start with a `JobDefinitionError` naming it.
 * - One split per file; files larger than the max split size (32 MiB by default) are cut into
 *   byte ranges whose boundaries the reader aligns to lines, so each line is read exactly once.
 * - BOUNDED, unless `monitorContinuously(interval)`: then CONTINUOUS_UNBOUNDED, the paths are
 *   rescanned every interval and only new files are read. Not guaranteed: data appended to a file
 *   after its reader reached the end of it is not read (a file is read once).
 * - Lines are emitted without their `\n` (and without a `\r` before it).
 */
import { JobDefinitionError } from "../../core/errors.js";
import type { Boundedness } from "../../core/jobgraph.js";
import type {
  ReaderOutput,
  Source,
  SourceReader,
  SourceReaderContext,
  SplitEnumerator,
  SplitEnumeratorContext,
} from "../../core/source.js";
import { SplitReaderBase, type SplitStatus } from "../util/split-reader-base.js";
import { type FileEnumeratorState, FileSplitEnumerator } from "./file-enumerator.js";
import { DEFAULT_MAX_SPLIT_BYTES, type FileSourceSplit } from "./file-split.js";
import { TextLineSplitReader } from "./text-line-split-reader.js";

/** Bytes read from a file at once. */
const DEFAULT_READ_CHUNK_BYTES = 64 * 1024;

export class FileSource {
  private constructor() {}

  /** A builder for a source of the lines of the text files under `paths`. */
  static forTextLines(...paths: string[]): FileSourceBuilder {
    if (paths.length === 0) throw new JobDefinitionError("FileSource.forTextLines needs at least one path");
    for (const p of paths) {
      if (typeof p !== "string" || p.length === 0)
        throw new JobDefinitionError("FileSource paths must be non-empty strings");
    }
    return new FileSourceBuilder(paths);
  }
}

export class FileSourceBuilder {
  private readonly paths: readonly string[];
  private monitorIntervalMs: number | undefined;
  private maxSplitBytes = DEFAULT_MAX_SPLIT_BYTES;
  private readChunkBytes = DEFAULT_READ_CHUNK_BYTES;

  constructor(paths: readonly string[]) {
    this.paths = [...paths];
  }

  /** Keeps watching the paths, listing them every `intervalMs` and reading new files. */
  monitorContinuously(intervalMs: number): this {
    if (!(intervalMs > 0 && Number.isFinite(intervalMs))) {
      throw new JobDefinitionError(
        `monitorContinuously: interval must be a positive number of ms, got ${intervalMs}`,
      );
    }
    this.monitorIntervalMs = intervalMs;
    return this;
  }

  /** Files larger than `bytes` are read as several splits, in parallel (default 32 MiB). */
  withMaxSplitSize(bytes: number): this {
    if (!(Number.isSafeInteger(bytes) && bytes > 0)) {
      throw new JobDefinitionError(
        `withMaxSplitSize: expected a positive integer number of bytes, got ${bytes}`,
      );
    }
    this.maxSplitBytes = bytes;
    return this;
  }

  /** How many bytes a reader loads at once (default 64 KiB); bounds the reader's memory. */
  withReadChunkSize(bytes: number): this {
    if (!(Number.isSafeInteger(bytes) && bytes > 0)) {
      throw new JobDefinitionError(
        `withReadChunkSize: expected a positive integer number of bytes, got ${bytes}`,
      );
    }
    this.readChunkBytes = bytes;
    return this;
  }

  build(): Source<string, FileSourceSplit, FileEnumeratorState> {
    return new TextFileSource(this.paths, this.maxSplitBytes, this.readChunkBytes, this.monitorIntervalMs);
  }
}

class TextFileSource implements Source<string, FileSourceSplit, FileEnumeratorState> {
  constructor(
    private readonly paths: readonly string[],
    private readonly maxSplitBytes: number,
    private readonly readChunkBytes: number,
    private readonly monitorIntervalMs: number | undefined,
  ) {}

  getBoundedness(): Boundedness {
    return this.monitorIntervalMs === undefined ? "BOUNDED" : "CONTINUOUS_UNBOUNDED";
  }

  createEnumerator(
    context: SplitEnumeratorContext<FileSourceSplit>,
  ): SplitEnumerator<FileSourceSplit, FileEnumeratorState> {
    return new FileSplitEnumerator(context, this.enumeratorOptions());
  }

  restoreEnumerator(
    context: SplitEnumeratorContext<FileSourceSplit>,
    state: FileEnumeratorState,
  ): SplitEnumerator<FileSourceSplit, FileEnumeratorState> {
    return new FileSplitEnumerator(context, this.enumeratorOptions(), state);
  }

  createReader(context: SourceReaderContext): SourceReader<string, FileSourceSplit> {
    return new TextFileReader(context, this.readChunkBytes);
  }

  private enumeratorOptions() {
    return {
      paths: this.paths,
      maxSplitBytes: this.maxSplitBytes,
      monitorIntervalMs: this.monitorIntervalMs,
    };
  }
}

class TextFileReader extends SplitReaderBase<string, FileSourceSplit> {
  private readonly chunkBytes: number;
  private split: FileSourceSplit | undefined;
  private lines: TextLineSplitReader | undefined;

  constructor(context: SourceReaderContext, chunkBytes: number) {
    super(context);
    this.chunkBytes = chunkBytes;
  }

  protected openSplit(split: FileSourceSplit): void {
    this.split = split;
    this.lines = new TextLineSplitReader(split, this.chunkBytes, () => this.availability.notifyAvailable());
    this.lines.open();
  }

  protected readSplit(output: ReaderOutput<string>): SplitStatus {
    return this.lines!.poll(output);
  }

  protected snapshotSplit(): FileSourceSplit {
    const split = this.split!;
    const position = this.lines?.position();
    return position === undefined ? split : { ...split, position };
  }

  protected closeSplit(): Promise<void> | undefined {
    const lines = this.lines;
    this.lines = undefined;
    this.split = undefined;
    return lines?.close();
  }
}
