/**
 * The sending side of a connection: encodes frames and coalesces them into few socket writes.
 *
 * Frames are queued, in call order, and written together once per event-loop turn (by default on
 * `setImmediate`, after the I/O callbacks of the current turn, so the credits a consumer returns
 * while draining a burst of arrivals leave as one write), or at once when `flushAtBytes` are
 * queued: a full network buffer goes out while the producer keeps encoding, instead of waiting
 * for its task to yield (with two credits per channel that wait would stall the pipeline). Headers
 * and small payloads are copied
 * into a bump-allocated arena; large data payloads are queued as they are, without a copy (the
 * caller hands over ownership). A flush of several chunks is one corked write, which Node turns
 * into a single `writev`.
 *
 * Not guaranteed: that bytes reach the wire before `flush()` or the scheduled flush runs. The
 * socket buffers without bound beyond that; credit-based flow control is what bounds data.
 */
import { Buffer } from "node:buffer";
import { type FrameKind, HEADER_BYTES, writeHeader } from "./frame-format.js";

/** The part of a socket the writer needs. */
export interface FrameSink {
  write(chunk: Uint8Array): boolean;
  cork(): void;
  uncork(): void;
}

/** Payloads up to this size are copied into the arena rather than queued as their own chunk. */
const COPY_BELOW = 2048;
const ARENA_BYTES = 16 * 1024;
/** Default for `flushAtBytes`: half a default network buffer. */
export const DEFAULT_FLUSH_AT_BYTES = 16 * 1024;

export class FrameWriter {
  private arena: Buffer = Buffer.allocUnsafe(ARENA_BYTES);
  private arenaStart = 0;
  private arenaPos = 0;
  private chunks: Uint8Array[] = [];
  private scheduled = false;
  private closed = false;
  private queuedBytes = 0;
  private readonly flushBound = () => this.scheduledFlush();
  /** Frames queued, socket writes (flushes that wrote something) and bytes written so far. */
  framesOut = 0;
  writes = 0;
  bytesOut = 0;

  constructor(
    private readonly sink: FrameSink,
    private readonly schedule: (flush: () => void) => void = setImmediate,
    private readonly flushAtBytes: number = DEFAULT_FLUSH_AT_BYTES,
  ) {}

  /** Queues a frame; `payload` becomes the writer's (it is written later, possibly uncopied). */
  frame(kind: FrameKind, channel: number, payload: Uint8Array): void {
    if (this.closed) return;
    const length = payload.length;
    if (length < COPY_BELOW) {
      const at = this.reserve(HEADER_BYTES + length);
      writeHeader(this.arena, at, kind, channel, length);
      this.arena.set(payload, at + HEADER_BYTES);
    } else {
      const at = this.reserve(HEADER_BYTES);
      writeHeader(this.arena, at, kind, channel, length);
      this.cut();
      this.chunks.push(payload);
    }
    this.queued(HEADER_BYTES + length);
  }

  /** Queues a frame with a u32 payload (credits) without allocating. */
  frameU32(kind: FrameKind, channel: number, value: number): void {
    if (this.closed) return;
    const at = this.reserve(HEADER_BYTES + 4);
    writeHeader(this.arena, at, kind, channel, 4);
    this.arena.writeUInt32BE(value, at + HEADER_BYTES);
    this.queued(HEADER_BYTES + 4);
  }

  /** Writes everything queued now, as one (corked) socket write. */
  flush(): void {
    if (this.closed) return;
    this.cut();
    const chunks = this.chunks;
    if (chunks.length === 0) return;
    this.chunks = [];
    this.queuedBytes = 0;
    this.writes++;
    if (chunks.length === 1) {
      this.sink.write(chunks[0]!);
      return;
    }
    this.sink.cork();
    for (const chunk of chunks) this.sink.write(chunk);
    this.sink.uncork();
  }

  /** Drops whatever is queued and ignores further frames (the socket is gone). */
  close(): void {
    this.closed = true;
    this.chunks = [];
  }

  private queued(bytes: number): void {
    this.framesOut++;
    this.bytesOut += bytes;
    this.queuedBytes += bytes;
    if (this.queuedBytes >= this.flushAtBytes) {
      this.flush();
    } else if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(this.flushBound);
    }
  }

  private scheduledFlush(): void {
    this.scheduled = false;
    this.flush();
  }

  /** Returns the arena offset of `n` free bytes, starting a new arena when the current one is full. */
  private reserve(n: number): number {
    if (this.arenaPos + n > this.arena.length) {
      this.cut();
      this.arena = Buffer.allocUnsafe(Math.max(ARENA_BYTES, n));
      this.arenaStart = 0;
      this.arenaPos = 0;
    }
    const at = this.arenaPos;
    this.arenaPos += n;
    return at;
  }

  /** Moves the arena bytes written since the last cut to the chunk queue (they are final now). */
  private cut(): void {
    if (this.arenaPos > this.arenaStart) {
      this.chunks.push(this.arena.subarray(this.arenaStart, this.arenaPos));
      this.arenaStart = this.arenaPos;
    }
  }
}
