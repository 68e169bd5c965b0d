import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/clock.js";
import type { SinkWriterContext } from "../../core/sink.js";
import { formatDateTimeBucket } from "./bucket-assigner.js";
import { FileSink } from "./file-sink.js";

let dir: string;
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "weir-filesink-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
const freshDir = () => join(dir, `out-${n++}`);

const writeCtx = { timestamp: undefined, currentWatermark: Number.NEGATIVE_INFINITY };
const writerCtx = (subtaskIndex: number, extra: object = {}): SinkWriterContext => ({
  subtaskIndex,
  parallelism: 2,
  attemptNumber: 0,
  jobId: "00000000000000000000000000000000",
  config: {},
  ...extra,
});

const PART = /^part-[0-9a-f-]{36}-(\d+)-(\d+)$/;
const IN_PROGRESS = /^\.part-[0-9a-f-]{36}-(\d+)-(\d+)\.inprogress\.[0-9a-f-]{36}$/;

async function readParts(path: string): Promise<{ visible: string[]; hidden: string[] }> {
  const names = await readdir(path);
  return {
    visible: names.filter((f) => !f.startsWith(".")).sort(),
    hidden: names.filter((f) => f.startsWith(".")),
  };
}

describe("FileSink.forRowFormat", () => {
  it("keeps part files hidden while in progress and finalizes them with every line at end of input", async () => {
    const base = freshDir();
    const sink = FileSink.forRowFormat<[string, number]>(base).withBucketAssigner("basePath").build();
    const writers = [sink.createWriter(writerCtx(0)), sink.createWriter(writerCtx(1))];
    const expected: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      writers[i % 2]!.write([`w${i}`, i], writeCtx);
      expected.push(`(w${i},${i})`);
    }
    for (const w of writers) await w.flush(false);
    const before = await readParts(base);
    expect(before.visible).toEqual([]);
    expect(before.hidden.length).toBe(2);
    for (const h of before.hidden) expect(h).toMatch(IN_PROGRESS);

    for (const w of writers) await w.flush(true);
    for (const w of writers) await w.close();
    const after = await readParts(base);
    expect(after.hidden).toEqual([]);
    expect(after.visible.length).toBe(2);
    const subtasks = after.visible.map((f) => PART.exec(f)?.[1]).sort();
    expect(subtasks).toEqual(["0", "1"]);
    const lines: string[] = [];
    for (const f of after.visible) {
      const text = await readFile(join(base, f), "utf8");
      expect(text.endsWith("\n")).toBe(true);
      lines.push(...text.slice(0, -1).split("\n"));
    }
    expect(lines.sort()).toEqual(expected.sort());
  });

  it("rolls parts by size, with the prefix, suffix and encoder given", async () => {
    const base = freshDir();
    const sink = FileSink.forRowFormat<number>(base, (v) => `n=${String(v).padStart(4, "0")}`)
      .withBucketAssigner("basePath")
      .withRollingPolicy({ maxPartSizeBytes: 100 })
      .withOutputFileConfig({ partPrefix: "data", partSuffix: ".txt" })
      .build();
    const writer = sink.createWriter(writerCtx(0));
    for (let i = 0; i < 95; i++) writer.write(i, writeCtx); // 7 bytes per line
    await writer.flush(false);
    // Rolled parts are visible at once; the current part is still in progress.
    const mid = await readParts(base);
    expect(mid.visible.length).toBe(6);
    expect(mid.hidden.length).toBe(1);
    await writer.flush(true);
    await writer.close();
    const { visible, hidden } = await readParts(base);
    expect(hidden).toEqual([]);
    const byCounter = visible
      .map((f) => ({ f, m: /^data-[0-9a-f-]{36}-0-(\d+)\.txt$/.exec(f) }))
      .sort((a, b) => Number(a.m![1]) - Number(b.m![1]));
    expect(byCounter.every((x) => x.m !== null)).toBe(true);
    const contents = await Promise.all(byCounter.map((x) => readFile(join(base, x.f), "utf8")));
    // Flink's rule: a part rolls once it is larger than the limit (15 lines = 105 bytes).
    expect(contents.slice(0, -1).every((c) => c.length === 105)).toBe(true);
    expect(contents.join("")).toBe(
      Array.from({ length: 95 }, (_, i) => `n=${String(i).padStart(4, "0")}\n`).join(""),
    );
  });

  it("counts the part size in UTF-8 bytes, not characters", async () => {
    const base = freshDir();
    const sink = FileSink.forRowFormat<number>(base, (v) => `é${v}€`) // 2 + 1 + 3 bytes, 3 chars
      .withBucketAssigner("basePath")
      .withRollingPolicy({ maxPartSizeBytes: 20 })
      .build();
    const writer = sink.createWriter(writerCtx(0));
    for (let i = 0; i < 10; i++) writer.write(i, writeCtx); // 7 bytes per line
    await writer.flush(true);
    await writer.close();
    const { visible } = await readParts(base);
    const sizes = (await Promise.all(visible.map((f) => readFile(join(base, f))))).map((b) => b.length);
    // 3 lines (21 bytes) pass the 20-byte limit; the last part holds the 10th line.
    expect(sizes.sort((a, b) => a - b)).toEqual([7, 21, 21, 21]);
  });

  it("buckets by the hour of the clock (yyyy-MM-dd--HH) and finalizes a bucket when time moves on", async () => {
    const base = freshDir();
    const start = new Date(2024, 2, 9, 22, 59, 0).getTime(); // local time
    const clock = new ManualClock(start);
    const sink = FileSink.forRowFormat<string>(base).withClock(clock).build();
    const writer = sink.createWriter(writerCtx(0));
    writer.write("first", writeCtx);
    clock.advance(2 * 60 * 1000);
    writer.write("second", writeCtx);
    await writer.flush(false);
    const b1 = formatDateTimeBucket(start);
    const b2 = formatDateTimeBucket(clock.now());
    expect(b1).toBe("2024-03-09--22");
    expect(b2).toBe("2024-03-09--23");
    expect((await readParts(join(base, b1))).visible.length).toBe(1);
    expect((await readParts(join(base, b2))).hidden.length).toBe(1);
    await writer.flush(true);
    await writer.close();
    const [p1] = (await readParts(join(base, b1))).visible;
    const [p2] = (await readParts(join(base, b2))).visible;
    expect(await readFile(join(base, b1, p1!), "utf8")).toBe("first\n");
    expect(await readFile(join(base, b2, p2!), "utf8")).toBe("second\n");
  });

  it("prefers the clock of the writer context when the runtime gives one", async () => {
    const base = freshDir();
    const t = new Date(2030, 11, 31, 5, 30).getTime();
    const sink = FileSink.forRowFormat<string>(base).build();
    const writer = sink.createWriter(writerCtx(0, { clock: new ManualClock(t) }));
    writer.write("x", writeCtx);
    await writer.flush(true);
    await writer.close();
    expect(await readdir(base)).toEqual(["2030-12-31--05"]);
  });

  it("leaves only hidden in-progress files when closed without end of input", async () => {
    const base = freshDir();
    const writer = FileSink.forRowFormat<string>(base)
      .withBucketAssigner("basePath")
      .build()
      .createWriter(writerCtx(0));
    for (let i = 0; i < 1000; i++) writer.write(`line ${i}`, writeCtx);
    await writer.close();
    const { visible, hidden } = await readParts(base);
    expect(visible).toEqual([]);
    expect(hidden.length).toBe(1);
    expect((await readFile(join(base, hidden[0]!), "utf8")).split("\n").length).toBe(1001);
  });

  it("backpressures when much data is queued and releases once written", async () => {
    const base = freshDir();
    const writer = FileSink.forRowFormat<string>(base)
      .withBucketAssigner("basePath")
      .build()
      .createWriter(writerCtx(0));
    const line = "y".repeat(1023);
    let waited = 0;
    for (let i = 0; i < 20_000; i++) {
      writer.write(line, writeCtx);
      const wait = writer.backpressure();
      if (wait !== undefined) {
        waited++;
        await wait;
      }
    }
    expect(waited).toBeGreaterThan(0);
    await writer.flush(true);
    await writer.close();
    const [part] = (await readParts(base)).visible;
    const text = await readFile(join(base, part!), "utf8");
    expect(text.length).toBe(20_000 * 1024);
  });

  it("fails the next call when the base path cannot be created", async () => {
    const base = join(dir, "not-a-dir");
    await writeFile(base, "file in the way");
    const writer = FileSink.forRowFormat<string>(base)
      .withBucketAssigner("basePath")
      .build()
      .createWriter(writerCtx(0));
    writer.write("x", writeCtx);
    await expect(writer.flush(true)).rejects.toThrow(/file sink: cannot write/);
    expect(() => writer.write("y", writeCtx)).toThrow(/file sink/);
    await writer.close();
  });
});
