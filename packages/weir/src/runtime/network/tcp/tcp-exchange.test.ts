import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../core/clock.js";
import { StreamRecord } from "../../../operators/contract.js";
import { createInputGate, createRecordWriter } from "../index.js";
import type { InputGate, NetworkEvent, NetworkSettings } from "../types.js";
import type { TcpChannelPort } from "./channel-port.js";
import { DataConnectionError } from "./errors.js";
import { type Loopback, loopback, turns, waitUntil } from "./fixtures/loopback.js";
import type { TcpConnection } from "./tcp-connection.js";
import { TcpDataServer } from "./tcp-server.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("a lost connection fails the writer", () => {
  it("wakes a backpressured writer, throws from emit and rejects finish with the connection error", async () => {
    const l = await loopback();
    cleanups.push(() => l.close());
    const settings: NetworkSettings = { bufferSize: 16, creditsPerChannel: 1, maxBufferedPerChannel: 1 };
    // The consumer's gate grants one credit and is never polled.
    createInputGate({ edges: [{ ports: [l.accepted.channel(5)] }], settings });
    const w = createRecordWriter({
      ports: [l.client.channel(5)],
      partitioner: "forward",
      producerSubtask: 0,
      producerParallelism: 1,
      consumerMaxParallelism: 128,
      settings,
    });
    const record = new StreamRecord<unknown>("y".repeat(40));
    w.emit(record);
    await waitUntil(() => w.metrics!().buffers === 1, "the credit arrived");
    w.emit(record);
    expect(w.isAvailable()).toBe(false);
    const waiting = w.availability();
    l.accepted.destroy("consumer process died");
    await waiting; // woken by the failure, not left hanging
    let thrown: unknown;
    try {
      w.emit(record);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DataConnectionError);
    expect((thrown as DataConnectionError).reason).toBe("lost");
    expect((thrown as Error).message).toMatch(/^data connection with tm-server/);
    await expect(w.finish()).rejects.toBe(thrown);
  });
});

describe("writer → gate over loopback TCP in one process", () => {
  let l: Loopback;
  beforeAll(async () => {
    l = await loopback();
  });
  afterAll(() => l.close());

  it("a consumer that does not poll stops its producer after credits + maxBuffered buffers", async () => {
    const settings: NetworkSettings = { bufferSize: 16, creditsPerChannel: 2, maxBufferedPerChannel: 2 };
    const gate = createInputGate({ edges: [{ ports: [l.accepted.channel(0)] }], settings });
    const w = createRecordWriter({
      ports: [l.client.channel(0)],
      partitioner: "forward",
      producerSubtask: 0,
      producerParallelism: 1,
      consumerMaxParallelism: 128,
      settings,
    });
    const record = new StreamRecord<unknown>("x".repeat(40)); // every record fills a buffer
    w.emit(record);
    await waitUntil(() => w.metrics!().buffers === 1, "the first credits arrived over TCP");
    w.emit(record);
    w.emit(record);
    expect(w.isAvailable()).toBe(true);
    w.emit(record);
    expect(w.isAvailable()).toBe(false);
    let resumed = false;
    void w.availability().then(() => {
      resumed = true;
    });
    await waitUntil(() => l.accepted.stats().framesIn >= 3, "the second buffer arrived"); // hello + 2
    const bytesBefore = l.accepted.stats().bytesIn;
    await turns(500);
    // Bounded: 2 buffers sent (one credit each), 2 queued at the producer, nothing else moved.
    expect(w.metrics!().buffers).toBe(2);
    expect(resumed).toBe(false);
    expect(l.accepted.stats().bytesIn).toBe(bytesBefore);

    let item = gate.poll();
    expect(item?.kind).toBe("records");
    await waitUntil(() => resumed, "the writer resumed after one credit came back");
    expect(w.metrics!().buffers).toBe(3);

    const finished = w.finish();
    let records = 1;
    let end = false;
    while (!end) {
      await gate.availability();
      for (item = gate.poll(); item !== undefined; item = gate.poll()) {
        if (item.kind === "records") records += item.records.length;
        else end = item.event.kind === "endOfPartition";
      }
    }
    await finished;
    expect(records).toBe(4);
    expect(gate.isFinished()).toBe(true);
  });
});

const fixtureSource = fileURLToPath(new URL("./fixtures/tcp-producer.ts", import.meta.url));

