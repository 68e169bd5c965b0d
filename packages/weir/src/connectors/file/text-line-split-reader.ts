/**
 * Reads the lines of one `FileSourceSplit` asynchronously with bounded memory: the file is read
 * in chunks of `chunkSize` bytes, one chunk being emitted while the next one loads (so at most two
 * chunks plus the bytes of one unfinished line are held). `poll` emits the lines of the current
 * chunk synchronously and says `NOTHING_AVAILABLE` while the next chunk is loading; `onReady` is
 * called whenever a load completes.
 *
 * Line rules: lines end at `\n`, which is not part of the line, and a `\r` before it is stripped
 * (`\r\n` files); the last line of a file may lack the `\n`; a `\n` at the very end of the file
 * does not start another (empty) line. Lines are cut at the byte `\n`, which never occurs inside a
 * multi-byte UTF-8 sequence, then decoded as UTF-8. Split boundaries: see `file-split.ts`.
 */
import type { FileHandle } from "node:fs/promises";
import { open } from "node:fs/promises";
import { ExternalError, toError } from "../../core/errors.js";
import type { ReaderOutput } from "../../core/source.js";
import type { SplitStatus } from "../util/split-reader-base.js";
import type { FileSourceSplit } from "./file-split.js";

const LF = 0x0a;
const CR = 0x0d;

export class TextLineSplitReader {
  private readonly split: FileSourceSplit;
  private readonly end: number;
  private readonly chunkSize: number;
  private readonly onReady: () => void;

  private handle: Promise<FileHandle> | undefined;
  private readPos: number;
  private loading = false;
  private eof = false;
  private ready: Buffer | undefined;
  private readyOffset = 0;

  private chunk: Buffer | undefined;
  private chunkOffset = 0;
  private chunkPos = 0;
  /** Bytes of the line being assembled across chunks (it started at `lineStart`). */
  private readonly carry: Buffer[] = [];
  /** Still discarding the tail of a line that started before the split. */
  private skipping: boolean;
  /** File offset of the next (or current, if `carry` is non-empty) line. */
  private lineStart: number;
  private done = false;
  private closed = false;
  private error: Error | undefined;

  constructor(split: FileSourceSplit, chunkSize: number, onReady: () => void) {
    this.split = split;
    // The last split of a file reads to the end of the file, even if it grew after discovery.
    const last = split.offset + split.length >= split.fileSize;
    this.end = last ? Number.POSITIVE_INFINITY : split.offset + split.length;
    this.chunkSize = chunkSize;
    this.onReady = onReady;
    if (split.position !== undefined) {
      this.readPos = split.position;
      this.lineStart = split.position;
      this.skipping = false;
    } else if (split.offset > 0) {
      // Start one byte early: if that byte is '\n', the split begins exactly at a line start.
      this.readPos = split.offset - 1;
      this.lineStart = split.offset;
      this.skipping = true;
    } else {
      this.readPos = 0;
      this.lineStart = 0;
      this.skipping = false;
    }
  }

  /** Starts loading the first chunk. */
  open(): void {
    this.startLoad();
  }

  /** Byte offset of the next line to read, or `undefined` while still skipping a partial line. */
  position(): number | undefined {
    return this.skipping ? undefined : this.lineStart;
  }

  poll(output: ReaderOutput<string>): SplitStatus {
    if (this.error !== undefined) throw this.error;
    if (this.done || this.reachedEnd()) return this.finish();
    if (this.chunk === undefined) {
      if (this.ready === undefined) {
        if (!this.eof) {
          this.startLoad();
          return "NOTHING_AVAILABLE";
        }
        // End of file: a last line without '\n'.
        if (!this.skipping && this.carry.length > 0) output.collect(this.takeLine(Buffer.alloc(0), 0, 0));
        return this.finish();
      }
      this.chunk = this.ready;
      this.chunkOffset = this.readyOffset;
      this.chunkPos = 0;
      this.ready = undefined;
      this.startLoad();
    }
    this.emitChunk(output);
    if (this.done) return this.finish();
    return this.ready !== undefined || this.eof ? "MORE_AVAILABLE" : "NOTHING_AVAILABLE";
  }

  async close(): Promise<void> {
    this.closed = true;
    this.chunk = undefined;
    this.ready = undefined;
    this.carry.length = 0;
    const handle = this.handle;
    this.handle = undefined;
    if (handle !== undefined) {
      const h = await handle.catch(() => undefined);
      await h?.close();
    }
  }

  private emitChunk(output: ReaderOutput<string>): void {
    const chunk = this.chunk!;
    let pos = this.chunkPos;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(LF, pos);
      if (this.skipping) {
        if (nl < 0) {
          pos = chunk.length;
          break;
        }
        this.skipping = false;
        pos = nl + 1;
        this.lineStart = this.chunkOffset + pos;
        continue;
      }
      if (this.reachedEnd()) {
        this.done = true;
        break;
      }
      if (nl < 0) {
        this.carry.push(chunk.subarray(pos));
        pos = chunk.length;
        break;
      }
      output.collect(this.takeLine(chunk, pos, nl));
      pos = nl + 1;
      this.lineStart = this.chunkOffset + pos;
    }
    this.chunkPos = pos;
    if (pos >= chunk.length) this.chunk = undefined;
    if (!this.done && this.reachedEnd()) this.done = true;
  }

  /** No line starts in the split at or after the current position. */
  private reachedEnd(): boolean {
    return !this.skipping && this.carry.length === 0 && this.lineStart >= this.end;
  }

  /** The line made of the carried bytes and `chunk[from, to)`, without a trailing '\r'. */
  private takeLine(chunk: Buffer, from: number, to: number): string {
    let bytes: Buffer;
    let start: number;
    let stop: number;
    if (this.carry.length === 0) {
      bytes = chunk;
      start = from;
      stop = to;
    } else {
      this.carry.push(chunk.subarray(from, to));
      bytes = Buffer.concat(this.carry);
      this.carry.length = 0;
      start = 0;
      stop = bytes.length;
    }
    if (stop > start && bytes[stop - 1] === CR) stop--;
    return bytes.toString("utf8", start, stop);
  }

  private finish(): SplitStatus {
    this.done = true;
    return "FINISHED";
  }

  private startLoad(): void {
    if (this.loading || this.eof || this.done || this.closed || this.ready !== undefined) return;
    this.loading = true;
    this.loadChunk().then(
      () => {
        this.loading = false;
        if (!this.closed) this.onReady();
      },
      (e: unknown) => {
        this.loading = false;
        if (this.closed) return;
        this.error = new ExternalError(`Cannot read ${this.split.path}: ${toError(e).message}`, { cause: e });
        this.onReady();
      },
    );
  }

  private async loadChunk(): Promise<void> {
    this.handle ??= open(this.split.path, "r");
    const handle = await this.handle;
    if (this.closed) return;
    const buffer = Buffer.allocUnsafe(this.chunkSize);
    const { bytesRead } = await handle.read(buffer, 0, this.chunkSize, this.readPos);
    if (this.closed) return;
    if (bytesRead === 0) {
      this.eof = true;
      return;
    }
    this.ready = buffer.subarray(0, bytesRead);
    this.readyOffset = this.readPos;
    this.readPos += bytesRead;
  }
}
