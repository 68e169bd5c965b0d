/**
 * `TcpDataServer`: the data port of a process (a TaskManager's `taskmanager.data.port`). It accepts
 * connections from other processes' `connectTcpData`, runs the handshake as the accepting side and
 * maps each connection to the peer's process id.
 *
 * Guarantees: `onConnection` runs once per accepted connection, right after the peer's hello and
 * before any later frame of it is delivered, so the runtime can open channels without missing a
 * message (frames for channels not opened yet wait anyway). One connection per peer: a new
 * connection from a process id that already has one replaces it (the old one fails with `lost`;
 * the peer evidently restarted or reconnected). Connections whose handshake fails are closed and
 * reported to `onConnectionError`.
 *
 * Not guaranteed: authentication; anyone who can reach the port and speak the protocol is a peer.
 */
import { createServer, type Server, type Socket } from "node:net";
import { ExternalError } from "../../../core/errors.js";
import type { DataConnectionError } from "./errors.js";
import { checkProcessId } from "./handshake.js";
import { TcpConnection } from "./tcp-connection.js";
import type { TcpConnectionSettings } from "./tcp-settings.js";

export interface TcpDataServerOptions extends TcpConnectionSettings {
  /** Interface to bind (`127.0.0.1` for loopback only, `0.0.0.0` for all). */
  readonly host: string;
  /** Port to bind; 0 picks a free one (read it back from `port`). */
  readonly port: number;
  /** A peer completed the handshake. */
  readonly onConnection?: (connection: TcpConnection) => void;
  /** A connection failed its handshake (it is closed already). */
  readonly onConnectionError?: (error: DataConnectionError) => void;
}

export class TcpDataServer {
  private readonly byPeer = new Map<string, TcpConnection>();
  private readonly pending = new Set<TcpConnection>();
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    private readonly options: TcpDataServerOptions,
    /** The bound address. */
    readonly host: string,
    /** The bound port (the ephemeral one when `options.port` was 0). */
    readonly port: number,
  ) {
    server.on("connection", (socket) => this.accept(socket));
  }

  /** Binds and starts accepting; rejects with an `ExternalError` if the address cannot be bound. */
  static listen(options: TcpDataServerOptions): Promise<TcpDataServer> {
    checkProcessId(options.localId);
    return new Promise<TcpDataServer>((resolve, reject) => {
      const server = createServer({ noDelay: true });
      const onError = (e: Error) =>
        reject(
          new ExternalError(
            `cannot listen for data connections on ${options.host}:${options.port}: ${e.message}`,
            {
              cause: e,
              hint: "choose another data port or free this one",
            },
          ),
        );
      server.once("error", onError);
      server.listen(options.port, options.host, () => {
        server.removeListener("error", onError);
        const address = server.address();
        const port = typeof address === "object" && address !== null ? address.port : options.port;
        resolve(new TcpDataServer(server, options, options.host, port));
      });
    });
  }

  /** The open connection of process `peerId`, if it has one. */
  connection(peerId: string): TcpConnection | undefined {
    return this.byPeer.get(peerId);
  }

  /** Process ids with an open connection. */
  peers(): string[] {
    return [...this.byPeer.keys()];
  }

  /** Stops accepting, closes every connection gracefully and resolves once all are closed. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
      for (const connection of this.pending) connection.destroy("the data server is shutting down");
      await Promise.all([...this.byPeer.values()].map((c) => c.close()));
      this.byPeer.clear();
      await stopped;
    })();
    return this.closing;
  }

  /** Lets the process exit while the server listens (`Server.unref`). */
  unref(): void {
    this.server.unref();
  }

  private accept(socket: Socket): void {
    if (this.closing !== undefined) {
      socket.destroy();
      return;
    }
    const connection: TcpConnection = new TcpConnection(socket, "server", this.options, (error) => {
      this.pending.delete(connection);
      if (error !== undefined) {
        callSafely(() => this.options.onConnectionError?.(error));
        return;
      }
      const peerId = connection.peerId;
      const previous = this.byPeer.get(peerId);
      this.byPeer.set(peerId, connection);
      previous?.destroy(`replaced by a new connection from process ${peerId}`);
      connection.onClose(() => {
        if (this.byPeer.get(peerId) === connection) this.byPeer.delete(peerId);
      });
      callSafely(() => this.options.onConnection?.(connection));
    });
    this.pending.add(connection);
  }
}

/**
 * Runs a user callback; an exception is rethrown on a microtask (an uncaught error, the
 * callback's bug) instead of being mistaken for a protocol error of the connection.
 */
function callSafely(callback: () => void): void {
  try {
    callback();
  } catch (e) {
    queueMicrotask(() => {
      throw e;
    });
  }
}
