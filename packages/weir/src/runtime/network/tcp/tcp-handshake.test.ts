import { Buffer } from "node:buffer";
import { connect, createServer, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../core/clock.js";
import { DataConnectionError } from "./errors.js";
import { waitUntil } from "./fixtures/loopback.js";
import { FrameKind, HEADER_BYTES, writeHeader } from "./frame-format.js";
import { connectTcpData } from "./tcp-connect.js";
import type { TcpConnection } from "./tcp-connection.js";
import { TcpDataServer } from "./tcp-server.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(clock: ManualClock, port = 0) {
  const errors: DataConnectionError[] = [];
  const accepted: TcpConnection[] = [];
  const server = await TcpDataServer.listen({
    host: "127.0.0.1",
    port,
    localId: "tm-server",
    clock,
    onConnection: (c) => accepted.push(c),
    onConnectionError: (e) => errors.push(e),
  });
  cleanups.push(() => server.close());
  return { server, errors, accepted };
}

function frame(kind: number, channel: number, payload: Uint8Array): Buffer {
  const out = Buffer.alloc(HEADER_BYTES + payload.length);
  writeHeader(out, 0, kind as FrameKind, channel, payload.length);
  out.set(payload, HEADER_BYTES);
  return out;
}

async function rawClient(port: number): Promise<Socket> {
  const socket = connect({ host: "127.0.0.1", port });
  cleanups.push(() => {
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  return socket;
}

/** A port nothing listens on (bound, read back and released). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("handshake", () => {
  it("rejects a peer that does not speak the protocol, naming its address", async () => {
    const clock = new ManualClock();
    const { server, errors, accepted } = await startServer(clock);
    const socket = await rawClient(server.port);
    socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await waitUntil(() => errors.length === 1, "the handshake failed");
    expect(errors[0]!.reason).toBe("protocol");
    expect(errors[0]!.message).toMatch(
      /^data connection with 127\.0\.0\.1:\d+: malformed frame: frame kind 47/,
    );
    expect(accepted).toEqual([]);
    await waitUntil(() => socket.destroyed || socket.readableEnded, "the server closed the socket");
  });

  it("rejects a frame before the hello and a hello of another protocol version", async () => {
    const clock = new ManualClock();
    const { server, errors } = await startServer(clock);
    (await rawClient(server.port)).write(frame(FrameKind.Credit, 0, new Uint8Array([0, 0, 0, 1])));
    const hello = Buffer.from(JSON.stringify({ protocol: "weir-data", version: 7, id: "tm-old" }));
    (await rawClient(server.port)).write(frame(FrameKind.Hello, 0, hello));
    await waitUntil(() => errors.length === 2, "both handshakes failed");
    const messages = errors.map((e) => e.message).sort();
    expect(messages[0]).toMatch(/: expected a hello first, got a credit frame$/);
    expect(messages[1]).toMatch(/: peer speaks weir-data version 7, this process version 1$/);
    expect(errors.find((e) => e.reason === "handshake")).toBeDefined();
  });

  it("times out a silent peer on the injected clock", async () => {
    const clock = new ManualClock();
    const { server, errors } = await startServer(clock);
    await rawClient(server.port);
    await waitUntil(() => clock.pendingTimers() === 1, "the server armed its handshake timer");
    clock.advance(9_999);
    expect(errors).toEqual([]);
    clock.advance(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/: no hello within 10000 ms$/);
  });

  it("replaces an older connection of the same process", async () => {
    const clock = new ManualClock();
    const { server, accepted } = await startServer(clock);
    const first = await connectTcpData("127.0.0.1", server.port, { localId: "tm-a", clock });
    cleanups.push(() => first.destroy());
    await waitUntil(() => accepted.length === 1, "first accepted");
    const old = accepted[0]!;
    const oldChannel = old.channel(0);
    const errors: DataConnectionError[] = [];
    oldChannel.onError((e) => errors.push(e));
    const second = await connectTcpData("127.0.0.1", server.port, { localId: "tm-a", clock });
    cleanups.push(() => second.destroy());
    await waitUntil(() => accepted.length === 2, "second accepted");
    expect(server.connection("tm-a")).toBe(accepted[1]);
    expect(errors[0]!.message).toMatch(/replaced by a new connection from process tm-a/);
    expect(server.peers()).toEqual(["tm-a"]);
  });
});

describe("connectTcpData", () => {
  it("retries with backoff on the injected clock until the server is up", async () => {
    const clock = new ManualClock();
    const port = await freePort();
    const retries: [number, number][] = [];
    let retried: () => void = () => {};
    const connecting = connectTcpData("127.0.0.1", port, {
      localId: "tm-late",
      clock,
      maxAttempts: 5,
      initialBackoffMs: 100,
      onRetry: (attempt, error, delay) => {
        expect(error.message).toMatch(/ECONNREFUSED/);
        retries.push([attempt, delay]);
        retried();
      },
    });
    const nextRetry = () =>
      new Promise<void>((resolve) => {
        retried = resolve;
      });
    let wait = nextRetry();
    await wait;
    wait = nextRetry();
    clock.advance(99);
    clock.advance(1); // the second attempt starts only now
    await wait;
    expect(retries).toEqual([
      [1, 100],
      [2, 200],
    ]);
    const { accepted } = await startServer(clock, port);
    clock.advance(200);
    const connection = await connecting;
    cleanups.push(() => connection.destroy());
    expect(connection.peerId).toBe("tm-server");
    await waitUntil(() => accepted.length === 1, "accepted");
    expect(accepted[0]!.peerId).toBe("tm-late");
  });

  it("gives up after maxAttempts with a clear error", async () => {
    const clock = new ManualClock();
    const port = await freePort();
    let retried = 0;
    const failing = connectTcpData("127.0.0.1", port, {
      localId: "tm-x",
      clock,
      maxAttempts: 3,
      initialBackoffMs: 50,
      onRetry: () => {
        retried++;
        // The backoff timer is armed right after this callback returns.
        queueMicrotask(() => clock.advance(1_000));
      },
    });
    const error = await failing.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(retried).toBe(2);
    expect(error).toBeInstanceOf(DataConnectionError);
    const e = error as DataConnectionError;
    expect(e.reason).toBe("connect");
    expect(e.peer).toBe(`127.0.0.1:${port}`);
    expect(e.message).toMatch(
      new RegExp(
        `^data connection with 127\\.0\\.0\\.1:${port}: could not connect after 3 attempts: .*ECONNREFUSED`,
      ),
    );
    expect(e.hint).toMatch(/data port/);
  });

  it("does not retry a failed handshake", async () => {
    const clock = new ManualClock();
    const plain = createServer((socket) => {
      socket.resume(); // read the hello, so the end of the stream is seen and the socket closes
      socket.end("not a weir peer at all\n");
    });
    await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => plain.close(() => resolve())));
    const address = plain.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    let retries = 0;
    const error = await connectTcpData("127.0.0.1", port, {
      localId: "tm-y",
      clock,
      onRetry: () => retries++,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(retries).toBe(0);
    expect(error).toBeInstanceOf(DataConnectionError);
    expect((error as DataConnectionError).message).toMatch(/malformed frame/);
  });
});
