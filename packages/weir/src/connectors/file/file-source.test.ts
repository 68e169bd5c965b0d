import { appendFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../core/clock.js";
import { JobDefinitionError } from "../../core/errors.js";
import { SourceTestDriver } from "../testing.js";
import { FileSource } from "./file-source.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "weir-filesource-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sorted = (xs: readonly string[]) => [...xs].sort();

/** Deterministic pseudo-random generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("FileSource.forTextLines", () => {
  it("reads every file of a directory recursively, skipping hidden and _ files", async () => {
    const root = join(dir, "tree");
    await mkdir(join(root, "sub", "deeper"), { recursive: true });
    await mkdir(join(root, ".hiddendir"), { recursive: true });
    await writeFile(join(root, "a.txt"), "a1\na2\n");
    await writeFile(join(root, "b.txt"), "b1\nb2\nb3");
    await writeFile(join(root, "sub", "c.txt"), "c1\n");
    await writeFile(join(root, "sub", "deeper", "d.txt"), "d1\n\nd3\n");
    await writeFile(join(root, ".hidden"), "nope\n");
    await writeFile(join(root, "_SUCCESS"), "nope\n");
    await writeFile(join(root, ".hiddendir", "e.txt"), "nope\n");
    await writeFile(join(root, "sub", ".f.inprogress"), "nope\n");

    const source = FileSource.forTextLines(root).build();
    expect(source.getBoundedness()).toBe("BOUNDED");
    const driver = await SourceTestDriver.create(source, { parallelism: 2 });
    const out = await driver.runToEnd();
    expect(sorted(out)).toEqual(sorted(["a1", "a2", "b1", "b2", "b3", "c1", "d1", "", "d3"]));
    expect(driver.assigned.flat().length).toBe(4);
    await driver.close();
  });

  it("strips \\r of \\r\\n line ends, reads a last line without \\n, and decodes UTF-8", async () => {
    const file = join(dir, "crlf.txt");
    await writeFile(file, "first\r\nsecond\r\n\r\nthird — ünïcödé 🌊\r\nlast");
    const driver = await SourceTestDriver.create(FileSource.forTextLines(file).build(), { parallelism: 1 });
    expect(await driver.runToEnd()).toEqual(["first", "second", "", "third — ünïcödé 🌊", "last"]);
    await driver.close();
  });

  it("reads empty files and several explicit paths", async () => {
    const empty = join(dir, "empty.txt");
    const nl = join(dir, "only-newline.txt");
    await writeFile(empty, "");
    await writeFile(nl, "\n");
    const driver = await SourceTestDriver.create(FileSource.forTextLines(empty, nl).build(), {
      parallelism: 1,
    });
    expect(await driver.runToEnd()).toEqual([""]);
    await driver.close();
  });

  it("cuts a large file into splits and reads each line exactly once (lines crossing split ends)", async () => {
    const random = rng(42);
    const lines: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const r = random();
      // Mostly short lines, some empty, some longer than a chunk or a whole split.
      const len = r < 0.05 ? 0 : r < 0.98 ? Math.floor(random() * 80) : 3000 + Math.floor(random() * 20_000);
      let s = `${i}:`;
      while (s.length < len) s += i % 7 === 0 ? "é" : String.fromCharCode(97 + Math.floor(random() * 26));
      lines.push(s);
    }
    const file = join(dir, "big.txt");
    await writeFile(file, `${lines.join("\n")}\n`);

    const source = FileSource.forTextLines(file).withMaxSplitSize(8192).withReadChunkSize(1000).build();
    const driver = await SourceTestDriver.create(source, { parallelism: 3 });
    const out = await driver.runToEnd();
    expect(driver.assigned.flat().length).toBeGreaterThan(20);
    expect(out.length).toBe(lines.length);
    expect(sorted(out)).toEqual(sorted(lines));
    await driver.close();

    // At parallelism 1 the splits are read in order, so the file comes out in order.
    const one = await SourceTestDriver.create(source, { parallelism: 1 });
    expect(await one.runToEnd()).toEqual(lines);
    await one.close();
  });

  it("is exact for every split size and chunk size on a small file", async () => {
    const content = "ab\n\ncde\r\nf\nghij\n\n\nk";
    const expected = ["ab", "", "cde", "f", "ghij", "", "", "k"];
    const file = join(dir, "small.txt");
    await writeFile(file, content);
    for (const tail of ["", "\n"]) {
      await writeFile(file, content + tail);
      for (let split = 1; split <= content.length + 1; split++) {
        for (const chunk of [1, 2, 3, 5, 64]) {
          const source = FileSource.forTextLines(file)
            .withMaxSplitSize(split)
            .withReadChunkSize(chunk)
            .build();
          const driver = await SourceTestDriver.create(source, { parallelism: 1 });
          expect(
            await driver.runToEnd(),
            `split ${split} chunk ${chunk} tail ${JSON.stringify(tail)}`,
          ).toEqual(expected);
          await driver.close();
        }
      }
    }
  });

  it("resumes a split from its snapshot position without repeating lines", async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `line-${i}`);
    const file = join(dir, "resume.txt");
    await writeFile(file, `${lines.join("\n")}\n`);
    const source = FileSource.forTextLines(file).withReadChunkSize(512).build();
    const driver = await SourceTestDriver.create(source, { parallelism: 1 });
    await driver.runUntil(() => driver.all().length >= 1000);
    const firstPart = [...driver.all()];
    const splits = driver.readers[0]!.snapshotState(1);
    expect(splits[0]!.position).toBeGreaterThan(0);
    const enumState = driver.enumerator.snapshotState(1);
    await driver.close();

    const restored = await SourceTestDriver.restore(source, enumState as never, { parallelism: 1 });
    restored.readers[0]!.addSplits(splits);
    expect([...firstPart, ...(await restored.runToEnd())]).toEqual(lines);
    await restored.close();
  });

  it("reads a file whole when it grew between discovery and reading", async () => {
    const file = join(dir, "growing.txt");
    await writeFile(file, "g1\ng2");
    const driver = await SourceTestDriver.create(FileSource.forTextLines(file).build(), { parallelism: 1 });
    await appendFile(file, "-continued\ng3\n");
    expect(await driver.runToEnd()).toEqual(["g1", "g2-continued", "g3"]);
    await driver.close();
  });

  it("fails at start with a JobDefinitionError naming a missing path", async () => {
    const missing = join(dir, "does-not-exist");
    const error = await SourceTestDriver.create(FileSource.forTextLines(missing).build()).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(JobDefinitionError);
    expect((error as Error).message).toContain(missing);
  });

  it("monitors continuously: picks up new files, never re-reads a file", async () => {
    const watched = join(dir, "watched");
    await mkdir(watched);
    await writeFile(join(watched, "one.txt"), "1a\n1b\n");
    const clock = new ManualClock(0);
    const source = FileSource.forTextLines(watched).monitorContinuously(1000).build();
    expect(source.getBoundedness()).toBe("CONTINUOUS_UNBOUNDED");
    const driver = await SourceTestDriver.create(source, { parallelism: 2, clock });
    // Until every reader is done with its split (it read to the end of the file).
    await driver.runUntil(
      () => driver.all().length >= 2 && driver.readers.every((r) => r.snapshotState(0).length === 0),
    );
    expect(sorted(driver.all())).toEqual(["1a", "1b"]);

    await writeFile(join(watched, "two.txt"), "2a\n");
    await appendFile(join(watched, "one.txt"), "1c\n");
    await writeFile(join(watched, ".three.txt"), "hidden\n");
    clock.advance(1000);
    await driver.settleAsync();
    await driver.runUntil(() => driver.all().length >= 3);

    // Two more scans find nothing new; the readers wait for more files instead of ending.
    for (let i = 0; i < 2; i++) {
      clock.advance(1000);
      await driver.settleAsync();
      driver.runUntilIdle();
    }
    expect(sorted(driver.all())).toEqual(["1a", "1b", "2a"]);
    expect(driver.status.every((s) => s === "NOTHING_AVAILABLE")).toBe(true);
    await driver.close();
  });
});
