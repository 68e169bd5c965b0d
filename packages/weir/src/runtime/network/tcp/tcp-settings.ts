/**
 * Settings and counters of a `TcpConnection`, shared by `connectTcpData` and `TcpDataServer`.
 * Both ends of a connection should use the same `maxFramePayload`.
 */
import type { Clock } from "../../../core/clock.js";

/** Settings shared by both ends' connections. */
export interface TcpConnectionSettings {
  /** This process's id, sent in the hello. */
  readonly localId: string;
  /** Times the handshake. */
  readonly clock: Clock;
  /** Largest data payload sent or accepted (default `DEFAULT_MAX_FRAME_PAYLOAD`). */
  readonly maxFramePayload?: number;
  /** How long a side waits for the peer's hello (default 10 s). */
  readonly handshakeTimeoutMs?: number;
  /** Schedules the coalesced write of queued frames (default `setImmediate`). */
  readonly scheduleFlush?: (flush: () => void) => void;
  /** Queued bytes that trigger an immediate write (default `DEFAULT_FLUSH_AT_BYTES`, 16 KiB). */
  readonly flushAtBytes?: number;
}

/** Traffic counters of a connection. */
export interface TcpConnectionStats {
  readonly framesOut: number;
  /** Socket writes (each possibly a `writev` of several chunks). */
  readonly writes: number;
  readonly bytesOut: number;
  readonly framesIn: number;
  readonly bytesIn: number;
  /** Channels known to the connection (opened here or addressed by the peer) and not yet fully closed. */
  readonly channels: number;
}
