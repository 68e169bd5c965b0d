import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { StreamRecord } from "../../operators/contract.js";
import { BlockingResultStore, parseTmpDirs } from "./blocking-result-store.js";
import { createInputGate, createRecordWriter } from "./index.js";
import type { InputGate } from "./types.js";

const settings = { bufferSize: 256, creditsPerChannel: 2, maxBufferedPerChannel: 2 };

async function readAll(gate: InputGate): Promise<{ values: unknown[]; events: string[] }> {
  const values: unknown[] = [];
  const events: string[] = [];
  for (let i = 0; i < 100_000 && !gate.isFinished(); i++) {
    const item = gate.poll();
    if (item === undefined) {
      await gate.availability();
      continue;
    }
    if (item.kind === "records") for (const r of item.records) values.push(r.value);
    else events.push(item.event.kind === "watermark" ? `wm:${item.event.timestamp}` : item.event.kind);
  }
  return { values, events };
}

async function writeAll(store: BlockingResultStore, key: string, values: unknown[]): Promise<void> {
  const writer = createRecordWriter({
    ports: [store.producerPort(key)],
    partitioner: "forward",
    producerSubtask: 0,
    producerParallelism: 1,
    consumerMaxParallelism: 128,
    settings,
  });
  const record = new StreamRecord<unknown>(undefined);
  for (const v of values) {
    record.value = v;
    writer.emit(record);
    if (!writer.isAvailable()) await writer.availability();
  }
  writer.broadcastEvent({ kind: "watermark", timestamp: Number.POSITIVE_INFINITY });
  await writer.finish();
}

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("BlockingResultStore", () => {
  it("keeps results in memory within budget and replays them to any number of readers", async () => {
    const tmp = tempDir("weir-bs-");
    const store = new BlockingResultStore({ budgetBytes: 1 << 20, tmpDirs: [tmp] });
    const values = Array.from({ length: 300 }, (_, i) => ({ i, s: `v${i}` }));
    await writeAll(store, "e/0/0", values);
    for (let round = 0; round < 2; round++) {
      const gate = createInputGate({ edges: [{ ports: [store.consumerPort("e/0/0")] }], settings });
      const got = await readAll(gate);
      expect(got.values).toEqual(values);
      expect(got.events).toEqual(["wm:Infinity", "endOfPartition"]);
      gate.close();
    }
    expect(store.stats().spillFilesCreated).toBe(0);
    store.close();
  });

  it("spills beyond a tiny budget, replays from the spill file, and deletes it on close", async () => {
    const tmp = tempDir("weir-bs-");
    const store = new BlockingResultStore({ budgetBytes: 1024, tmpDirs: [tmp] });
    const a = Array.from({ length: 2000 }, (_, i) => [`k${i % 13}`, i]);
    const b = Array.from({ length: 500 }, (_, i) => `b${i}`);
    // A consumer may connect before its producer finished: it waits for the frames still due.
    const early = createInputGate({ edges: [{ ports: [store.consumerPort("b")] }], settings });
    const earlyRead = readAll(early);
    await Promise.all([writeAll(store, "a", a), writeAll(store, "b", b)]);
    expect(store.stats().spillFilesCreated).toBeGreaterThan(0);
    expect(store.stats().memoryBytes).toBeLessThanOrEqual(1024 + 2 * 512);
    expect(readdirSync(store.spillDirectories[0]!).length).toBe(store.stats().spillFilesCreated);
    expect((await earlyRead).values).toEqual(b);
    const gate = createInputGate({ edges: [{ ports: [store.consumerPort("a")] }], settings });
    expect((await readAll(gate)).values).toEqual(a);
    store.close();
    expect(existsSync(store.spillDirectories[0]!)).toBe(false);
  });

  it("reset drops what an earlier attempt wrote", async () => {
    const tmp = tempDir("weir-bs-");
    const store = new BlockingResultStore({ budgetBytes: 1 << 20, tmpDirs: [tmp] });
    await writeAll(store, "x", [1, 2, 3]);
    await writeAll(store, "x", [4]);
    const gate = createInputGate({ edges: [{ ports: [store.consumerPort("x")] }], settings });
    expect((await readAll(gate)).values).toEqual([4]);
    store.close();
  });

  it("parses io.tmp.dirs lists", () => {
    expect(parseTmpDirs("/a, /b")).toEqual(["/a", "/b"]);
    expect(parseTmpDirs(`/a${path.delimiter}/b`)).toEqual(["/a", "/b"]);
  });
});
