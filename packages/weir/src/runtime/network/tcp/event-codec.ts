/**
 * Binary encoding of `NetworkEvent`s in EVENT frames. Binary rather than JSON because watermarks
 * are ±Infinity at the ends of time, which JSON cannot carry; numbers travel as float64 and come
 * back bit-exact. Layout: u8 tag, then the fields:
 *
 * - 1 watermark: f64 timestamp (9 bytes)
 * - 2 watermarkStatus: u8 idle (2 bytes)
 * - 3 endOfPartition: nothing (1 byte)
 * - 4 barrier: f64 checkpointId, f64 timestamp (17 bytes)
 *
 * Decoding returns a fresh event object, or a description of what is wrong (the caller turns it
 * into a protocol error naming the peer).
 */
import { Buffer } from "node:buffer";
import type { NetworkEvent } from "../types.js";

const WATERMARK = 1;
const WATERMARK_STATUS = 2;
const END_OF_PARTITION = 3;
const BARRIER = 4;

/** Encodes `event`, or returns `undefined` for a kind this transport does not know. */
export function encodeEvent(event: NetworkEvent): Buffer | undefined {
  switch (event.kind) {
    case "watermark": {
      const out = Buffer.allocUnsafe(9);
      out[0] = WATERMARK;
      out.writeDoubleBE(event.timestamp, 1);
      return out;
    }
    case "watermarkStatus":
      return Buffer.from([WATERMARK_STATUS, event.idle ? 1 : 0]);
    case "endOfPartition":
      return Buffer.from([END_OF_PARTITION]);
    case "barrier": {
      const out = Buffer.allocUnsafe(17);
      out[0] = BARRIER;
      out.writeDoubleBE(event.checkpointId, 1);
      out.writeDoubleBE(event.timestamp, 9);
      return out;
    }
    default:
      return undefined;
  }
}

/** Decodes an EVENT payload; a string result says why it is malformed. */
export function decodeEvent(payload: Uint8Array): NetworkEvent | string {
  const tag = payload[0];
  const view = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  switch (tag) {
    case WATERMARK:
      if (payload.length !== 9) return `watermark event of ${payload.length} bytes (expected 9)`;
      return { kind: "watermark", timestamp: view.readDoubleBE(1) };
    case WATERMARK_STATUS:
      if (payload.length !== 2 || payload[1]! > 1) return "malformed watermarkStatus event";
      return { kind: "watermarkStatus", idle: payload[1] === 1 };
    case END_OF_PARTITION:
      if (payload.length !== 1) return `endOfPartition event of ${payload.length} bytes (expected 1)`;
      return { kind: "endOfPartition" };
    case BARRIER:
      if (payload.length !== 17) return `barrier event of ${payload.length} bytes (expected 17)`;
      return { kind: "barrier", checkpointId: view.readDoubleBE(1), timestamp: view.readDoubleBE(9) };
    default:
      return tag === undefined ? "empty event frame" : `unknown event tag ${tag}`;
  }
}

/** True for an object shaped like a `NetworkEvent` (what a channel port may be asked to send). */
export function isNetworkEvent(value: unknown): value is NetworkEvent {
  if (typeof value !== "object" || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return (
    kind === "watermark" || kind === "watermarkStatus" || kind === "endOfPartition" || kind === "barrier"
  );
}