describe("between two processes", () => {
  let dir: string;
  let fixture: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "weir-tcp-"));
    fixture = join(dir, "tcp-producer.cjs");
    await build({
      entryPoints: [fixtureSource],
      bundle: true,
      platform: "node",
      format: "cjs",
      outfile: fixture,
      logLevel: "silent",
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A consumer process side: a data server whose first connection gets one gate per channel. */
  async function consumerSide(settings: NetworkSettings) {
    let resolveGates: (gates: { gates: InputGate[]; ports: TcpChannelPort[] }) => void = () => {};
    const ready = new Promise<{ gates: InputGate[]; ports: TcpChannelPort[] }>((resolve) => {
      resolveGates = resolve;
    });
    const server = await TcpDataServer.listen({
      host: "127.0.0.1",
      port: 0,
      localId: "consumer",
      clock: new ManualClock(),
      onConnection: (c: TcpConnection) => {
        const ports = [c.channel(0), c.channel(1)];
        resolveGates({
          gates: ports.map((p) => createInputGate({ edges: [{ ports: [p] }], settings })),
          ports,
        });
      },
    });
    cleanups.push(() => server.close());
    return { server, ready };
  }

  function startProducer(port: number, mode: "finite" | "endless", count: number) {
    const child: ChildProcess = fork(fixture, ["127.0.0.1", String(port), mode, String(count)], {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const messages: Record<string, unknown>[] = [];
    child.on("message", (m) => messages.push(m as Record<string, unknown>));
    const exited = new Promise<number | string | null>((resolve) => {
      child.once("exit", (code, signal) => resolve(code ?? signal));
    });
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    });
    return { child, messages, exited };
  }

  interface Received {
    values: number[];
    timestamps: number[];
    /** Events with the number of records seen before them. */
    events: { event: NetworkEvent; after: number }[];
  }

  /** Polls until the gate is finished or `failed()` says the channel failed. */
  /** Polls `gate` to its end, collecting into `got` (which keeps what arrived if poll throws). */
  async function drain(
    gate: InputGate,
    got: Received = { values: [], timestamps: [], events: [] },
  ): Promise<Received> {
    while (!gate.isFinished()) {
      await gate.availability();
      for (let item = gate.poll(); item !== undefined; item = gate.poll()) {
        if (item.kind === "records") {
          for (const r of item.records) {
            got.values.push((r.value as [number, string])[0]);
            got.timestamps.push(r.timestamp);
          }
        } else {
          got.events.push({ event: item.event, after: got.values.length });
        }
      }
    }
    return got;
  }

  const SETTINGS: NetworkSettings = { bufferSize: 512, creditsPerChannel: 2, maxBufferedPerChannel: 2 };

  it("delivers 200k records once and in order, with watermarks and endOfPartition", async () => {
    const count = 200_000;
    const { server, ready } = await consumerSide(SETTINGS);
    const producer = startProducer(server.port, "finite", count);
    const { gates } = await ready;
    const received = await Promise.all(gates.map((g) => drain(g)));
    expect(await producer.exited).toBe(0); // the closed connection let it exit on its own
    expect(producer.messages).toEqual([{ sent: count }]);

    const seen = new Uint8Array(count);
    for (const got of received) {
      expect(got.values.length).toBeGreaterThan(count / 2 - 2);
      for (let k = 0; k < got.values.length; k++) {
        const v = got.values[k]!;
        if (k > 0 && v <= got.values[k - 1]!) throw new Error(`out of order at ${k}: ${v}`);
        seen[v]!++;
      }
      expect(got.timestamps).toEqual(got.values);
      // Every watermark sits exactly between the records before and after its timestamp.
      const watermarks = got.events.filter((e) => e.event.kind === "watermark");
      expect(watermarks.map((e) => (e.event as { timestamp: number }).timestamp)).toEqual(
        Array.from({ length: 10 }, (_, i) => i * 20_000 + 19_999),
      );
      for (const { event, after } of watermarks) {
        const t = (event as { timestamp: number }).timestamp;
        expect(got.values[after - 1]!).toBeLessThanOrEqual(t);
        if (after < got.values.length) expect(got.values[after]!).toBeGreaterThan(t);
      }
      expect(got.events.at(-1)).toEqual({ event: { kind: "endOfPartition" }, after: got.values.length });
    }
    expect(seen.every((n) => n === 1)).toBe(true);
    for (const g of gates) expect(g.isFinished()).toBe(true);
  });

  it("reports a producer process killed mid-stream as a clear error, not a hang", async () => {
    const { server, ready } = await consumerSide(SETTINGS);
    const producer = startProducer(server.port, "endless", 0);
    const { gates } = await ready;
    // The gate itself turns the channel failure into an error thrown by poll() (no extra wiring).
    const failures: unknown[] = [];
    const received: Received[] = gates.map(() => ({ values: [], timestamps: [], events: [] }));
    const draining = gates.map((g, i) =>
      drain(g, received[i]).catch((e: unknown) => {
        failures.push(e);
      }),
    );
    let killed = false;
    await waitUntil(
      () => producer.messages.some((m) => m.started === true) && (gates[0]!.metrics!().records ?? 0) > 1000,
      "records flowing",
      10_000_000,
    );
    killed = producer.child.kill("SIGKILL");
    await Promise.all(draining);
    expect(killed).toBe(true);
    expect(await producer.exited).toBe("SIGKILL");
    expect(failures.length).toBe(gates.length);
    const failure = failures[0] as DataConnectionError;
    expect(failure).toBeInstanceOf(DataConnectionError);
    expect(failure.reason).toBe("lost");
    expect(failure.message).toMatch(
      /^data connection with producer \(127\.0\.0\.1:\d+\): (the peer closed the connection while channel \d was open|socket error: .*ECONNRESET)/,
    );
    // What arrived before the failure is intact and in order; no endOfPartition was invented.
    expect(received[0]!.values.length).toBeGreaterThan(1000);
    for (const got of received) {
      for (let k = 1; k < got.values.length; k++) expect(got.values[k]!).toBeGreaterThan(got.values[k - 1]!);
      expect(got.events.some((e) => e.event.kind === "endOfPartition")).toBe(false);
    }
    expect(server.peers()).toEqual([]);
  });
});
