import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { MessageChannel, Worker } from "node:worker_threads";
import { build } from "esbuild";
import { afterEach, describe, expect, it } from "vitest";
import { assignToKeyGroup, computeOperatorIndexForKeyGroup } from "../../core/keygroups.js";
import { NO_TIMESTAMP, StreamRecord } from "../../operators/contract.js";
import {
  createInputGate,
  createRecordWriter,
  type InputGate,
  type NetworkEvent,
  type NetworkSettings,
  type PortLike,
  type RecordWriter,
  type RecordWriterOptions,
} from "./index.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const opened: { close(): void }[] = [];

afterEach(() => {
  for (const port of opened.splice(0)) port.close();
});

function channel(): { producer: PortLike; consumer: PortLike } {
  const { port1, port2 } = new MessageChannel();
  opened.push(port1, port2);
  return { producer: port1, consumer: port2 };
}

/** Lets the event loop deliver port messages, up to a bounded number of turns. */
async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 10_000; i++) {
    if (condition()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`timed out waiting until ${what}`);
}

async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

type Seen =
  | { kind: "records"; edge: number; channel: number; values: unknown[]; timestamps: number[] }
  | { kind: "event"; edge: number; channel: number; event: NetworkEvent };

/** Polls `gate` until it is finished, copying what the reused records hold. */
async function drain(gate: InputGate): Promise<Seen[]> {
  const seen: Seen[] = [];
  while (!gate.isFinished()) {
    await gate.availability();
    for (let item = gate.poll(); item !== undefined; item = gate.poll()) {
      if (item.kind === "records") {
        seen.push({
          kind: "records",
          edge: item.edgeIndex,
          channel: item.channelIndex,
          values: item.records.map((r) => r.value),
          timestamps: item.records.map((r) => r.timestamp),
        });
      } else {
        seen.push({ kind: "event", edge: item.edgeIndex, channel: item.channelIndex, event: item.event });
      }
    }
  }
  return seen;
}

function writer(
  ports: readonly PortLike[],
  settings: NetworkSettings,
  extra: Partial<RecordWriterOptions> = {},
) {
  return createRecordWriter({
    ports,
    partitioner: "forward",
    producerSubtask: 0,
    producerParallelism: ports.length,
    consumerMaxParallelism: 128,
    settings,
    ...extra,
  });
}

async function emitAll(
  w: RecordWriter,
  values: readonly unknown[],
  timestamp = (i: number) => i,
): Promise<void> {
  const record = new StreamRecord<unknown>(undefined);
  for (let i = 0; i < values.length; i++) {
    record.value = values[i];
    record.timestamp = timestamp(i);
    w.emit(record);
    if (!w.isAvailable()) await w.availability();
  }
}

const SMALL: NetworkSettings = { bufferSize: 256, creditsPerChannel: 2, maxBufferedPerChannel: 2 };

