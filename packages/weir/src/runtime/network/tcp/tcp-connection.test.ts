import { Buffer } from "node:buffer";
import { afterEach, describe, expect, it } from "vitest";
import type { NetworkEvent } from "../types.js";
import type { TcpChannelPort } from "./channel-port.js";
import { DataConnectionError } from "./errors.js";
import { type Loopback, loopback, turns, waitUntil } from "./fixtures/loopback.js";

const open: Loopback[] = [];
afterEach(async () => {
  for (const l of open.splice(0)) await l.close();
});

async function start(options: Parameters<typeof loopback>[0] = {}): Promise<Loopback> {
  const l = await loopback(options);
  open.push(l);
  return l;
}

/** A data buffer carrying `n` (what a transferred network buffer is, to the transport). */
function numbered(n: number, size = 8): ArrayBuffer {
  const buffer = new ArrayBuffer(size);
  new DataView(buffer).setUint32(0, n);
  return buffer;
}

type Seen = number | string;

/** Collects what a port receives: buffers as `b<n>`, events as `e<kind>`, credits as numbers. */
function collect(port: TcpChannelPort): Seen[] {
  const seen: Seen[] = [];
  port.on("message", (m) => {
    if (m instanceof ArrayBuffer) seen.push(`b${new DataView(m).getUint32(0)}`);
    else if (typeof m === "number") seen.push(m);
    else seen.push(`e${(m as NetworkEvent).kind}`);
  });
  return seen;
}

describe("TcpConnection", () => {
  it("maps connections to the peers' process ids", async () => {
    const { server, accepted, client } = await start();
    expect(client.peerId).toBe("tm-server");
    expect(accepted.peerId).toBe("tm-client");
    expect(server.peers()).toEqual(["tm-client"]);
    expect(server.connection("tm-client")).toBe(accepted);
    expect(accepted.peer).toMatch(/^tm-client \(127\.0\.0\.1:\d+\)$/);
  });

  it("keeps the order of each of two channels multiplexed on one connection, in both directions", async () => {
    let a1: TcpChannelPort | undefined;
    let a2: TcpChannelPort | undefined;
    let seen1: Seen[] = [];
    let seen2: Seen[] = [];
    const { client } = await start({
      onConnection: (c) => {
        a1 = c.channel(1);
        a2 = c.channel(2);
        seen1 = collect(a1);
        seen2 = collect(a2);
      },
    });
    const c1 = client.channel(1);
    const c2 = client.channel(2);
    const back1 = collect(c1);
    const back2 = collect(c2);
    const expected1: Seen[] = [];
    const expected2: Seen[] = [];
    for (let i = 0; i < 3000; i++) {
      const [port, expected] = i % 3 === 0 ? [c1, expected1] : [c2, expected2];
      const buffer = numbered(i, i % 5 === 0 ? 5000 : 8); // large ones travel uncopied
      port.postMessage(buffer, [buffer]);
      expected.push(`b${i}`);
      if (i % 100 === 0) {
        port.postMessage({ kind: "watermark", timestamp: i });
        expected.push("ewatermark");
      }
      // The other direction, interleaved: credits.
      a1!.postMessage(1 + (i % 4));
      a2!.postMessage(10 + (i % 4));
      if (i % 500 === 0) await turns(1);
    }
    await waitUntil(
      () =>
        seen1.length === expected1.length &&
        seen2.length === expected2.length &&
        back1.length === 3000 &&
        back2.length === 3000,
      "everything arrived",
    );
    expect(seen1).toEqual(expected1);
    expect(seen2).toEqual(expected2);
    expect(back1).toEqual(Array.from({ length: 3000 }, (_, i) => 1 + (i % 4)));
    expect(back2).toEqual(Array.from({ length: 3000 }, (_, i) => 10 + (i % 4)));
  });

  it("delivers what was posted before close(), then closes both ends and frees the id", async () => {
    let far: TcpChannelPort | undefined;
    let seen: Seen[] = [];
    const { client, accepted } = await start({
      onConnection: (c) => {
        far = c.channel(4);
        seen = collect(far);
      },
    });
    const near = client.channel(4);
    const nearSeen = collect(near);
    near.postMessage(numbered(1));
    near.postMessage({ kind: "endOfPartition" });
    near.close();
    near.postMessage(numbered(2)); // after close: dropped
    await waitUntil(() => seen.length === 2 && !far!.isOpen, "the messages and the close arrived");
    expect(seen).toEqual(["b1", "eendOfPartition"]);
    expect(far!.isOpen).toBe(false);
    const framesBefore = accepted.stats().framesOut;
    far!.postMessage(3); // the peer closed: dropped without a frame
    expect(accepted.stats().framesOut).toBe(framesBefore);
    far!.close();
    await waitUntil(() => client.stats().channels === 0, "the client forgot the channel");
    expect(accepted.stats().channels).toBe(0);
    expect(nearSeen).toEqual([]);
    // Both ends closed it: the id can be opened again.
    const again = client.channel(4);
    expect(again.isOpen).toBe(true);
  });

  it("holds frames for a channel until this side opens it", async () => {
    const { client, accepted } = await start();
    const port = client.channel(7);
    for (let i = 0; i < 5; i++) port.postMessage(numbered(i));
    port.postMessage({ kind: "barrier", checkpointId: 3, timestamp: 9 });
    await waitUntil(() => accepted.stats().framesIn >= 7, "frames arrived"); // hello + 6
    const late = accepted.channel(7);
    const seen = collect(late);
    expect(seen).toEqual([]); // delivered asynchronously, like a MessagePort
    await turns(1);
    expect(seen).toEqual(["b0", "b1", "b2", "b3", "b4", "ebarrier"]);
    expect(() => accepted.channel(7)).toThrow(/already open/);
  });

  it("coalesces the credits posted in one turn into one socket write", async () => {
    let far: TcpChannelPort | undefined;
    let seen: Seen[] = [];
    const { client } = await start({
      onConnection: (c) => {
        far = c.channel(0);
        seen = collect(far);
      },
    });
    const port = client.channel(0);
    await turns(2);
    const before = client.stats();
    for (let i = 0; i < 200; i++) port.postMessage(1);
    await waitUntil(() => seen.length === 200, "credits arrived");
    const after = client.stats();
    expect(after.framesOut - before.framesOut).toBe(200);
    expect(after.writes - before.writes).toBe(1);
    expect(after.bytesOut - before.bytesOut).toBe(200 * 13);
  });

  it("refuses messages a channel cannot carry", async () => {
    const { client } = await start({ maxFramePayload: 1024 });
    const port = client.channel(0);
    const usage = (f: () => void) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(DataConnectionError);
        expect((e as DataConnectionError).reason).toBe("usage");
        return (e as Error).message;
      }
      throw new Error("no error");
    };
    expect(usage(() => port.postMessage("hello"))).toMatch(
      /carries ArrayBuffers, network events and credits only/,
    );
    expect(usage(() => port.postMessage(0))).toMatch(/credit must be an integer/);
    expect(usage(() => port.postMessage(1.5))).toMatch(/credit must be an integer/);
    expect(usage(() => port.postMessage({ kind: "mystery" }))).toMatch(/carries/);
    expect(usage(() => port.postMessage(new ArrayBuffer(2000)))).toMatch(
      /2000-byte network buffer exceeds the maximum frame payload of 1024/,
    );
  });
});

