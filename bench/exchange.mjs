#!/usr/bin/env node
/**
 * Exchange micro-benchmark: records/s through ONE channel (RecordWriter → transport → InputGate,
 * credit-based flow control, default network settings), for small records (`["word", 1]`) and
 * Bid-sized objects, over two transports:
 * - worker: a MessagePort between two worker threads of one process;
 * - tcp: one logical channel of a TcpConnection between two processes over loopback TCP
 *   (the consumer process runs a TcpDataServer, the producer process connects to it).
 * Plus the codec alone (Weir's codec vs msgpackr with record structures) on the main thread.
 *
 * Usage: node bench/exchange.mjs [--seconds 1.5] [--no-codec] [--no-tcp] [--no-worker]
 * Bundles the network code from the TypeScript sources with esbuild (no build needed).
 * Prints a table and, last, one JSON line (bench/lib/extra-groups.mjs reads both).
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MessageChannel, Worker } from "node:worker_threads";
import { build } from "esbuild";
import { Packr, Unpackr } from "msgpackr";

const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf("--seconds") + 1]) || 1.5;
const withCodec = !args.includes("--no-codec");
const transports = ["worker", "tcp"].filter((t) => !args.includes(`--no-${t}`));
const networkDir = fileURLToPath(new URL("../packages/weir/src/runtime/network/", import.meta.url));

const WORKLOADS = {
  small: `(i) => ["word" + (i % 50), 1]`,
  bid: `(i) => ({ auction: 1000 + (i % 1000), bidder: 2000 + (i % 7919), price: 100 + (i % 100000),
    channel: "channel-" + (i % 10), url: "https://www.nexmark.com/abc/def/item.htm?query=1&channel_id=" + (i % 1000),
    dateTime: 1700000000000 + i, extra: "x".repeat(30) })`,
};

async function bundle(contents) {
  const result = await build({
    stdin: { contents, resolveDir: networkDir, sourcefile: "bench-entry.ts", loader: "ts" },
    bundle: true,
    platform: "node",
    format: "cjs",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

/**
 * How each side gets its channel's port and reports back. Worker: the port arrives in workerData,
 * results go to the parent thread. TCP: the consumer listens on an ephemeral loopback port and
 * tells the parent which; the producer connects to it; results go to the parent process over IPC,
 * with the connection's frame/write counters.
 */
const SIDES = {
  worker: {
    producer: `
      import { parentPort, workerData } from "node:worker_threads";
      const openPort = async () => workerData.port;
      const report = (m) => parentPort.postMessage(m);
      const settle = async () => {};
      const seconds = workerData.seconds;`,
    consumer: `
      import { parentPort, workerData } from "node:worker_threads";
      const openPort = async () => workerData.port;
      const report = (m) => parentPort.postMessage(m);
      const settle = async () => {};`,
  },
  tcp: {
    producer: `
      import { SystemClock } from "../../core/clock.js";
      import { connectTcpData } from "./tcp/index.js";
      let connection;
      const openPort = async () => {
        connection = await connectTcpData("127.0.0.1", Number(process.argv[2]), {
          localId: "bench-producer", clock: SystemClock.INSTANCE,
        });
        return connection.channel(0);
      };
      const report = (m) => process.send({ ...m, stats: connection.stats() });
      const settle = () => connection.close();
      const seconds = Number(process.argv[3]);`,
    consumer: `
      import { SystemClock } from "../../core/clock.js";
      import { TcpDataServer } from "./tcp/index.js";
      let server, connection;
      const openPort = () => new Promise((resolve) => {
        void TcpDataServer.listen({
          host: "127.0.0.1", port: 0, localId: "bench-consumer", clock: SystemClock.INSTANCE,
          onConnection: (c) => { connection = c; resolve(c.channel(0)); },
        }).then((s) => { server = s; process.send({ port: s.port }); });
      });
      const report = (m) => process.send({ ...m, stats: connection.stats() });
      const settle = () => server.close();`,
  },
};

/** Producer: warm up, send a marker watermark, then emit for `seconds` and finish. */
const producerSource = (make, transport) => `
  ${SIDES[transport].producer}
  import { StreamRecord } from "../../operators/contract.js";
  import { createRecordWriter, DEFAULT_NETWORK_SETTINGS } from "./index.js";
  const make = ${make};
  const values = Array.from({ length: 1000 }, (_, i) => make(i));
  let writer;
  const record = new StreamRecord(undefined);
  async function phase(ms) {
    const end = performance.now() + ms;
    let n = 0;
    for (;;) {
      for (let k = 0; k < 1024; k++) {
        record.value = values[n % 1000];
        record.timestamp = n;
        writer.emit(record);
        n++;
      }
      if (!writer.isAvailable()) await writer.availability();
      if (performance.now() >= end) return n;
    }
  }
  (async () => {
    writer = createRecordWriter({
      ports: [await openPort()], partitioner: "forward", producerSubtask: 0, producerParallelism: 1,
      consumerMaxParallelism: 128, settings: DEFAULT_NETWORK_SETTINGS,
    });
    await phase(300);
    writer.broadcastEvent({ kind: "watermark", timestamp: 0 });
    const sent = await phase(seconds * 1000);
    await writer.finish();
    report({ sent });
    await settle();
  })();
`;