describe("writer → gate over MessageChannels in one thread", () => {
  it("delivers varied values and timestamps, hash-partitioned from 2 producers to 3 consumers", async () => {
    const producers = 2;
    const consumers = 3;
    const links = Array.from({ length: producers }, () => Array.from({ length: consumers }, () => channel()));
    const gates = Array.from({ length: consumers }, (_, c) =>
      createInputGate({ edges: [{ ports: links.map((row) => row[c]!.consumer) }], settings: SMALL }),
    );
    const writers = links.map((row, p) =>
      writer(
        row.map((l) => l.producer),
        SMALL,
        {
          partitioner: "hash",
          producerSubtask: p,
          producerParallelism: producers,
          keySelector: (v) => (v as { key: unknown }).key,
        },
      ),
    );
    const valuesOf = (p: number) =>
      Array.from({ length: 500 }, (_, i) => ({
        key: i % 3 === 0 ? `k${i % 11}` : [i % 5, "x"],
        p,
        i,
        body:
          i % 2 === 0
            ? ["Grüße", -0, null, undefined, 10n ** 30n]
            : { when: new Date(i), tags: new Set([i]) },
      }));
    const sending = Promise.all(
      writers.map(async (w, p) => {
        await emitAll(w, valuesOf(p), (i) => (i % 4 === 0 ? NO_TIMESTAMP : i * 10));
        await w.finish();
      }),
    );
    const received = await Promise.all(gates.map((g) => drain(g)));
    await sending;

    for (let c = 0; c < consumers; c++) {
      const records = received[c]!.filter((s) => s.kind === "records");
      const events = received[c]!.filter((s) => s.kind === "event");
      expect(events.map((e) => e.event.kind)).toEqual(["endOfPartition", "endOfPartition"]);
      for (let p = 0; p < producers; p++) {
        const fromP = records.filter((s) => s.channel === p);
        const values = fromP.flatMap((s) => s.values);
        const timestamps = fromP.flatMap((s) => s.timestamps);
        const expected = valuesOf(p).filter(
          (v) => computeOperatorIndexForKeyGroup(128, consumers, assignToKeyGroup(v.key, 128)) === c,
        );
        expect(values).toStrictEqual(expected);
        expect(timestamps).toEqual(expected.map((v) => (v.i % 4 === 0 ? NO_TIMESTAMP : v.i * 10)));
      }
      expect(gates[c]!.isFinished()).toBe(true);
    }
    expect(writers[0]!.metrics?.().records).toBe(500);
  });

  it("keeps events in order with records and flushes pending records before an event", async () => {
    const { producer, consumer } = channel();
    const gate = createInputGate({ edges: [{ ports: [] }, { ports: [consumer] }], settings: SMALL });
    const w = writer([producer], { ...SMALL, bufferSize: 32 * 1024 });
    const record = new StreamRecord<unknown>("a", 1);
    w.emit(record);
    w.emit(record.replace("b"));
    w.broadcastEvent({ kind: "watermark", timestamp: 5 });
    w.emit(record.replace("c"));
    w.broadcastEvent({ kind: "barrier", checkpointId: 7, timestamp: 100 });
    w.emit(record.replace("d"));
    const finished = w.finish();
    const seen = await drain(gate);
    await finished;
    expect(seen).toEqual([
      { kind: "records", edge: 1, channel: 0, values: ["a", "b"], timestamps: [1, 1] },
      { kind: "event", edge: 1, channel: 0, event: { kind: "watermark", timestamp: 5 } },
      { kind: "records", edge: 1, channel: 0, values: ["c"], timestamps: [1] },
      { kind: "event", edge: 1, channel: 0, event: { kind: "barrier", checkpointId: 7, timestamp: 100 } },
      { kind: "records", edge: 1, channel: 0, values: ["d"], timestamps: [1] },
      { kind: "event", edge: 1, channel: 0, event: { kind: "endOfPartition" } },
    ]);
    expect(gate.isFinished()).toBe(true);
    expect(gate.poll()).toBeUndefined();
  });

  it("sends partial buffers only on flush", async () => {
    const { producer, consumer } = channel();
    const gate = createInputGate({ edges: [{ ports: [consumer] }], settings: SMALL });
    const w = writer([producer], { ...SMALL, bufferSize: 32 * 1024 });
    w.emit(new StreamRecord("x"));
    await turns(20);
    expect(gate.poll()).toBeUndefined();
    w.flush();
    let item: ReturnType<InputGate["poll"]>;
    await waitUntil(() => {
      item = gate.poll();
      return item !== undefined;
    }, "the flushed buffer arrived");
    expect(item!.kind === "records" && item!.records.map((r) => r.value)).toEqual(["x"]);
    w.abort();
    gate.close();
  });

  it("broadcasts every record to every consumer, serializing once", async () => {
    const links = [channel(), channel(), channel()];
    const gates = links.map((l) => createInputGate({ edges: [{ ports: [l.consumer] }], settings: SMALL }));
    const w = writer(
      links.map((l) => l.producer),
      SMALL,
      { partitioner: "broadcast", producerParallelism: 1 },
    );
    const values = Array.from({ length: 300 }, (_, i) => ({
      id: i,
      name: `n${i}`,
      nested: { ok: i % 2 === 0 },
    }));
    const sending = emitAll(w, values).then(() => w.finish());
    const received = await Promise.all(gates.map((g) => drain(g)));
    await sending;
    for (const seen of received) {
      expect(seen.flatMap((s) => (s.kind === "records" ? s.values : []))).toStrictEqual(values);
    }
    const m = w.metrics!();
    expect(m.records).toBe(300);
    expect(m.buffers % 3).toBe(0);
  });
});

