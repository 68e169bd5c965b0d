/**
 * The transport of one channel and the messages on it.
 *
 * A channel is a `MessagePort` pair (node:worker_threads): the producer's end and the consumer's
 * end may live on different threads or on the same one. Producer → consumer: a data buffer is a
 * bare (transferred) `ArrayBuffer`; an event is the `NetworkEvent` object itself. Consumer →
 * producer: a credit grant is a bare positive integer (how many buffers it may send more).
 * Messages are delivered in order per direction, and messages posted before `close()` are still
 * delivered. A port over a network connection (tcp/) may fail; it reports that through `onError`,
 * and the gate or writer using it then fails with that error instead of waiting forever.
 */

/** The part of a `MessagePort` the network stack uses (a fake in unit tests). */
export interface PortLike {
  postMessage(value: unknown, transfer?: readonly ArrayBuffer[]): void;
  on(event: "message", listener: (value: unknown) => void): void;
  close(): void;
  unref?(): void;
  ref?(): void;
  start?(): void;
  /**
   * Registers a listener for a failure of the transport (a TCP channel whose connection was lost
   * or corrupted), called at most once, asynchronously. MessagePorts cannot fail and lack it.
   */
  onError?(listener: (error: Error) => void): void;
}

/** Attaches `listener` and starts delivery (Node starts a port on its first `message` listener). */
export function listen(port: PortLike, listener: (value: unknown) => void): void {
  port.on("message", listener);
  port.start?.();
}

/** Closes a port, ignoring ports already closed. Closing never drops messages already posted. */
export function closeQuietly(port: PortLike): void {
  try {
    port.close();
  } catch {
    // Already closed or detached: nothing left to release.
  }
}