describe("connection failures reach the channels", () => {
  it("a peer that vanishes fails the channels open on both ends, not the finished ones", async () => {
    const errors: DataConnectionError[] = [];
    let openOne: TcpChannelPort | undefined;
    let finished: TcpChannelPort | undefined;
    let finishedSeen: Seen[] = [];
    const { client, accepted } = await start({
      onConnection: (c) => {
        openOne = c.channel(1);
        finished = c.channel(2);
        openOne.onError((e) => errors.push(e));
        finished.onError((e) => errors.push(e));
        collect(openOne);
        finishedSeen = collect(finished);
      },
    });
    client.channel(1).postMessage(numbered(1));
    const done = client.channel(2);
    done.postMessage({ kind: "endOfPartition" });
    done.close();
    await waitUntil(() => finishedSeen.length === 1 && !finished!.isOpen, "channel 2 finished");
    let closedWith: DataConnectionError | undefined | null = null;
    accepted.onClose((e) => {
      closedWith = e;
    });
    client.destroy("test kills the client");
    await waitUntil(() => errors.length > 0 && closedWith !== null, "the failure surfaced");
    expect(errors).toHaveLength(1);
    expect(errors[0]!.reason).toBe("lost");
    expect(errors[0]!.retryable).toBe(true);
    expect(errors[0]!.message).toMatch(/^data connection with tm-client \(127\.0\.0\.1:\d+\): /);
    expect(openOne!.failure).toBe(errors[0]);
    expect(finished!.failure).toBeUndefined();
    // A listener added after the failure still hears about it.
    const late = await new Promise<DataConnectionError>((resolve) => openOne!.onError(resolve));
    expect(late).toBe(errors[0]);
    expect(accepted.isOpen).toBe(false);
  });

  it("a graceful close with channels still open fails them on the other side", async () => {
    const errors: DataConnectionError[] = [];
    const { client, accepted } = await start({
      onConnection: (c) => c.channel(3).onError((e) => errors.push(e)),
    });
    client.channel(3).postMessage(numbered(1));
    await client.close();
    await waitUntil(() => errors.length === 1, "the open channel failed");
    expect(errors[0]!.message).toMatch(
      /tm-client .*: the peer closed the connection while channel 3 was open \(its process may have exited or crashed\)/,
    );
    // The failure of the connection itself is undefined: it ended gracefully.
    expect(accepted.failure).toBeUndefined();
    // A channel opened on a closed connection reports that at once.
    const stale = accepted.channel(9);
    const error = await new Promise<DataConnectionError>((resolve) => stale.onError(resolve));
    expect(error.message).toMatch(/the connection is closed/);
  });

  it("a malformed frame after the handshake closes the connection, naming the peer", async () => {
    const errors: DataConnectionError[] = [];
    const { client, accepted } = await start({
      onConnection: (c) => c.channel(0).onError((e) => errors.push(e)),
    });
    client.channel(0).postMessage(numbered(1));
    // Reach under the connection to write garbage on its socket.
    const socket = (client as unknown as { socket: { write(b: Uint8Array): void } }).socket;
    socket.write(Buffer.from([0, 0, 0, 0, 99, 0, 0, 0, 0]));
    await waitUntil(() => errors.length === 1, "the protocol error surfaced");
    expect(errors[0]!.reason).toBe("protocol");
    expect(errors[0]!.message).toMatch(
      /^data connection with tm-client \(127\.0\.0\.1:\d+\): malformed frame: frame kind 99 is not a Weir data frame/,
    );
    expect(accepted.failure).toBe(errors[0]);
    await waitUntil(() => !client.isOpen, "the client saw the connection close");
  });
});
