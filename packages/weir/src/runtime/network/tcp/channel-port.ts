/**
 * One logical channel of a `TcpConnection`, seen as the `PortLike` the writer and the gate use
 * (port.ts). It mirrors a `MessagePort` of a `MessageChannel`:
 *
 * - `postMessage` accepts what the network stack sends: an `ArrayBuffer` (a data buffer; listed in
 *   `transfer` it is handed over uncopied and the sender must not touch it again, otherwise it is
 *   copied), a `NetworkEvent`, or a positive integer (a credit grant). Anything else throws a
 *   `DataConnectionError` (`usage`). Posting on a closed channel does nothing.
 * - `on("message")` listeners receive exactly what the peer posted: a fresh `ArrayBuffer`, a fresh
 *   event object, or the number. Messages that arrive before the port is started (first
 *   `on("message")` or `start()`) wait, and are delivered asynchronously once it is, in order.
 * - `close()` closes both ends: messages posted before it are still delivered to the peer; nothing
 *   posted after it by either side is. Messages received but not yet delivered are dropped.
 * - `onError` (`PortLike.onError`): called once if the connection fails while the
 *   channel is open on both sides (a finished channel does not fail). A listener added after the
 *   failure is called asynchronously. Without an error listener the failure is only recorded
 *   (`failure`).
 *
 * A listener that throws does not disturb the connection: the exception is rethrown on a
 * microtask (an uncaught error, as a throwing `MessagePort` listener would be).
 */
import type { PortLike } from "../port.js";
import type { DataConnectionError } from "./errors.js";

/** What a port needs from its connection. */
export interface ChannelOwner {
  /** Encodes and queues `value` on channel `id`; throws `DataConnectionError` (usage) if it cannot. */
  send(id: number, value: unknown, transfer: readonly ArrayBuffer[] | undefined): void;
  /** The local end closed: tell the peer, forget the channel once both ends are closed. */
  closedLocally(port: TcpChannelPort): void;
}

type MessageListener = (value: unknown) => void;
type ErrorListener = (error: DataConnectionError) => void;

export class TcpChannelPort implements PortLike {
  /** Set once `channel(id)` handed this port out (it may exist earlier, holding early arrivals). */
  opened = false;
  private localClosed = false;
  private remoteClosed = false;
  private started = false;
  private backlog: unknown[] = [];
  private backlogScheduled = false;
  private readonly listeners: MessageListener[] = [];
  private readonly errorListeners: ErrorListener[] = [];
  private failed: DataConnectionError | undefined;

  constructor(
    /** The logical channel id, the same on both ends. */
    readonly id: number,
    private readonly owner: ChannelOwner,
  ) {}

  /** The connection failure that ended this channel, if any. */
  get failure(): DataConnectionError | undefined {
    return this.failed;
  }

  /** True once both ends closed it (the connection forgets it then). */
  get fullyClosed(): boolean {
    return this.localClosed && this.remoteClosed;
  }

  /** True while messages can still flow in some direction and no failure ended it. */
  get isOpen(): boolean {
    return !this.localClosed && !this.remoteClosed && this.failed === undefined;
  }

  get isClosedLocally(): boolean {
    return this.localClosed;
  }

  postMessage(value: unknown, transfer?: readonly ArrayBuffer[]): void {
    if (this.localClosed || this.remoteClosed || this.failed !== undefined) return;
    this.owner.send(this.id, value, transfer);
  }

  on(_event: "message", listener: MessageListener): void {
    this.listeners.push(listener);
    this.start();
  }

  /** `PortLike.onError`: `listener` gets the connection failure once (asynchronously if it already happened). */
  onError(listener: ErrorListener): void {
    this.errorListeners.push(listener);
    const failure = this.failed;
    if (failure !== undefined) queueMicrotask(() => listener(failure));
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.scheduleBacklog();
  }

  close(): void {
    if (this.localClosed) return;
    this.localClosed = true;
    this.backlog = [];
    this.owner.closedLocally(this);
  }

  /** Closes the local end without telling the peer (the whole connection is closing). */
  closeSilently(): void {
    this.localClosed = true;
    this.backlog = [];
  }

  /** A message from the peer. */
  deliver(message: unknown): void {
    if (this.localClosed) return;
    if (!this.started || this.backlog.length > 0) {
      this.backlog.push(message);
      this.scheduleBacklog();
    } else {
      this.dispatch(message);
    }
  }

  /** The peer closed its end; what it sent before stays deliverable. */
  closedRemotely(): void {
    this.remoteClosed = true;
  }

  /** The connection failed; reported only if the channel was still open on both ends. */
  fail(error: DataConnectionError): void {
    if (!this.isOpen) return;
    this.failed = error;
    for (const listener of this.errorListeners) {
      try {
        listener(error);
      } catch (e) {
        rethrowAsync(e);
      }
    }
  }

  private scheduleBacklog(): void {
    if (!this.started || this.backlogScheduled || this.backlog.length === 0) return;
    this.backlogScheduled = true;
    queueMicrotask(() => {
      this.backlogScheduled = false;
      // Messages arriving meanwhile were appended, so order holds.
      for (let i = 0; i < this.backlog.length && !this.localClosed; i++) this.dispatch(this.backlog[i]);
      this.backlog = [];
    });
  }

  private dispatch(message: unknown): void {
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch (e) {
        rethrowAsync(e);
      }
    }
  }
}

function rethrowAsync(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