describe("credit-based flow control", () => {
  it("a consumer that never polls stops its producer after credits + maxBuffered buffers", async () => {
    const { producer, consumer } = channel();
    const settings: NetworkSettings = { bufferSize: 16, creditsPerChannel: 2, maxBufferedPerChannel: 2 };
    const gate = createInputGate({ edges: [{ ports: [consumer] }], settings });
    const w = writer([producer], settings);
    const big = "x".repeat(40); // every record fills a buffer on its own
    const record = new StreamRecord<unknown>(big);

    w.emit(record);
    await waitUntil(() => w.metrics!().buffers === 1, "the first credit arrived");
    w.emit(record);
    expect(w.metrics!().buffers).toBe(2);
    w.emit(record);
    expect(w.isAvailable()).toBe(true);
    w.emit(record);
    expect(w.isAvailable()).toBe(false);

    let resumed = false;
    void w.availability().then(() => {
      resumed = true;
    });
    await turns(50);
    // Bounded: nothing more was sent, 2 buffers wait at the consumer, 2 at the producer.
    expect(w.metrics!().buffers).toBe(2);
    expect(resumed).toBe(false);
    expect(w.isAvailable()).toBe(false);

    const item = gate.poll();
    expect(item?.kind).toBe("records");
    await waitUntil(() => resumed, "the writer resumed after the consumer polled");
    expect(w.isAvailable()).toBe(true);
    expect(w.metrics!().buffers).toBe(3);

    const finished = w.finish();
    const rest = await drain(gate);
    await finished;
    expect(rest.filter((s) => s.kind === "records")).toHaveLength(3);
    expect(gate.metrics!().records).toBe(4);
  });

  it("moves many buffers through a tiny window", async () => {
    const { producer, consumer } = channel();
    const settings: NetworkSettings = { bufferSize: 64, creditsPerChannel: 1, maxBufferedPerChannel: 1 };
    const gate = createInputGate({ edges: [{ ports: [consumer] }], settings });
    const w = writer([producer], settings);
    const values = Array.from({ length: 2000 }, (_, i) => [`word${i % 13}`, i]);
    const sending = emitAll(w, values).then(() => w.finish());
    const seen = await drain(gate);
    await sending;
    expect(seen.flatMap((s) => (s.kind === "records" ? s.values : []))).toStrictEqual(values);
  });
});

describe("across a worker thread", () => {
  it("delivers records and events from a producer in a worker, keyed as in the main thread", async () => {
    const count = 5000;
    const source = `
      import { parentPort, workerData } from "node:worker_threads";
      import { StreamRecord, NO_TIMESTAMP } from "../../operators/contract.js";
      import { createRecordWriter } from "./index.js";
      const makeValue = ${makeValue.toString()};
      async function main() {
        const writer = createRecordWriter({
          ports: workerData.ports,
          partitioner: "hash",
          keySelector: (v) => v.key,
          producerSubtask: 0,
          producerParallelism: 1,
          consumerMaxParallelism: 128,
          settings: { bufferSize: 1024, creditsPerChannel: 2, maxBufferedPerChannel: 2 },
        });
        const record = new StreamRecord(undefined);
        for (let i = 0; i < workerData.count; i++) {
          record.value = makeValue(i);
          record.timestamp = i % 3 === 0 ? NO_TIMESTAMP : i;
          writer.emit(record);
          if (i % 1000 === 999) writer.broadcastEvent({ kind: "watermark", timestamp: i });
          if (!writer.isAvailable()) await writer.availability();
        }
        await writer.finish();
        parentPort.postMessage("done");
      }
      main().catch((e) => { parentPort.postMessage(String(e && e.stack)); });
    `;
    const bundle = await build({
      stdin: { contents: source, resolveDir: here, sourcefile: "producer-worker.ts", loader: "ts" },
      bundle: true,
      platform: "node",
      format: "cjs",
      write: false,
      logLevel: "silent",
    });
    const links = [channel(), channel()];
    const gates = links.map((l) => createInputGate({ edges: [{ ports: [l.consumer] }], settings: SMALL }));
    const ports = links.map((l) => l.producer);
    const worker = new Worker(bundle.outputFiles[0]!.text, {
      eval: true,
      workerData: { ports, count },
      transferList: ports as unknown as MessageChannel["port1"][],
    });
    const done = new Promise<unknown>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    try {
      const received = await Promise.all(gates.map((g) => drain(g)));
      expect(await done).toBe("done");
      for (let c = 0; c < 2; c++) {
        const expected = Array.from({ length: count }, (_, i) => makeValue(i)).filter(
          (v) => computeOperatorIndexForKeyGroup(128, 2, assignToKeyGroup(v.key, 128)) === c,
        );
        const records = received[c]!.filter((s) => s.kind === "records");
        expect(records.flatMap((s) => s.values)).toStrictEqual(expected);
        expect(records.flatMap((s) => s.timestamps)).toEqual(
          expected.map((v) => (v.i % 3 === 0 ? NO_TIMESTAMP : v.i)),
        );
        const events = received[c]!.flatMap((s) => (s.kind === "event" ? [s.event] : []));
        expect(events).toEqual([
          ...[999, 1999, 2999, 3999, 4999].map((timestamp) => ({ kind: "watermark", timestamp })),
          { kind: "endOfPartition" },
        ]);
      }
    } finally {
      await worker.terminate();
    }
  });
});

