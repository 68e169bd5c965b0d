/**
 * Streaming decoder of the frame format (frame-format.ts) over the chunks of a byte stream.
 *
 * Guarantees:
 * - Frames may be split across chunks and coalesced within one; `handler` sees each frame once,
 *   in stream order, synchronously inside `push`.
 * - DATA payloads are handed over as a `Uint8Array` that exactly covers a fresh `ArrayBuffer`
 *   (`byteOffset` 0, `byteLength` = payload length) owned by the receiver: take `.buffer` and keep
 *   it. That is the one copy a data buffer costs on the receiving side: straight out of the socket
 *   chunk when the frame lies within one chunk, else fragment by fragment into the destination
 *   allocated once the header is known.
 * - Other payloads are views into the chunk, valid only during the `handler` call.
 * - A malformed header (unknown kind, payload over the bound, wrong size for its kind) throws a
 *   `DataConnectionError` (`protocol`) naming the peer, before anything is allocated for it. After
 *   a throw (also one from `handler`) the decoder ignores further input: the connection is dead.
 */
import { DataConnectionError } from "./errors.js";
import {
  FrameKind,
  frameKindName,
  HEADER_BYTES,
  isFrameKind,
  MAX_CONTROL_PAYLOAD,
  readU32,
} from "./frame-format.js";

/** Receives one decoded frame (see the module comment for who owns `payload`). */
export type FrameHandler = (kind: FrameKind, channel: number, payload: Uint8Array) => void;

export interface FrameDecoderOptions {
  /** Largest payload accepted; larger announced lengths are a protocol error. */
  readonly maxPayload: number;
  /** Names the peer in error messages (called only when raising one). */
  readonly peer: () => string;
}

export class FrameDecoder {
  private readonly header = new Uint8Array(HEADER_BYTES);
  private headerFill = 0;
  private kind: FrameKind = FrameKind.Data;
  private channel = 0;
  /** Destination of a frame whose payload spans chunks. */
  private body: Uint8Array | undefined;
  private bodyFill = 0;
  private failed = false;
  /** Frames and bytes decoded so far. */
  framesIn = 0;
  bytesIn = 0;

  constructor(
    private readonly handler: FrameHandler,
    private readonly options: FrameDecoderOptions,
  ) {}

  /** Bytes of an incomplete frame held between chunks. */
  get pendingBytes(): number {
    return this.body === undefined ? this.headerFill : HEADER_BYTES + this.bodyFill;
  }

  /** Decodes `chunk`, calling the handler for every frame it completes. */
  push(chunk: Uint8Array): void {
    if (this.failed) return;
    this.bytesIn += chunk.length;
    try {
      this.decode(chunk);
    } catch (e) {
      this.failed = true;
      throw e;
    }
  }

  private decode(chunk: Uint8Array): void {
    const end = chunk.length;
    let pos = 0;
    if (this.body !== undefined) {
      pos = this.fillBody(chunk, 0);
      if (this.body !== undefined) return;
    }
    while (pos < end) {
      let length: number;
      if (this.headerFill === 0 && end - pos >= HEADER_BYTES) {
        length = this.readHeader(chunk, pos);
        pos += HEADER_BYTES;
      } else {
        const n = Math.min(HEADER_BYTES - this.headerFill, end - pos);
        this.header.set(chunk.subarray(pos, pos + n), this.headerFill);
        this.headerFill += n;
        pos += n;
        if (this.headerFill < HEADER_BYTES) return;
        this.headerFill = 0;
        length = this.readHeader(this.header, 0);
      }
      if (end - pos >= length) {
        const payload =
          this.kind === FrameKind.Data
            ? new Uint8Array(
                chunk.buffer.slice(chunk.byteOffset + pos, chunk.byteOffset + pos + length) as ArrayBuffer,
              )
            : chunk.subarray(pos, pos + length);
        pos += length;
        this.emit(payload);
      } else {
        this.body = new Uint8Array(length);
        this.bodyFill = 0;
        pos = this.fillBody(chunk, pos);
      }
    }
  }

  /** Copies what `chunk` holds of the pending body from `pos`; emits it when complete. */
  private fillBody(chunk: Uint8Array, pos: number): number {
    const body = this.body!;
    const n = Math.min(body.length - this.bodyFill, chunk.length - pos);
    body.set(chunk.subarray(pos, pos + n), this.bodyFill);
    this.bodyFill += n;
    if (this.bodyFill === body.length) {
      this.body = undefined;
      this.emit(body);
    }
    return pos + n;
  }

  private emit(payload: Uint8Array): void {
    this.framesIn++;
    this.handler(this.kind, this.channel, payload);
  }

  /** Parses and validates a header; sets kind and channel, returns the payload length. */
  private readHeader(source: Uint8Array, at: number): number {
    const length = readU32(source, at);
    const kind = source[at + 4]!;
    if (!isFrameKind(kind)) {
      throw this.error(`frame kind ${kind} is not a Weir data frame (not a Weir peer, or a corrupt stream)`);
    }
    const limit = kind === FrameKind.Data ? this.options.maxPayload : MAX_CONTROL_PAYLOAD;
    if (length > limit) {
      throw this.error(
        `${frameKindName(kind)} frame announces ${length} bytes, over the maximum of ${limit}` +
          (kind === FrameKind.Data ? " (both ends must use the same maximum frame size)" : ""),
      );
    }
    if (kind === FrameKind.Credit && length !== 4) {
      throw this.error(`credit frame of ${length} bytes (expected 4)`);
    }
    if (kind === FrameKind.Close && length !== 0) {
      throw this.error(`close frame of ${length} bytes (expected 0)`);
    }
    this.kind = kind;
    this.channel = readU32(source, at + 5);
    return length;
  }

  private error(what: string): DataConnectionError {
    return new DataConnectionError(this.options.peer(), "protocol", `malformed frame: ${what}`);
  }
}
