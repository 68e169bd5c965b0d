/**
 * `TcpConnection`: many logical channels multiplexed on one TCP connection between two processes
 * (frame-format.ts has the wire format, channel-port.ts the per-channel contract).
 *
 * Guarantees:
 * - Per channel and direction, messages arrive in the order they were posted (one byte stream).
 * - Inbound frames are handled synchronously in the socket's `data` callback: no promise per frame.
 * - Outbound frames are coalesced (frame-writer.ts): many credits cost one socket write.
 * - `close()` is graceful: everything posted before it is written, then the socket is ended.
 *   Channels the peer still had open see a `lost` error (the peer went away without closing them),
 *   which is what a consumer needs when a producer process ends or dies without `endOfPartition`.
 * - A socket error, a malformed frame or a peer that disappears fails the connection: every
 *   channel open on both ends gets the `DataConnectionError` through its `onError` listeners, and
 *   `onClose` listeners get it too. Posting afterwards does nothing.
 *
 * Not guaranteed: delivery after a failure (there is no replay: the runtime fails the tasks and
 * restarts them from a checkpoint), and bounded memory for frames addressed to channel ids this
 * side never opens (they wait for `channel(id)` until the connection closes).
 *
 * Instances come from `connectTcpData` and `TcpDataServer`, already past the handshake.
 */
import type { Buffer } from "node:buffer";
import type { Socket } from "node:net";
import type { TimerHandle } from "../../../core/clock.js";
import { InternalError } from "../../../core/errors.js";
import { type ChannelOwner, TcpChannelPort } from "./channel-port.js";
import { DataConnectionError, type DataConnectionErrorReason } from "./errors.js";
import { decodeEvent } from "./event-codec.js";
import { FrameDecoder } from "./frame-decoder.js";
import {
  DEFAULT_MAX_FRAME_PAYLOAD,
  FrameKind,
  frameKindName,
  MAX_CHANNEL_ID,
  readU32,
} from "./frame-format.js";
import { FrameWriter } from "./frame-writer.js";
import { decodeHello, encodeHello } from "./handshake.js";
import { writeMessage } from "./message-writer.js";
import type { TcpConnectionSettings, TcpConnectionStats } from "./tcp-settings.js";

export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;

type State = "handshaking" | "open" | "closing" | "closed";

export class TcpConnection {
  private state: State = "handshaking";
  private remoteId: string | undefined;
  private readonly address: string;
  private readonly ports = new Map<number, TcpChannelPort>();
  private readonly writer: FrameWriter;
  private readonly decoder: FrameDecoder;
  private readonly maxFramePayload: number;
  private readonly owner: ChannelOwner;
  private handshakeTimer: TimerHandle | undefined;
  private failed: DataConnectionError | undefined;
  private readonly closeListeners: ((error: DataConnectionError | undefined) => void)[] = [];
  private closedPromise: Promise<void> | undefined;
  /** The server's hello, sent once the client's was accepted. */
  private readonly helloPayload: Buffer | undefined;

