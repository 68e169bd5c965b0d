/**
 * The writer of one `FileSink` subtask. `write` is synchronous: it encodes the record and appends
 * it to the pending text of its bucket's in-progress part; the I/O (mkdir, open, write, sync,
 * close, rename) runs on one promise chain per writer, so operations on the files happen in the
 * order the records came. Pending text is handed to the chain when it reaches 64 Ki characters and at the end
 * of each event-loop turn. `backpressure()` holds the task while more than 8 MiB are queued.
 * An I/O failure is kept and thrown from the next `write`/`flush`; nothing after it is written.
 */
import { randomUUID } from "node:crypto";
import { type FileHandle, mkdir, open, rename } from "node:fs/promises";
import { join } from "node:path";
import { ExternalError, toError } from "../../core/errors.js";
import type { SinkWriteContext, SinkWriter } from "../../core/sink.js";
import type { BucketAssigner } from "./bucket-assigner.js";
import type { FileSinkConfig } from "./file-sink-config.js";

/** Pending characters of one part handed to the I/O chain at once. */
const WRITE_CHUNK_CHARS = 64 * 1024;
/** A UTF-16 code unit never takes more than 3 bytes in UTF-8. */
const MAX_UTF8_BYTES_PER_CHAR = 3;
/** Bytes queued (pending or being written) above which the writer backpressures. */
const MAX_QUEUED_BYTES = 8 * 1024 * 1024;

interface PartFile {
  readonly dir: string;
  readonly inProgressPath: string;
  readonly finalPath: string;
  /** Bytes handed to the I/O chain for this part (exact; the pending text is not counted). */
  size: number;
  pending: string;
  /** `pending.length`: the UTF-8 size is computed once per chunk, not per line. */
  pendingChars: number;
  handle: FileHandle | undefined;
}

export class FileSinkWriter<T> implements SinkWriter<T> {
  private readonly config: FileSinkConfig<T>;
  private readonly subtaskIndex: number;
  private readonly assignBucket: BucketAssigner;
  private readonly uid = randomUUID();
  private partCounter = 0;
  private readonly parts = new Map<string, PartFile>();
  private lastBucket: string | undefined;
  private io: Promise<void> = Promise.resolve();
  private queuedBytes = 0;
  private scheduled = false;
  private error: Error | undefined;
  private capacityWait: { promise: Promise<void>; resolve: () => void } | undefined;
  private readonly submitAllPending = (): void => {
    this.scheduled = false;
    for (const part of this.parts.values()) this.submit(part);
  };

  constructor(config: FileSinkConfig<T>, subtaskIndex: number, assignBucket: BucketAssigner) {
    this.config = config;
    this.subtaskIndex = subtaskIndex;
    this.assignBucket = assignBucket;
  }

  write(value: T, _context: SinkWriteContext): void {
    if (this.error !== undefined) throw this.error;
    const bucket = this.assignBucket();
    if (bucket !== this.lastBucket) {
      // Buckets follow processing time: records moved on, so the parts of other buckets are done.
      if (this.lastBucket !== undefined)
        for (const [id, p] of this.parts) if (id !== bucket) this.finalize(id, p);
      this.lastBucket = bucket;
    }
    let part = this.parts.get(bucket);
    if (part !== undefined && this.exceedsMaxSize(part)) {
      this.finalize(bucket, part);
      part = undefined;
    }
    part ??= this.newPart(bucket);
    const line = `${this.config.encoder(value)}\n`;
    part.pending += line;
    part.pendingChars += line.length;
    if (part.pendingChars >= WRITE_CHUNK_CHARS) {
      this.submit(part);
    } else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.submitAllPending);
    }
  }

  backpressure(): Promise<void> | undefined {
    if (this.queuedBytes <= MAX_QUEUED_BYTES || this.error !== undefined) return undefined;
    this.submitAllPending();
    if (this.capacityWait === undefined) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      this.capacityWait = { promise, resolve };
    }
    return this.capacityWait.promise;
  }

  async flush(endOfInput: boolean): Promise<void> {
    this.submitAllPending();
    if (endOfInput) {
      for (const [id, part] of this.parts) this.finalize(id, part);
      this.lastBucket = undefined;
    }
    await this.io;
    if (this.error !== undefined) throw this.error;
  }

  async close(): Promise<void> {
    // Without a prior flush(true) the in-progress files stay hidden: partial output is never shown.
    this.submitAllPending();
    await this.io;
    for (const part of this.parts.values()) {
      const handle = part.handle;
      part.handle = undefined;
      await handle?.close().catch(() => undefined);
    }
    this.parts.clear();
  }

  /**
   * Whether the part holds more than `maxPartSizeBytes` (written plus pending), exactly: the
   * pending text is encoded (handed to the I/O chain) only when its worst-case size could cross.
   */
  private exceedsMaxSize(part: PartFile): boolean {
    const max = this.config.maxPartSizeBytes;
    if (part.size + part.pendingChars * MAX_UTF8_BYTES_PER_CHAR <= max) return false;
    this.submit(part);
    return part.size > max;
  }

  private newPart(bucket: string): PartFile {
    const { basePath, partPrefix, partSuffix } = this.config;
    const dir = bucket === "" ? basePath : join(basePath, bucket);
    const name = `${partPrefix}-${this.uid}-${this.subtaskIndex}-${this.partCounter++}${partSuffix}`;
    const part: PartFile = {
      dir,
      inProgressPath: join(dir, `.${name}.inprogress.${randomUUID()}`),
      finalPath: join(dir, name),
      size: 0,
      pending: "",
      pendingChars: 0,
      handle: undefined,
    };
    this.parts.set(bucket, part);
    return part;
  }

  /** Hands the part's pending text to the I/O chain. */
  private submit(part: PartFile): void {
    if (part.pendingChars === 0) return;
    const buffer = Buffer.from(part.pending, "utf8");
    const bytes = buffer.length;
    part.pending = "";
    part.pendingChars = 0;
    part.size += bytes;
    this.queuedBytes += bytes;
    this.enqueue(async () => {
      const handle = await this.ensureOpen(part);
      for (let offset = 0; offset < buffer.length; ) {
        const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset, null);
        offset += bytesWritten;
      }
      this.queuedBytes -= bytes;
      this.releaseCapacity();
    }, part);
  }

  /** Writes what is pending, syncs, closes and renames the part to its visible name. */
  private finalize(bucket: string, part: PartFile): void {
    this.submit(part);
    this.parts.delete(bucket);
    this.enqueue(async () => {
      const handle = await this.ensureOpen(part);
      part.handle = undefined;
      await handle.datasync();
      await handle.close();
      await rename(part.inProgressPath, part.finalPath);
    }, part);
  }

  private async ensureOpen(part: PartFile): Promise<FileHandle> {
    if (part.handle !== undefined) return part.handle;
    await mkdir(part.dir, { recursive: true });
    part.handle = await open(part.inProgressPath, "wx");
    return part.handle;
  }

  private enqueue(op: () => Promise<void>, part: PartFile): void {
    this.io = this.io.then(async () => {
      if (this.error !== undefined) return;
      try {
        await op();
      } catch (e) {
        this.error = new ExternalError(
          `file sink: cannot write ${part.inProgressPath}: ${toError(e).message}`,
          {
            cause: e,
          },
        );
        this.releaseCapacity();
      }
    });
  }

  private releaseCapacity(): void {
    const wait = this.capacityWait;
    if (wait === undefined) return;
    if (this.error === undefined && this.queuedBytes > MAX_QUEUED_BYTES / 2) return;
    this.capacityWait = undefined;
    wait.resolve();
  }
}
