/**
 * The hello exchanged when a data connection opens: each side names its process, so the server
 * can map connections to peers. The connecting side speaks first; the accepting side answers with
 * its own hello once it accepted the connecting side's. No other frame may precede a side's hello.
 *
 * Payload: UTF-8 JSON `{"protocol":"weir-data","version":1,"id":"<process id>"}`. A different
 * protocol or version fails the handshake with a message naming both (no negotiation).
 */
import { Buffer } from "node:buffer";
import { InternalError } from "../../../core/errors.js";

export const DATA_PROTOCOL = "weir-data";
export const DATA_PROTOCOL_VERSION = 1;
/** Longest process id a hello may carry. */
export const MAX_PROCESS_ID_LENGTH = 256;

/** Encodes the hello of process `id`. Throws an `InternalError` for an empty or over-long id. */
export function encodeHello(id: string): Buffer {
  checkProcessId(id);
  return Buffer.from(JSON.stringify({ protocol: DATA_PROTOCOL, version: DATA_PROTOCOL_VERSION, id }), "utf8");
}

/** Decodes a hello payload into the peer's process id; a string result says what is wrong. */
export function decodeHello(payload: Uint8Array): { readonly id: string } | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString("utf8"));
  } catch {
    return "hello is not JSON";
  }
  if (typeof parsed !== "object" || parsed === null) return "hello is not an object";
  const { protocol, version, id } = parsed as { protocol?: unknown; version?: unknown; id?: unknown };
  if (protocol !== DATA_PROTOCOL)
    return `peer speaks protocol ${JSON.stringify(protocol)}, not ${DATA_PROTOCOL}`;
  if (version !== DATA_PROTOCOL_VERSION) {
    return `peer speaks ${DATA_PROTOCOL} version ${JSON.stringify(version)}, this process version ${DATA_PROTOCOL_VERSION}`;
  }
  if (typeof id !== "string" || id.length === 0 || id.length > MAX_PROCESS_ID_LENGTH) {
    return "hello carries no valid process id";
  }
  return { id };
}

/** Throws an `InternalError` unless `id` can name a process in a hello. */
export function checkProcessId(id: string): void {
  if (id.length === 0 || id.length > MAX_PROCESS_ID_LENGTH) {
    throw new InternalError(`a data connection process id must have 1..${MAX_PROCESS_ID_LENGTH} characters`);
  }
}
