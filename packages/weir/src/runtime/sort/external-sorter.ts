/**
 * External merge sort of records by a binary sort key (Flink's `ExternalSorter`, reduced), for
 * BATCH's sorted keyed inputs.
 *
 * `add` buffers entries in memory while their estimated size stays within `memoryBytes`; beyond
 * it the buffer is sorted and written as a *run* (a spill file of codec buffers, one
 * `RecordEncoder` stream per run) under one of `tmpDirs`. `sorted()` sorts what is left in memory
 * and returns a cursor over the k-way merge (binary heap) of all runs. Equal keys keep their
 * insertion order (the in-memory sort is stable and ties between runs go to the older run), so a
 * key's records arrive in the order they were added.
 *
 * Memory: at most `memoryBytes` of buffered entries (as estimated by the caller), plus one decoded
 * block (~`blockBytes`) per run while merging. Values must be encodable by the network codec (they
 * crossed an exchange already). `close()` deletes the run files; it is idempotent and also
 * required after a failure.
 */
import { Buffer } from "node:buffer";
import { closeSync, mkdirSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { InternalError } from "../../core/errors.js";
import { StreamRecord } from "../../operators/contract.js";
import { newId } from "../ids.js";
import { RecordDecoder } from "../network/codec-decoder.js";
import { RecordEncoder } from "../network/codec-encoder.js";

/** One sorted entry: the record of input `input` with its sort key. Reused by cursors. */
export interface SortedEntry {
  key: string;
  input: number;
  value: unknown;
  timestamp: number;
}

export interface ExternalSorterOptions {
  readonly memoryBytes: number;
  readonly tmpDirs: readonly string[];
  /** Size of the codec blocks of a run file (default 64 KiB). */
  readonly blockBytes?: number;
}

export interface SorterStats {
  readonly runsSpilled: number;
  readonly spilledBytes: number;
}

/** A sorted stream of entries: `next()` returns the next one (reused object) or undefined. */
export interface SortedCursor {
  next(): SortedEntry | undefined;
}

interface MemoryEntry {
  readonly key: string;
  readonly input: number;
  readonly value: unknown;
  readonly timestamp: number;
}

const byKey = (a: MemoryEntry, b: MemoryEntry): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Most runs merged at once; beyond it runs are first merged into longer runs (bounded fds/memory). */
export const MAX_FAN_IN = 64;

export class ExternalSorter {
  private buffer: MemoryEntry[] = [];
  private bufferedBytes = 0;
  private readonly runs: string[] = [];
  /** Run files written so far (spills and intermediate merges). */
  private runCount = 0;
  private readonly dir: string;
  private dirsCreated = false;
  private spilledBytes = 0;
  private readonly blockBytes: number;
  private readers: RunReader[] = [];
  private closed = false;

  constructor(private readonly options: ExternalSorterOptions) {
    if (options.tmpDirs.length === 0) throw new InternalError("an external sorter needs a tmp dir");
    this.dir = `weir-sort-${newId()}`;
    this.blockBytes = options.blockBytes ?? 64 * 1024;
  }

  stats(): SorterStats {
    return { runsSpilled: this.runCount, spilledBytes: this.spilledBytes };
  }

  /** Adds one entry; `estimatedBytes` is its memory estimate. May spill a run (synchronously). */
  add(key: string, input: number, value: unknown, timestamp: number, estimatedBytes: number): void {
    this.buffer.push({ key, input, value, timestamp });
    this.bufferedBytes += estimatedBytes;
    if (this.bufferedBytes >= this.options.memoryBytes) this.spill();
  }

  /** Ends the input: the merged, sorted cursor over everything added. */
  sorted(): SortedCursor {
    this.buffer.sort(byKey);
    const memory = this.buffer;
    this.buffer = [];
    this.bufferedBytes = 0;
    // Merge the oldest runs into one while there are too many (keeps ties in run order).
    while (this.runs.length > MAX_FAN_IN) {
      const group = this.runs.splice(0, MAX_FAN_IN);
      const readers = group.map((file) => new RunReader(file));
      const merged = new MergeCursor(
        readers.map((r) => ({ peek: () => r.peek(), advance: () => r.advance() })),
      );
      const file = this.writeRun(merged);
      for (const r of readers) r.close();
      for (const f of group) rmSync(f, { force: true });
      this.runs.unshift(file);
    }
    this.readers = this.runs.map((file) => new RunReader(file));
    const sources: Source[] = this.readers.map((r) => ({ peek: () => r.peek(), advance: () => r.advance() }));
    let i = 0;
    sources.push({
      peek: () => memory[i],
      advance: () => {
        memory[i] = undefined as unknown as MemoryEntry;
        i++;
      },
    });
    return new MergeCursor(sources);
  }

  /** Deletes every run file. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const r of this.readers) r.close();
    this.buffer = [];
    if (this.dirsCreated) {
      for (const d of this.options.tmpDirs) rmSync(path.join(d, this.dir), { recursive: true, force: true });
    }
  }

  /** The directories this sorter may write run files to. */
  get spillDirectories(): string[] {
    return this.options.tmpDirs.map((d) => path.join(d, this.dir));
  }

  private spill(): void {
    this.buffer.sort(byKey);
    let i = 0;
    const buffer = this.buffer;
    this.runs.push(this.writeRun({ next: () => buffer[i++] }));
    this.buffer = [];
    this.bufferedBytes = 0;
  }

  /** Writes the entries of `source` (sorted) as a new run file; returns its path. */
  private writeRun(source: { next(): MemoryEntry | SortedEntry | undefined }): string {
    const dir = path.join(this.options.tmpDirs[this.runCount % this.options.tmpDirs.length]!, this.dir);
    mkdirSync(dir, { recursive: true });
    this.dirsCreated = true;
    const file = path.join(dir, `run-${this.runCount++}.sort`);
    const fd = openSync(file, "w");
    try {
      const encoder = new RecordEncoder(this.blockBytes + 256);
      const record = new StreamRecord<unknown>(undefined);
      const tuple: unknown[] = [undefined, 0, undefined];
      let offset = 0;
      const flush = () => {
        const block = new Uint8Array(encoder.take());
        const header = Buffer.allocUnsafe(4);
        header.writeUInt32LE(block.byteLength, 0);
        writeSync(fd, header, 0, 4, offset);
        writeSync(fd, block, 0, block.byteLength, offset + 4);
        offset += 4 + block.byteLength;
      };
      for (let e = source.next(); e !== undefined; e = source.next()) {
        tuple[0] = e.key;
        tuple[1] = e.input;
        tuple[2] = e.value;
        record.value = tuple;
        record.timestamp = e.timestamp;
        encoder.write(record);
        if (encoder.size >= this.blockBytes) flush();
      }
      if (encoder.count > 0) flush();
      this.spilledBytes += offset;
    } finally {
      closeSync(fd);
    }
    return file;
  }
}

interface Source {
  peek(): MemoryEntry | SortedEntry | undefined;
  advance(): void;
}

/** Reads a run file block by block (one decoder per run: shapes span blocks). */
class RunReader {
  private readonly fd: number;
  private offset = 0;
  private readonly decoder = new RecordDecoder();
  private readonly records: StreamRecord<unknown>[] = [];
  private count = 0;
  private index = 0;
  private readonly entry: SortedEntry = { key: "", input: 0, value: undefined, timestamp: 0 };
  private done = false;
  private fdOpen = true;

  constructor(file: string) {
    this.fd = openSync(file, "r");
    this.load();
  }

  peek(): SortedEntry | undefined {
    return this.done ? undefined : this.entry;
  }

  advance(): void {
    this.index++;
    if (this.index >= this.count) this.load();
    else this.fill();
  }

  private fill(): void {
    const r = this.records[this.index]!;
    const tuple = r.value as [string, number, unknown];
    const e = this.entry;
    e.key = tuple[0];
    e.input = tuple[1];
    e.value = tuple[2];
    e.timestamp = r.timestamp;
  }

  close(): void {
    this.done = true;
    if (!this.fdOpen) return;
    this.fdOpen = false;
    closeSync(this.fd);
  }

  private load(): void {
    const header = Buffer.allocUnsafe(4);
    if (readSync(this.fd, header, 0, 4, this.offset) < 4) {
      this.close();
      return;
    }
    const length = header.readUInt32LE(0);
    const block = new ArrayBuffer(length);
    readSync(this.fd, new Uint8Array(block), 0, length, this.offset + 4);
    this.offset += 4 + length;
    this.count = this.decoder.decode(block, this.records);
    this.index = 0;
    if (this.count === 0) this.load();
    else this.fill();
  }
}

/** K-way merge over sorted sources; ties go to the lower source index (older run). */
class MergeCursor implements SortedCursor {
  private readonly heap: number[] = [];
  private readonly out: SortedEntry = { key: "", input: 0, value: undefined, timestamp: 0 };
  private pendingAdvance = -1;

  constructor(private readonly sources: Source[]) {
    for (let i = 0; i < sources.length; i++) if (sources[i]!.peek() !== undefined) this.push(i);
  }

  next(): SortedEntry | undefined {
    if (this.pendingAdvance >= 0) {
      const s = this.pendingAdvance;
      this.pendingAdvance = -1;
      this.sources[s]!.advance();
      if (this.sources[s]!.peek() !== undefined) this.push(s);
    }
    const top = this.pop();
    if (top === undefined) return undefined;
    const e = this.sources[top]!.peek()!;
    const out = this.out;
    out.key = e.key;
    out.input = e.input;
    out.value = e.value;
    out.timestamp = e.timestamp;
    this.pendingAdvance = top;
    return out;
  }

  private less(a: number, b: number): boolean {
    const ka = this.sources[a]!.peek()!.key;
    const kb = this.sources[b]!.peek()!.key;
    return ka < kb || (ka === kb && a < b);
  }

  private push(source: number): void {
    const heap = this.heap;
    heap.push(source);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): number | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && this.less(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && this.less(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  }
}
