/**
 * The error of a data connection. It always names the peer (its process id once the handshake
 * told it, else its address) and says what went wrong; the runtime fails the tasks whose channels
 * ran over the connection with it.
 *
 * `reason` classifies it: `connect` (could not reach the peer, retried per the connect options),
 * `handshake` (the peer is not a compatible Weir data endpoint, or did not say hello in time),
 * `protocol` (a malformed frame: the connection is closed at once), `lost` (the socket failed or
 * the peer went away while channels were open), `usage` (a message the transport cannot carry).
 * Only `connect` and `lost` are retryable.
 */
import { ExternalError, type WeirErrorOptions } from "../../../core/errors.js";

export type DataConnectionErrorReason = "connect" | "handshake" | "protocol" | "lost" | "usage";

export class DataConnectionError extends ExternalError {
  /** The peer: `"<process id> (<host:port>)"` after the handshake, `"<host:port>"` before. */
  readonly peer: string;
  readonly reason: DataConnectionErrorReason;

  constructor(
    peer: string,
    reason: DataConnectionErrorReason,
    message: string,
    options: WeirErrorOptions = {},
  ) {
    super(`data connection with ${peer}: ${message}`, {
      retryable: reason === "connect" || reason === "lost",
      ...options,
    });
    this.peer = peer;
    this.reason = reason;
  }
}
