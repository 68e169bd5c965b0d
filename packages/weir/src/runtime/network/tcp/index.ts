/**
 * The cross-process data transport: logical channels multiplexed on one TCP connection per pair
 * of processes, each channel a `PortLike` the `RecordWriter` and `InputGate` use exactly like a
 * `MessagePort` (credits travel as channel messages, so flow control is end to end).
 *
 * Wiring: the accepting process runs a `TcpDataServer` on its data port; the other connects with
 * `connectTcpData(host, port, { localId, clock })`. Both sides then call `connection.channel(id)`
 * with the same id for the same (edge, producer subtask, consumer subtask) and hand the port to
 * `createRecordWriter` / `createInputGate`. A connection failure reaches each open channel's
 * `onError` listeners and the connection's `onClose`; the runtime fails the affected tasks.
 */
export { TcpChannelPort } from "./channel-port.js";
export { DataConnectionError, type DataConnectionErrorReason } from "./errors.js";
export { DEFAULT_MAX_FRAME_PAYLOAD, maxFramePayloadFor } from "./frame-format.js";
export { DEFAULT_FLUSH_AT_BYTES } from "./frame-writer.js";
export { connectTcpData, type TcpConnectOptions } from "./tcp-connect.js";
export { DEFAULT_HANDSHAKE_TIMEOUT_MS, TcpConnection } from "./tcp-connection.js";
export { TcpDataServer, type TcpDataServerOptions } from "./tcp-server.js";
export type { TcpConnectionSettings, TcpConnectionStats } from "./tcp-settings.js";
