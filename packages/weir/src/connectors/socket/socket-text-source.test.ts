import { createServer, type Server, Socket } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ManualClock } from "../../core/clock.js";
import { ExternalError } from "../../core/errors.js";
import { SourceTestDriver } from "../testing.js";
import { SocketTextSource } from "./socket-text-source.js";

const servers: Server[] = [];
const accepted: Socket[] = [];
afterEach(async () => {
  for (const s of accepted.splice(0)) s.destroy();
  for (const s of servers.splice(0)) await new Promise<void>((resolve) => s.close(() => resolve()));
});

/** A loopback server that runs `serve` on each connection; resolves with its port. */
async function serve(handler: (socket: Socket, connection: number) => void): Promise<number> {
  let n = 0;
  const server = createServer((socket) => {
    accepted.push(socket);
    handler(socket, n++);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("SocketTextSource", () => {
  it("emits every line the server writes and ends when the server closes", async () => {
    const n = 20_000;
    const lines = Array.from({ length: n }, (_, i) => `line ${i} ${"x".repeat(i % 50)}`);
    const port = await serve((socket) => {
      // Written in odd-sized pieces so that lines and UTF-8 sequences cross packet boundaries.
      const text = Buffer.from(`${lines.join("\n")}\nlast é without newline`);
      for (let i = 0; i < text.length; i += 997) socket.write(text.subarray(i, i + 997));
      socket.end();
    });
    const source = new SocketTextSource("127.0.0.1", port);
    expect(source.getBoundedness()).toBe("CONTINUOUS_UNBOUNDED");
    const driver = await SourceTestDriver.create(source, { parallelism: 2 });
    const out = await driver.runToEnd();
    expect(out).toEqual([...lines, "last é without newline"]);
    // Only subtask 0 reads.
    expect(driver.outputs[1]).toEqual([]);
    await driver.close();
  });

  it("cuts at a custom delimiter and strips \\r before \\n", async () => {
    const port1 = await serve((socket) => socket.end("a||b||c||"));
    const d1 = await SourceTestDriver.create(new SocketTextSource("127.0.0.1", port1, "||"));
    expect(await d1.runToEnd()).toEqual(["a", "b", "c"]);
    await d1.close();

    const port2 = await serve((socket) => socket.end("x\r\ny\r\n"));
    const d2 = await SourceTestDriver.create(new SocketTextSource("127.0.0.1", port2));
    expect(await d2.runToEnd()).toEqual(["x", "y"]);
    await d2.close();
  });

  it("pauses the socket while its queue is full and still delivers everything", async () => {
    const n = 400_000;
    let finished = false;
    const port = await serve((socket) => {
      let i = 0;
      const pump = (): void => {
        while (i < n) {
          const ok = socket.write(`${i++}\n`);
          if (!ok) {
            socket.once("drain", pump);
            return;
          }
        }
        finished = true;
        socket.end();
      };
      pump();
    });
    const pause = vi.spyOn(Socket.prototype, "pause");
    const resume = vi.spyOn(Socket.prototype, "resume");
    const isClient = (s: unknown) => (s as Socket).remotePort === port;
    try {
      const driver = await SourceTestDriver.create(new SocketTextSource("127.0.0.1", port));
      await driver.runUntil(() => driver.all().length > 0);
      // Without polling, data piles up: the reader pauses the socket instead of buffering it all.
      await vi.waitFor(() => expect(pause.mock.contexts.some(isClient)).toBe(true), { timeout: 20_000 });
      const resumesBefore = resume.mock.contexts.filter(isClient).length;
      const out = await driver.runToEnd();
      expect(resume.mock.contexts.filter(isClient).length).toBeGreaterThan(resumesBefore);
      expect(finished).toBe(true);
      expect(out).toEqual(Array.from({ length: n }, (_, i) => String(i)));
      await driver.close();
    } finally {
      pause.mockRestore();
      resume.mockRestore();
    }
  });

  it("reconnects up to maxRetries times after the server closed the connection", async () => {
    const clock = new ManualClock(0);
    const port = await serve((socket, k) => socket.end(`conn${k}\n`));
    const driver = await SourceTestDriver.create(new SocketTextSource("127.0.0.1", port, "\n", 2), { clock });
    const out = await driver.runToEnd({ onIdle: () => clock.advance(500) });
    expect(out).toEqual(["conn0", "conn1", "conn2"]);
    await driver.close();
  });

  it("fails with an ExternalError when it cannot connect", async () => {
    const port = await serve(() => {});
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    const driver = await SourceTestDriver.create(new SocketTextSource("127.0.0.1", port));
    const error = await driver.runToEnd().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalError);
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
    await driver.close();
  });
});