  /**
   * Internal: use `connectTcpData` or `TcpDataServer`. Takes over `socket` (connected) and starts
   * the handshake as `role`; `onHandshake` is called once, with `undefined` when the peer's hello
   * was accepted, else with the error that closed the connection.
   */
  constructor(
    private readonly socket: Socket,
    role: "client" | "server",
    settings: TcpConnectionSettings,
    private readonly onHandshake: (error: DataConnectionError | undefined) => void,
  ) {
    this.address = `${socket.remoteAddress ?? "?"}:${socket.remotePort ?? "?"}`;
    this.maxFramePayload = settings.maxFramePayload ?? DEFAULT_MAX_FRAME_PAYLOAD;
    this.writer = new FrameWriter(socket, settings.scheduleFlush, settings.flushAtBytes);
    this.decoder = new FrameDecoder((kind, channel, payload) => this.onFrame(kind, channel, payload), {
      maxPayload: this.maxFramePayload,
      peer: () => this.peer,
    });
    this.owner = {
      send: (id, value, transfer) => this.send(id, value, transfer),
      closedLocally: (port) => this.closedLocally(port),
    };
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (e) => this.fail("lost", `socket error: ${e.message}`, e));
    socket.on("end", () => this.onEnd());
    socket.on("close", () => this.onSocketClose());
    const clock = settings.clock;
    const timeout = settings.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
    this.handshakeTimer = clock.setTimer(clock.now() + timeout, () => {
      this.handshakeTimer = undefined;
      if (this.state === "handshaking") this.fail("handshake", `no hello within ${timeout} ms`);
    });
    if (role === "client") this.writer.frame(FrameKind.Hello, 0, encodeHello(settings.localId));
    this.helloPayload = role === "server" ? encodeHello(settings.localId) : undefined;
  }

  /** The peer's process id (from its hello). */
  get peerId(): string {
    if (this.remoteId === undefined)
      throw new InternalError("the data connection has not completed its handshake");
    return this.remoteId;
  }

  /** The peer as errors name it: `"<id> (<host:port>)"`, or the address before the handshake. */
  get peer(): string {
    return this.remoteId === undefined ? this.address : `${this.remoteId} (${this.address})`;
  }

  /** True between the handshake and `close()` / a failure. */
  get isOpen(): boolean {
    return this.state === "open";
  }

  /** The failure that ended the connection, if one did. */
  get failure(): DataConnectionError | undefined {
    return this.failed;
  }

  /**
   * The port of logical channel `id` (an integer in 0..2^32-1 both sides agree on). Each id can be
   * opened once at a time; it becomes free again when both ends closed it. On a closed or failed
   * connection the port is inert (and reports the failure to its error listeners).
   */
  channel(id: number): TcpChannelPort {
    if (!Number.isInteger(id) || id < 0 || id > MAX_CHANNEL_ID) {
      throw new InternalError(`data channel id ${id} is not an integer in 0..${MAX_CHANNEL_ID}`);
    }
    let port = this.ports.get(id);
    if (port?.opened) throw new InternalError(`data channel ${id} with ${this.peer} is already open`);
    if (port === undefined) {
      port = new TcpChannelPort(id, this.owner);
      if (this.state === "open") this.ports.set(id, port);
      else port.fail(this.failed ?? new DataConnectionError(this.peer, "lost", "the connection is closed"));
    }
    port.opened = true;
    return port;
  }

  /** Calls `listener` once when the connection is closed: with the failure, or `undefined` if graceful. */
  onClose(listener: (error: DataConnectionError | undefined) => void): void {
    if (this.state === "closed") {
      const failure = this.failed;
      queueMicrotask(() => listener(failure));
    } else {
      this.closeListeners.push(listener);
    }
  }

  /**
   * Ends the connection gracefully: frames posted so far are written, then the socket is ended.
   * Resolves once the peer ended its side too, or the socket closed (never rejects).
   */
  close(): Promise<void> {
    this.closedPromise ??= new Promise<void>((resolve) => this.onClose(() => resolve()));
    if (this.state === "handshaking") {
      this.fail("handshake", "closed locally before the handshake completed");
    } else if (this.state === "open") {
      this.state = "closing";
      this.clearHandshakeTimer();
      for (const port of this.ports.values()) port.closeSilently();
      this.writer.flush();
      this.writer.close();
      this.socket.end();
    }
    return this.closedPromise;
  }

  /** Tears the connection down now; channels still open get a `lost` error. */
  destroy(reason = "closed locally"): void {
    this.fail("lost", reason);
  }

  /** Lets the process exit while the connection is open (`Socket.unref`). */
  unref(): void {
    this.socket.unref();
  }

  ref(): void {
    this.socket.ref();
  }

  stats(): TcpConnectionStats {
    return {
      framesOut: this.writer.framesOut,
      writes: this.writer.writes,
      bytesOut: this.writer.bytesOut,
      framesIn: this.decoder.framesIn,
      bytesIn: this.decoder.bytesIn,
      channels: this.ports.size,
    };
  }

  private send(id: number, value: unknown, transfer: readonly ArrayBuffer[] | undefined): void {
    if (this.state !== "open") return;
    const refused = writeMessage(this.writer, id, value, transfer, this.maxFramePayload);
    if (refused !== undefined) throw new DataConnectionError(this.peer, "usage", refused);
  }

  private closedLocally(port: TcpChannelPort): void {
    if (this.state !== "open") return;
    this.writer.frame(FrameKind.Close, port.id, EMPTY);
    if (port.fullyClosed && this.ports.get(port.id) === port) this.ports.delete(port.id);
  }

  private onData(chunk: Buffer): void {
    try {
      this.decoder.push(chunk);
    } catch (e) {
      if (e instanceof DataConnectionError) this.failWith(e);
      else this.fail("protocol", "failed to handle a frame", e);
    }
  }

  private onFrame(kind: FrameKind, channel: number, payload: Uint8Array): void {
    if (this.state === "handshaking") {
      if (kind !== FrameKind.Hello)
        throw this.protocol(`expected a hello first, got a ${frameKindName(kind)} frame`);
      this.acceptHello(payload);
      return;
    }
    if (this.state !== "open") return;
    switch (kind) {
      case FrameKind.Data:
        this.inbound(channel).deliver(payload.buffer);
        return;
      case FrameKind.Event: {
        const event = decodeEvent(payload);
        if (typeof event === "string") throw this.protocol(`on channel ${channel}: ${event}`);
        this.inbound(channel).deliver(event);
        return;
      }
      case FrameKind.Credit: {
        const credit = readU32(payload, 0);
        if (credit === 0) throw this.protocol(`credit frame granting 0 on channel ${channel}`);
        this.inbound(channel).deliver(credit);
        return;
      }
      case FrameKind.Close: {
        const port = this.inbound(channel);
        port.closedRemotely();
        if (port.fullyClosed) this.ports.delete(channel);
        return;
      }
      case FrameKind.Hello:
        throw this.protocol("a second hello");
    }
  }

  private acceptHello(payload: Uint8Array): void {
    const hello = decodeHello(payload);
    if (typeof hello === "string") throw new DataConnectionError(this.peer, "handshake", hello);
    this.remoteId = hello.id;
    this.state = "open";
    this.clearHandshakeTimer();
    if (this.helloPayload !== undefined) this.writer.frame(FrameKind.Hello, 0, this.helloPayload);
    this.onHandshake(undefined);
  }

  /** The port for an inbound frame, created if the peer speaks first (a closed port drops it). */
  private inbound(id: number): TcpChannelPort {
    let port = this.ports.get(id);
    if (port === undefined) {
      port = new TcpChannelPort(id, this.owner);
      this.ports.set(id, port);
    }
    return port;
  }

  private onEnd(): void {
    if (this.state === "handshaking") {
      this.fail("handshake", "the peer closed the connection before saying hello");
      return;
    }
    this.finishClose();
  }

  private onSocketClose(): void {
    if (this.state === "handshaking")
      this.fail("handshake", "the connection closed before the peer said hello");
    else this.finishClose();
  }

  /** The stream ended without a socket error: channels the peer left open failed, the rest ended. */
  private finishClose(): void {
    if (this.state === "closed") return;
    const wasClosing = this.state === "closing";
    this.state = "closed";
    this.writer.close();
    for (const port of this.ports.values()) {
      if (port.isOpen) {
        port.fail(
          new DataConnectionError(
            this.peer,
            "lost",
            `the peer closed the connection while channel ${port.id} was open (its process may have exited or crashed)`,
          ),
        );
      }
    }
    this.ports.clear();
    if (!wasClosing) this.socket.end();
    this.notifyClosed();
  }

  private fail(reason: DataConnectionErrorReason, message: string, cause?: unknown): void {
    this.failWith(new DataConnectionError(this.peer, reason, message, cause === undefined ? {} : { cause }));
  }

  private failWith(error: DataConnectionError): void {
    if (this.state === "closed") return;
    const handshaking = this.state === "handshaking";
    this.state = "closed";
    this.failed = error;
    this.clearHandshakeTimer();
    this.writer.close();
    this.socket.destroy();
    for (const port of this.ports.values()) port.fail(error);
    this.ports.clear();
    if (handshaking) this.onHandshake(error);
    this.notifyClosed();
  }

  private notifyClosed(): void {
    const listeners = this.closeListeners.splice(0);
    for (const listener of listeners) {
      try {
        listener(this.failed);
      } catch (e) {
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }

  private clearHandshakeTimer(): void {
    this.handshakeTimer?.cancel();
    this.handshakeTimer = undefined;
  }

  private protocol(what: string): DataConnectionError {
    return new DataConnectionError(this.peer, "protocol", what);
  }
}

const EMPTY = new Uint8Array(0);
