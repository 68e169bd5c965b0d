#!/usr/bin/env node
/**
 * Exchange micro-benchmark: records/s through ONE channel (RecordWriter → MessagePort → InputGate,
 * credit-based flow control, default network settings) between two worker threads, for small
 * records (`["word", 1]`) and Bid-sized objects; plus the codec alone (Weir's codec vs msgpackr
 * with record structures) on the main thread.
 *
 * Usage: node bench/exchange.mjs [--seconds 1.5] [--no-codec]
 * Bundles the network code from the TypeScript sources with esbuild (no build needed).
 * Prints a table and, last, one JSON line. Cross-process (TCP) transport does not exist yet, so
 * only the in-process, cross-thread exchange is measured.
 */
import { fileURLToPath } from "node:url";
import { MessageChannel, Worker } from "node:worker_threads";
import { build } from "esbuild";
import { Packr, Unpackr } from "msgpackr";

const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf("--seconds") + 1]) || 1.5;
const withCodec = !args.includes("--no-codec");
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

/** Producer: warm up, send a marker watermark, then emit for `seconds` and finish. */
const producerSource = (make) => `
  import { parentPort, workerData } from "node:worker_threads";
  import { StreamRecord } from "../../operators/contract.js";
  import { createRecordWriter, DEFAULT_NETWORK_SETTINGS } from "./index.js";
  const make = ${make};
  const values = Array.from({ length: 1000 }, (_, i) => make(i));
  const writer = createRecordWriter({
    ports: [workerData.port], partitioner: "forward", producerSubtask: 0, producerParallelism: 1,
    consumerMaxParallelism: 128, settings: DEFAULT_NETWORK_SETTINGS,
  });
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
    await phase(300);
    writer.broadcastEvent({ kind: "watermark", timestamp: 0 });
    const sent = await phase(workerData.seconds * 1000);
    await writer.finish();
    parentPort.postMessage({ sent });
  })();
`;

/** Consumer: polls; times from the marker watermark to endOfPartition. */
const consumerSource = `
  import { parentPort, workerData } from "node:worker_threads";
  import { createInputGate, DEFAULT_NETWORK_SETTINGS } from "./index.js";
  const gate = createInputGate({ edges: [{ ports: [workerData.port] }], settings: DEFAULT_NETWORK_SETTINGS });
  (async () => {
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
    parentPort.postMessage({ records, buffers, elapsed, bytesPerRecord: m.bytes / m.records, checksum });
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

async function exchange(name) {
  const [producerCode, consumerCode] = await Promise.all([
    bundle(producerSource(WORKLOADS[name])),
    bundle(consumerSource),
  ]);
  const { port1, port2 } = new MessageChannel();
  const [sent, got] = await Promise.all([
    run(producerCode, port1, { seconds }),
    run(consumerCode, port2, {}),
  ]);
  return {
    workload: name,
    records: got.records,
    recordsPerSecond: Math.round(got.records / (got.elapsed / 1000)),
    buffersPerSecond: Math.round(got.buffers / (got.elapsed / 1000)),
    bytesPerRecord: Number(got.bytesPerRecord.toFixed(1)),
    sentTotal: sent.sent,
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
  transport: "MessagePort between worker threads",
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
for (const name of Object.keys(WORKLOADS)) report.exchange.push(await exchange(name));
console.log(
  "exchange (one channel, producer worker → consumer worker, default settings: 32 KiB buffers, 2 credits)",
);
console.log("  workload  records/s      buffers/s  bytes/record");
for (const r of report.exchange) {
  console.log(
    `  ${r.workload.padEnd(9)} ${fmt(r.recordsPerSecond).padStart(12)}  ${fmt(r.buffersPerSecond).padStart(9)}  ${String(r.bytesPerRecord).padStart(12)}`,
  );
}
console.log(
  "note: cross-process (TCP) transport does not exist yet; only the cross-thread exchange is measured.",
);
console.log(JSON.stringify(report));