/** Consumer: polls; times from the marker watermark to endOfPartition. */
const consumerSource = (transport) => `
  ${SIDES[transport].consumer}
  import { createInputGate, DEFAULT_NETWORK_SETTINGS } from "./index.js";
  (async () => {
    const gate = createInputGate({ edges: [{ ports: [await openPort()] }], settings: DEFAULT_NETWORK_SETTINGS });
    let counting = false, records = 0, buffers = 0, bytes = 0, start = 0, checksum = 0;
    while (!gate.isFinished()) {
      await gate.availability();
      for (let item = gate.poll(); item !== undefined; item = gate.poll()) {
        if (item.kind === "records") {
          if (counting) {
            records += item.records.length;
            buffers++;
            checksum += item.records[item.records.length - 1].timestamp;
          }
        } else if (item.event.kind === "watermark") {
          counting = true;
          start = performance.now();
        }
      }
    }
    const elapsed = performance.now() - start;
    const m = gate.metrics();
    report({ records, buffers, elapsed, bytesPerRecord: m.bytes / m.records, checksum });
    await settle();
  })();
`;

function run(code, port, extra) {
  const worker = new Worker(code, { eval: true, workerData: { port, ...extra }, transferList: [port] });
  return new Promise((resolve, reject) => {
    worker.once("message", (m) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

/** Runs a bundled script as a child process; resolves with its messages once it exited cleanly. */
function runProcess(file, argv, onMessage) {
  const child = fork(file, argv, { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const messages = [];
  child.on("message", (m) => {
    messages.push(m);
    onMessage?.(m);
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (code === 0) resolve(messages);
      else reject(new Error(`${file} exited with ${code ?? signal}`));
    });
  });
}

/** Producer process → consumer process over loopback TCP (one connection, one channel). */
async function tcpExchange(producerCode, consumerCode) {
  const dir = mkdtempSync(join(tmpdir(), "weir-exchange-"));
  try {
    const producerFile = join(dir, "producer.cjs");
    const consumerFile = join(dir, "consumer.cjs");
    writeFileSync(producerFile, producerCode);
    writeFileSync(consumerFile, consumerCode);
    let producer;
    const consumer = runProcess(consumerFile, [], (m) => {
      if (m.port !== undefined) producer = runProcess(producerFile, [String(m.port), String(seconds)]);
    });
    const got = (await consumer).find((m) => m.records !== undefined);
    const sent = (await producer).find((m) => m.sent !== undefined);
    return [sent, got];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function workerExchange(producerCode, consumerCode) {
  const { port1, port2 } = new MessageChannel();
  return Promise.all([run(producerCode, port1, { seconds }), run(consumerCode, port2, {})]);
}

const perWrite = (stats) => (stats.writes > 0 ? Number((stats.framesOut / stats.writes).toFixed(2)) : 0);

async function exchange(transport, name) {
  const [producerCode, consumerCode] = await Promise.all([
    bundle(producerSource(WORKLOADS[name], transport)),
    bundle(consumerSource(transport)),
  ]);
  const [sent, got] =
    transport === "tcp"
      ? await tcpExchange(producerCode, consumerCode)
      : await workerExchange(producerCode, consumerCode);
  return {
    transport,
    workload: name,
    records: got.records,
    recordsPerSecond: Math.round(got.records / (got.elapsed / 1000)),
    buffersPerSecond: Math.round(got.buffers / (got.elapsed / 1000)),
    bytesPerRecord: Number(got.bytesPerRecord.toFixed(1)),
    sentTotal: sent.sent,
    // TCP only: frames per socket write (producer: data + events; consumer: credits).
    ...(sent.stats
      ? { framesPerWrite: { producer: perWrite(sent.stats), consumer: perWrite(got.stats) } }
      : {}),
  };
}

async function codec(name) {
  const mod = await import(
    `data:text/javascript;base64,${Buffer.from(
      (
        await build({
          stdin: {
            contents: `export { RecordEncoder, RecordDecoder } from "./index.js"; export { StreamRecord } from "../../operators/contract.js";`,
            resolveDir: networkDir,
            sourcefile: "codec-entry.ts",
            loader: "ts",
          },
          bundle: true,
          platform: "node",
          format: "esm",
          write: false,
          logLevel: "silent",
        })
      ).outputFiles[0].text,
    ).toString("base64")}`
  );
  const make = new Function(`return ${WORKLOADS[name]}`)();
  const values = Array.from({ length: 1000 }, (_, i) => make(i));
  const budget = Math.min(400, seconds * 250);
  const results = [];

  // Weir codec: per-record writes into the channel's scratch buffer, one copy per 32 KiB buffer.
  {
    const encoder = new mod.RecordEncoder(64 * 1024);
    const record = new mod.StreamRecord(undefined);
    const buffers = [];
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < budget) {
      for (let k = 0; k < 1000; k++, n++) {
        record.value = values[k];
        record.timestamp = n;
        encoder.write(record);
        if (encoder.size >= 32 * 1024) buffers.push(encoder.take());
      }
    }
    const encodeMs = performance.now() - t0;
    const decoder = new mod.RecordDecoder();
    const out = [];
    let m = 0;
    const t1 = performance.now();
    for (const b of buffers) m += decoder.decode(b, out);
    const decodeMs = performance.now() - t1;
    results.push({
      codec: "weir",
      workload: name,
      encodePerSecond: Math.round(n / (encodeMs / 1000)),
      decodePerSecond: Math.round(m / (decodeMs / 1000)),
    });
  }
  // msgpackr, sequential record structures: timestamp and value packed per record, copied into
  // the buffer; decoded with unpackMultiple (values alternate timestamp, value).
  {
    const packr = new Packr({ useRecords: true, sequential: true });
    const scratch = new Uint8Array(64 * 1024);
    const buffers = [];
    let pos = 0;
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < budget) {
      for (let k = 0; k < 1000; k++, n++) {
        const ts = packr.pack(n);
        scratch.set(ts, pos);
        pos += ts.length;
        const bytes = packr.pack(values[k]);
        scratch.set(bytes, pos);
        pos += bytes.length;
        if (pos >= 32 * 1024) {
          buffers.push(scratch.slice(0, pos));
          pos = 0;
        }
      }
    }
    const encodeMs = performance.now() - t0;
    const unpackr = new Unpackr({ useRecords: true, sequential: true });
    let m = 0;
    const t1 = performance.now();
    for (const b of buffers) unpackr.unpackMultiple(b, () => void m++);
    const decodeMs = performance.now() - t1;
    results.push({
      codec: "msgpackr",
      workload: name,
      encodePerSecond: Math.round(n / (encodeMs / 1000)),
      decodePerSecond: Math.round(m / 2 / (decodeMs / 1000)),
    });
  }
  return results;
}

const fmt = (n) => n.toLocaleString("en-US");
const report = {
  bench: "exchange",
  node: process.version,
  seconds,
  transports: {
    worker: "MessagePort between two worker threads of one process",
    tcp: "one channel of a TcpConnection between two processes over loopback TCP",
  },
  exchange: [],
  codec: [],
};

if (withCodec) {
  for (const name of Object.keys(WORKLOADS)) report.codec.push(...(await codec(name)));
  console.log("codec (main thread, per-record encode into 32 KiB buffers, then decode)");
  console.log("  codec     workload  encode rec/s   decode rec/s");
  for (const r of report.codec) {
    console.log(
      `  ${r.codec.padEnd(9)} ${r.workload.padEnd(9)} ${fmt(r.encodePerSecond).padStart(12)}   ${fmt(r.decodePerSecond).padStart(12)}`,
    );
  }
}
for (const transport of transports) {
  for (const name of Object.keys(WORKLOADS)) report.exchange.push(await exchange(transport, name));
}
console.log("exchange (one channel, default settings: 32 KiB buffers, 2 credits)");
console.log("  worker: producer worker thread → consumer worker thread (MessagePort)");
console.log("  tcp:    producer process → consumer process (loopback TCP, one connection)");
console.log("  transport  workload  records/s      buffers/s  bytes/record  frames/write (prod/cons)");
for (const r of report.exchange) {
  const fpw = r.framesPerWrite ? `${r.framesPerWrite.producer} / ${r.framesPerWrite.consumer}` : "-";
  console.log(
    `  ${r.transport.padEnd(10)} ${r.workload.padEnd(9)} ${fmt(r.recordsPerSecond).padStart(12)}  ${fmt(r.buffersPerSecond).padStart(9)}  ${String(r.bytesPerRecord).padStart(12)}  ${fpw.padStart(24)}`,
  );
}
console.log(JSON.stringify(report));
