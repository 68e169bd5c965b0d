/**
 * Wire format of Weir's data connections (one TCP connection per pair of processes, many logical
 * channels multiplexed on it; Flink's Netty data plane in spirit).
 *
 * Every frame is a 9-byte header followed by its payload, all integers big-endian (network order):
 *
 * | bytes | field                                            |
 * |-------|--------------------------------------------------|
 * | 0..3  | u32 payload length (header excluded)             |
 * | 4     | u8 kind (`FrameKind`)                             |
 * | 5..8  | u32 logical channel id                           |
 * | 9..   | payload                                          |
 *
 * Payloads per kind: DATA = the bytes of one network buffer (the `RecordEncoder`'s output, opaque
 * here); EVENT = one `NetworkEvent` (event-codec.ts); CREDIT = u32 number of buffers granted;
 * CLOSE = empty (the sender closed its end of the channel); HELLO = UTF-8 JSON identifying the
 * process (handshake.ts), on channel 0, once per direction and before any other frame.
 *
 * Frames of one channel in one direction arrive in the order they were written (one byte stream).
 */

/** Bytes of a frame header. */
export const HEADER_BYTES = 9;

/** Frame kinds (u8 on the wire). */
export const FrameKind = {
  Data: 1,
  Event: 2,
  Credit: 3,
  Close: 4,
  Hello: 5,
} as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

/** Largest channel id (u32). */
export const MAX_CHANNEL_ID = 0xffff_ffff;

/** Largest credit grant in one frame (u32). */
export const MAX_CREDIT = 0xffff_ffff;

/**
 * Default bound on a frame's payload. A network buffer exceeds the segment size by at most one
 * record, and a record may be large, so the default is generous; its job is to reject garbage (an
 * HTTP client on the data port announces ~1.2 GB) before allocating for it. Both ends of a
 * connection should use the same bound.
 */
export const DEFAULT_MAX_FRAME_PAYLOAD = 64 * 1024 * 1024;

/** Largest payload of the non-data kinds (events are ≤ 17 bytes, a hello well under 1 KiB). */
export const MAX_CONTROL_PAYLOAD = 4096;

/**
 * A tight bound for a given segment size: two segments plus a header. Safe only when no single
 * record exceeds a segment (a buffer exceeds the segment size by at most one record); otherwise
 * keep the default.
 */
export function maxFramePayloadFor(bufferSize: number): number {
  return 2 * bufferSize + HEADER_BYTES;
}

/** Human-readable name of a frame kind, for error messages. */
export function frameKindName(kind: number): string {
  switch (kind) {
    case FrameKind.Data:
      return "data";
    case FrameKind.Event:
      return "event";
    case FrameKind.Credit:
      return "credit";
    case FrameKind.Close:
      return "close";
    case FrameKind.Hello:
      return "hello";
    default:
      return `unknown kind ${kind}`;
  }
}

/** True for a byte that names a frame kind. */
export function isFrameKind(kind: number): kind is FrameKind {
  return kind >= FrameKind.Data && kind <= FrameKind.Hello;
}

/** Writes a frame header into `target` at `offset`. */
export function writeHeader(
  target: Uint8Array,
  offset: number,
  kind: FrameKind,
  channel: number,
  length: number,
): void {
  target[offset] = length >>> 24;
  target[offset + 1] = (length >>> 16) & 0xff;
  target[offset + 2] = (length >>> 8) & 0xff;
  target[offset + 3] = length & 0xff;
  target[offset + 4] = kind;
  target[offset + 5] = channel >>> 24;
  target[offset + 6] = (channel >>> 16) & 0xff;
  target[offset + 7] = (channel >>> 8) & 0xff;
  target[offset + 8] = channel & 0xff;
}

/** Reads a big-endian u32 from `source` at `offset` (no bounds check). */
export function readU32(source: Uint8Array, offset: number): number {
  return (
    ((source[offset]! << 24) |
      (source[offset + 1]! << 16) |
      (source[offset + 2]! << 8) |
      source[offset + 3]!) >>>
    0
  );
}
