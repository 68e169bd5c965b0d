/**
 * What a channel port may carry, and how each message becomes a frame: an `ArrayBuffer` is a DATA
 * frame (uncopied when it was transferred, copied otherwise, so the sender may keep using a buffer
 * it did not transfer), a `NetworkEvent` an EVENT frame, a positive integer a CREDIT frame.
 */
import { encodeEvent, isNetworkEvent } from "./event-codec.js";
import { FrameKind, MAX_CREDIT } from "./frame-format.js";
import type { FrameWriter } from "./frame-writer.js";

/** Queues `value` as a frame on channel `id`; returns why it cannot be carried, if it cannot. */
export function writeMessage(
  writer: FrameWriter,
  id: number,
  value: unknown,
  transfer: readonly ArrayBuffer[] | undefined,
  maxPayload: number,
): string | undefined {
  if (value instanceof ArrayBuffer) {
    if (value.byteLength > maxPayload) {
      return `a ${value.byteLength}-byte network buffer exceeds the maximum frame payload of ${maxPayload} bytes`;
    }
    const owned = transfer?.includes(value) === true ? value : value.slice(0);
    writer.frame(FrameKind.Data, id, new Uint8Array(owned));
    return undefined;
  }
  if (typeof value === "number") {
    if (!Number.isInteger(value) || value <= 0 || value > MAX_CREDIT) {
      return `a credit must be an integer in 1..${MAX_CREDIT}, got ${value}`;
    }
    writer.frameU32(FrameKind.Credit, id, value);
    return undefined;
  }
  if (isNetworkEvent(value)) {
    const payload = encodeEvent(value);
    if (payload === undefined) return `network event kind '${value.kind}' has no TCP encoding`;
    writer.frame(FrameKind.Event, id, payload);
    return undefined;
  }
  return `channel ${id} carries ArrayBuffers, network events and credits only, not ${typeof value}`;
}
