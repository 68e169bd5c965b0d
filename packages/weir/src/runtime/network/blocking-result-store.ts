/**
 * Blocking exchange results of one job (Flink's `BoundedBlockingResultPartition`, reduced): in
 * BATCH every non-forward exchange is blocking, so a producer writes each of its subpartitions
 * (one per consumer subtask) into this store, and consumers read them back later, possibly more
 * than once (a consumer region that failed re-reads its inputs; producers are not re-run).
 *
 * Both sides speak the channel protocol of port.ts, so tasks do not know they are blocking: the
 * producer's `RecordWriter` gets a port whose peer is the store (it grants credits as it stores,
 * so a producer is never blocked by a consumer, only by the store's write speed); the consumer's
 * `InputGate` gets a port whose peer is a replayer that sends the stored buffers and events in
 * order against the gate's credits. Buffers stay serialized by the producer's encoder, one stream
 * per subpartition, so a fresh decoder per read works.
 *
 * Memory: buffers are kept in memory while the store's total stays within `budgetBytes`; when an
 * append would exceed it, the appending subpartition's in-memory frames are appended to its spill
 * file (one file per subpartition, under `<tmpDir>/weir-blocking-<id>/`), so a subpartition is
 * always "file frames, then memory frames" and the store holds at most the budget plus one buffer.
 * Replays read spilled frames one at a time (per credit).
 *
 * Cleanup: `reset(key)` drops a subpartition (its producer is re-run); `close()` closes every port
 * and deletes the spill directory. Not guaranteed: that a process crash removes spill files.
 */

