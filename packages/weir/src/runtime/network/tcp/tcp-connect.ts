/**
 * `connectTcpData`: opens the data connection to another process's `TcpDataServer` and completes
 * the handshake.
 *
 * Connection attempts that fail to reach the peer (refused, reset, unreachable, timed out) are
 * retried up to `maxAttempts` in total, with exponential backoff from `initialBackoffMs` capped at
 * `maxBackoffMs`; every wait and the per-attempt connect timeout run on the injected `Clock`, so
 * tests drive retries by advancing a `ManualClock`. A failed handshake (the peer is not a
 * compatible Weir data server) is not retried. Failures reject with a `DataConnectionError` naming
 * `host:port`, the number of attempts and the last cause.
 */
import { connect, type Socket } from "node:net";
import type { Clock } from "../../../core/clock.js";
import { DataConnectionError } from "./errors.js";
import { checkProcessId } from "./handshake.js";
import { TcpConnection } from "./tcp-connection.js";
import type { TcpConnectionSettings } from "./tcp-settings.js";

export interface TcpConnectOptions extends TcpConnectionSettings {
  /** Attempts in total before giving up (default 10). */
  readonly maxAttempts?: number;
  /** First backoff between attempts (default 100 ms), doubled per attempt. */
  readonly initialBackoffMs?: number;
  /** Backoff ceiling (default 5 s). */
  readonly maxBackoffMs?: number;
  /** Per-attempt limit for the TCP connect itself (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** Called before each backoff wait (logging; tests use it to advance their clock). */
  readonly onRetry?: (attempt: number, error: Error, delayMs: number) => void;
}

/**
 * Connects to the data server at `host:port` as process `options.localId` and resolves with the
 * connection once the server's hello arrived (`connection.peerId` is the server's process id).
 */
export async function connectTcpData(
  host: string,
  port: number,
  options: TcpConnectOptions,
): Promise<TcpConnection> {
  checkProcessId(options.localId);
  const maxAttempts = Math.max(1, options.maxAttempts ?? 10);
  const maxBackoff = options.maxBackoffMs ?? 5_000;
  let backoff = options.initialBackoffMs ?? 100;
  const address = `${host}:${port}`;
  for (let attempt = 1; ; attempt++) {
    let socket: Socket;
    try {
      socket = await openSocket(host, port, options.clock, options.connectTimeoutMs ?? 10_000);
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      if (attempt >= maxAttempts) {
        throw new DataConnectionError(
          address,
          "connect",
          `could not connect after ${attempt} attempt${attempt === 1 ? "" : "s"}: ${error.message}`,
          { cause: error, hint: "check that the peer process runs and that its data port is reachable" },
        );
      }
      options.onRetry?.(attempt, error, backoff);
      await sleep(options.clock, backoff);
      backoff = Math.min(backoff * 2, maxBackoff);
      continue;
    }
    return handshake(socket, options);
  }
}

/** Resolves with a connected socket, or rejects with the connect error or a timeout. */
function openSocket(host: string, port: number, clock: Clock, timeoutMs: number): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    const socket = connect({ host, port, noDelay: true });
    const timer = clock.setTimer(clock.now() + timeoutMs, () => {
      socket.destroy();
      reject(new Error(`connect timed out after ${timeoutMs} ms`));
    });
    socket.once("connect", () => {
      timer.cancel();
      socket.removeListener("error", onError);
      resolve(socket);
    });
    const onError = (e: Error) => {
      timer.cancel();
      socket.destroy();
      reject(e);
    };
    socket.once("error", onError);
  });
}

function handshake(socket: Socket, settings: TcpConnectionSettings): Promise<TcpConnection> {
  return new Promise<TcpConnection>((resolve, reject) => {
    const connection: TcpConnection = new TcpConnection(socket, "client", settings, (error) => {
      if (error === undefined) resolve(connection);
      else reject(error);
    });
  });
}

function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    clock.setTimer(clock.now() + ms, resolve);
  });
}