describe("releasing ports", () => {
  async function runChild(body: string): Promise<string> {
    const source = `
      import { MessageChannel } from "node:worker_threads";
      import { StreamRecord } from "../../operators/contract.js";
      import { createInputGate, createRecordWriter } from "./index.js";
      const settings = { bufferSize: 16, creditsPerChannel: 2, maxBufferedPerChannel: 2 };
      const { port1, port2 } = new MessageChannel();
      const gate = createInputGate({ edges: [{ ports: [port2] }], settings });
      const writer = createRecordWriter({
        ports: [port1], partitioner: "forward", producerSubtask: 0, producerParallelism: 1,
        consumerMaxParallelism: 128, settings,
      });
      const turn = () => new Promise((resolve) => setImmediate(resolve));
      (async () => { ${body} })();
    `;
    const bundle = await build({
      stdin: { contents: source, resolveDir: here, sourcefile: "child.ts", loader: "ts" },
      bundle: true,
      platform: "node",
      format: "cjs",
      write: false,
      logLevel: "silent",
    });
    // A port that stayed referenced would keep the child alive until the timeout kills it.
    return new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        ["-e", bundle.outputFiles[0]!.text],
        { timeout: 30_000 },
        (error, stdout) => {
          if (error) reject(error);
          else resolve(stdout);
        },
      );
    });
  }

  it("abort() and close() let the process exit while the producer is backpressured", async () => {
    const out = await runChild(`
      const record = new StreamRecord("x".repeat(40));
      for (let i = 0; i < 100 && writer.isAvailable(); i++) { writer.emit(record); await turn(); }
      console.log(writer.isAvailable() ? "still available" : "backpressured");
      writer.abort();
      gate.close();
    `);
    expect(out.trim()).toBe("backpressured");
  });

  it("a finished exchange lets the process exit without any explicit close", async () => {
    const out = await runChild(`
      const finished = (async () => {
        for (let i = 0; i < 20; i++) { writer.emit(new StreamRecord(i)); if (!writer.isAvailable()) await writer.availability(); }
        await writer.finish();
      })();
      let n = 0;
      while (!gate.isFinished()) {
        await gate.availability();
        for (let item = gate.poll(); item; item = gate.poll()) if (item.kind === "records") n += item.records.length;
      }
      await finished;
      console.log("received " + n);
    `);
    expect(out.trim()).toBe("received 20");
  });
});

function makeValue(i: number): { key: string; i: number; payload: unknown[]; when: Date } {
  return {
    key: `k${i % 17}`,
    i,
    payload: ["x", i * 0.5, i % 2 === 0 ? null : undefined, BigInt(i) * 1000000000000n],
    when: new Date(1_700_000_000_000 + i),
  };
}