import { Buffer } from "node:buffer";
import { closeSync, mkdirSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { MessageChannel, type MessagePort } from "node:worker_threads";
import { InternalError } from "../../core/errors.js";
import { newId } from "../ids.js";
import { closeQuietly, listen, type PortLike } from "./port.js";
import type { NetworkEvent } from "./types.js";

/** Credits granted to a producer port at a time; bounds the store's unprocessed message queue. */
const PRODUCER_CREDITS = 4;
const FRAME_BUFFER = 0;
const FRAME_EVENT = 1;
const FRAME_WATERMARK = 2;
const FRAME_END = 3;
const HEADER_BYTES = 5;

export interface BlockingResultStoreSettings {
  /** Bytes of buffers the store keeps in memory before it spills (all subpartitions together). */
  readonly budgetBytes: number;
  /** Spill directories (round robin over subpartitions). */
  readonly tmpDirs: readonly string[];
}

type Frame = ArrayBuffer | NetworkEvent;

class Subpartition {
  /** Frames in memory (after the `fileFrames` frames in the file). */
  memory: Frame[] = [];
  memoryBytes = 0;
  filePath: string | undefined;
  fd: number | undefined;
  fileBytes = 0;
  /** Offset of each frame in the file. */
  readonly frameOffsets: number[] = [];
  finished = false;
  readonly replayers = new Set<Replayer>();

  get fileFrames(): number {
    return this.frameOffsets.length;
  }

  get totalFrames(): number {
    return this.frameOffsets.length + this.memory.length;
  }
}

/** Counters of what a store did (tests, metrics). */
export interface BlockingResultStoreStats {
  readonly spillFilesCreated: number;
  readonly spilledBytes: number;
  readonly memoryBytes: number;
}

export class BlockingResultStore {
  private readonly subpartitions = new Map<string, Subpartition>();
  private readonly ports = new Set<MessagePort>();
  private readonly dir: string;
  private memoryBytes = 0;
  private spillFilesCreated = 0;
  private spilledBytes = 0;
  private dirCreated = false;
  private nextDir = 0;
  private closed = false;

  constructor(private readonly settings: BlockingResultStoreSettings) {
    if (settings.tmpDirs.length === 0) throw new InternalError("a blocking result store needs a tmp dir");
    this.dir = `weir-blocking-${newId()}`;
  }

  /** The directories the store may create (one per tmp dir). */
  get spillDirectories(): string[] {
    return this.settings.tmpDirs.map((d) => path.join(d, this.dir));
  }

  stats(): BlockingResultStoreStats {
    return {
      spillFilesCreated: this.spillFilesCreated,
      spilledBytes: this.spilledBytes,
      memoryBytes: this.memoryBytes,
    };
  }

  /** True when subpartition `key` received its end of partition. */
  isFinished(key: string): boolean {
    return this.subpartitions.get(key)?.finished ?? false;
  }

  /**
   * A new producer port for subpartition `key` (replacing what an earlier attempt wrote). The
   * returned port goes to the producer's record writer.
   */
  producerPort(key: string): PortLike {
    const old = this.subpartitions.get(key);
    const sub = new Subpartition();
    if (old) {
      // Readers that got nothing yet wait for the new attempt's frames; others read a stale stream.
      for (const r of [...old.replayers]) {
        old.replayers.delete(r);
        if (r.untouched) r.moveTo(sub);
        else r.close();
      }
      this.release(old);
    }
    this.subpartitions.set(key, sub);
    const { port1, port2 } = this.channel();
    listen(port2, (message) => {
      if (this.closed || this.subpartitions.get(key) !== sub || sub.finished) return;
      if (message instanceof ArrayBuffer) {
        this.append(sub, message);
        port2.postMessage(1);
      } else if (isNetworkEvent(message)) {
        this.append(sub, message);
        if (message.kind === "endOfPartition") {
          sub.finished = true;
          closeQuietly(port2);
          this.ports.delete(port2);
        }
      }
    });
    port2.postMessage(PRODUCER_CREDITS);
    return port1;
  }

  /** A consumer port replaying subpartition `key` from its start (waiting for frames still due). */
  consumerPort(key: string): PortLike {
    let sub = this.subpartitions.get(key);
    if (!sub) {
      // The producer has not been deployed yet: reads wait for it.
      sub = new Subpartition();
      this.subpartitions.set(key, sub);
    }
    const { port1, port2 } = this.channel();
    const replayer = new Replayer(sub, port1, () => this.ports.delete(port1));
    sub.replayers.add(replayer);
    return port2;
  }

  /** Drops subpartition `key` and its spill file. */
  reset(key: string): void {
    const sub = this.subpartitions.get(key);
    if (!sub) return;
    this.subpartitions.delete(key);
    this.release(sub);
  }

  /** Closes every port and deletes every spill file. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const sub of this.subpartitions.values()) this.release(sub);
    this.subpartitions.clear();
    for (const port of this.ports) closeQuietly(port);
    this.ports.clear();
    if (this.dirCreated) for (const d of this.spillDirectories) rmSync(d, { recursive: true, force: true });
  }

  private channel(): { port1: MessagePort; port2: MessagePort } {
    const channel = new MessageChannel();
    this.ports.add(channel.port1);
    this.ports.add(channel.port2);
    return channel;
  }

  private append(sub: Subpartition, frame: Frame): void {
    const bytes = frame instanceof ArrayBuffer ? frame.byteLength : 0;
    sub.memory.push(frame);
    sub.memoryBytes += bytes;
    this.memoryBytes += bytes;
    if (this.memoryBytes > this.settings.budgetBytes) this.spill(sub);
    for (const r of sub.replayers) r.pump();
  }

  /** Moves `sub`'s in-memory frames to the end of its spill file. */
  private spill(sub: Subpartition): void {
    if (sub.memory.length === 0) return;
    if (sub.fd === undefined) {
      const dir = this.spillDirectories[this.nextDir++ % this.settings.tmpDirs.length]!;
      mkdirSync(dir, { recursive: true });
      this.dirCreated = true;
      sub.filePath = path.join(dir, `${newId()}.spill`);
      sub.fd = openSync(sub.filePath, "w+");
      this.spillFilesCreated++;
    }
    for (const frame of sub.memory) {
      const { tag, payload } = encodeFrame(frame);
      const header = Buffer.allocUnsafe(HEADER_BYTES);
      header[0] = tag;
      header.writeUInt32LE(payload.byteLength, 1);
      sub.frameOffsets.push(sub.fileBytes);
      writeSync(sub.fd, header, 0, HEADER_BYTES, sub.fileBytes);
      writeSync(sub.fd, payload, 0, payload.byteLength, sub.fileBytes + HEADER_BYTES);
      sub.fileBytes += HEADER_BYTES + payload.byteLength;
      this.spilledBytes += HEADER_BYTES + payload.byteLength;
    }
    this.memoryBytes -= sub.memoryBytes;
    sub.memory = [];
    sub.memoryBytes = 0;
  }

  private release(sub: Subpartition): void {
    for (const r of [...sub.replayers]) r.close();
    this.memoryBytes -= sub.memoryBytes;
    sub.memory = [];
    sub.memoryBytes = 0;
    if (sub.fd !== undefined) {
      closeSync(sub.fd);
      sub.fd = undefined;
    }
    if (sub.filePath !== undefined) rmSync(sub.filePath, { force: true });
  }
}

/** Sends one subpartition's frames, in order, to one consumer port against its credits. */
class Replayer {
  private credits = 0;
  private next = 0;
  private done = false;

  constructor(
    private sub: Subpartition,
    private readonly port: MessagePort,
    private readonly onClose: () => void,
  ) {
    listen(port, (message) => {
      if (typeof message !== "number" || this.done) return;
      this.credits += message;
      this.pump();
    });
  }

  /** True while nothing was sent. */
  get untouched(): boolean {
    return this.next === 0;
  }

  /** Reads `sub` instead (a re-run producer replaced the subpartition before anything was sent). */
  moveTo(sub: Subpartition): void {
    this.sub = sub;
    sub.replayers.add(this);
  }

  /** Sends what it can: events freely, buffers against credits. */
  pump(): void {
    const sub = this.sub;
    while (!this.done && this.next < sub.totalFrames) {
      const frame = this.frameAt(this.next);
      if (frame instanceof ArrayBuffer) {
        if (this.credits === 0) return;
        this.credits--;
        this.next++;
        this.port.postMessage(frame, [frame]);
      } else {
        this.next++;
        this.port.postMessage(frame);
        if (frame.kind === "endOfPartition") this.close();
      }
    }
  }

  close(): void {
    if (this.done) return;
    this.done = true;
    this.sub.replayers.delete(this);
    closeQuietly(this.port);
    this.onClose();
  }

  /** Frame `index`, as a fresh (transferable) copy. */
  private frameAt(index: number): Frame {
    const sub = this.sub;
    if (index >= sub.fileFrames) {
      const frame = sub.memory[index - sub.fileFrames]!;
      return frame instanceof ArrayBuffer ? frame.slice(0) : frame;
    }
    const offset = sub.frameOffsets[index]!;
    const header = Buffer.allocUnsafe(HEADER_BYTES);
    readSync(sub.fd!, header, 0, HEADER_BYTES, offset);
    const length = header.readUInt32LE(1);
    const payload = new ArrayBuffer(length);
    readSync(sub.fd!, new Uint8Array(payload), 0, length, offset + HEADER_BYTES);
    return decodeFrame(header[0]!, payload);
  }
}

/** Spill encoding of a frame (watermarks may be ±Infinity, which JSON cannot carry). */
function encodeFrame(frame: Frame): { tag: number; payload: Uint8Array } {
  if (frame instanceof ArrayBuffer) return { tag: FRAME_BUFFER, payload: new Uint8Array(frame) };
  if (frame.kind === "watermark") {
    const payload = Buffer.allocUnsafe(8);
    payload.writeDoubleLE(frame.timestamp, 0);
    return { tag: FRAME_WATERMARK, payload };
  }
  if (frame.kind === "endOfPartition") return { tag: FRAME_END, payload: new Uint8Array(0) };
  return { tag: FRAME_EVENT, payload: Buffer.from(JSON.stringify(frame), "utf8") };
}

function decodeFrame(tag: number, payload: ArrayBuffer): Frame {
  switch (tag) {
    case FRAME_BUFFER:
      return payload;
    case FRAME_WATERMARK:
      return { kind: "watermark", timestamp: new DataView(payload).getFloat64(0, true) };
    case FRAME_END:
      return { kind: "endOfPartition" };
    case FRAME_EVENT:
      return JSON.parse(Buffer.from(payload).toString("utf8")) as NetworkEvent;
    default:
      throw new InternalError(`spill file corrupt: frame tag ${tag}`);
  }
}

function isNetworkEvent(message: unknown): message is NetworkEvent {
  if (typeof message !== "object" || message === null) return false;
  const kind = (message as { kind?: unknown }).kind;
  return kind === "watermark" || kind === "endOfPartition" || kind === "barrier";
}

/** Parses `io.tmp.dirs` (Flink: separated by `,` or the platform's path delimiter). */
export function parseTmpDirs(raw: string): string[] {
  return raw
    .split(new RegExp(`[,${path.delimiter === ";" ? ";" : ":"}]`))
    .map((d) => d.trim())
    .filter((d) => d.length > 0);
}
