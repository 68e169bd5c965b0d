/**
 * The split of a `FileSource`: a byte range `[offset, offset + length)` of one file (Flink's
 * `FileSourceSplit`). A line belongs to the split in which its first byte lies: a split that
 * starts in the middle of a line skips to the next line start, and the last line that starts in a
 * split is read to its end even past the split's end. `position`, when set, is the byte offset of
 * the next line to read (a line start), so a restored split resumes there without skipping. The
 * last split of a file (`offset + length >= fileSize`) reads to the end of the file as it is when
 * read, so a file that grew between discovery and reading is read whole.
 */
import type { SourceSplit } from "../../core/source.js";

export interface FileSourceSplit extends SourceSplit {
  /** Absolute path of the file. */
  readonly path: string;
  readonly offset: number;
  readonly length: number;
  /** Size of the file when it was discovered. */
  readonly fileSize: number;
  /** Byte offset of the next line to read, once reading started. */
  readonly position?: number;
}

/** Default maximum split size: larger files are cut into several splits. */
export const DEFAULT_MAX_SPLIT_BYTES = 32 * 1024 * 1024;

/** Cuts one file into splits of at most `maxSplitBytes` (an empty file gives one empty split). */
export function splitFile(path: string, fileSize: number, maxSplitBytes: number): FileSourceSplit[] {
  const splits: FileSourceSplit[] = [];
  const n = Math.max(1, Math.ceil(fileSize / maxSplitBytes));
  const size = Math.ceil(fileSize / n);
  for (let i = 0; i < n; i++) {
    const offset = i * size;
    const length = Math.max(0, Math.min(size, fileSize - offset));
    splits.push({ id: `${path}:${offset}`, path, offset, length, fileSize });
  }
  return splits;
}
