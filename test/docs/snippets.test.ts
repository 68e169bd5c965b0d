/**
 * Every job snippet of the user guides (docs/snippets/*.ts) runs through the real `weir` CLI and
 * prints what the guide says it prints. The table below is the single list of snippets: a snippet
 * without an entry (or an entry without a file) fails the suite, so new snippets get checked.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lines, REPO_ROOT, runWeir, splitPrefix } from "../helpers/cli.js";

const SNIPPETS_DIR = path.join(REPO_ROOT, "docs/snippets");

interface Prepared {
  readonly jobArgs: string[];
  readonly cleanup?: () => void;
}

interface SnippetCase {
  /** Flags for `weir run` before the job file (`-p 2`, `-D k=v`). */
  readonly flags?: string[];
  /** The job's arguments, or a set-up that provides them (servers, temporary directories). */
  readonly jobArgs?: string[];
  readonly prepare?: () => Promise<Prepared>;
  /** Expected stdout lines. */
  readonly stdout: string[];
  /**
   * How to compare: `all` in this order; `per-prefix` in this order among lines with the same
   * `label> ` prefix (one sink each); `none` as a multiset.
   */
  readonly order: "all" | "per-prefix" | "none";
  /** Drop Flink's `N> ` subtask prefix before comparing (parallel sinks). */
  readonly stripSubtask?: boolean;
  /** Run a copy of the job file from a temporary directory outside the repository. */
  readonly outside?: boolean;
  /** Substrings stderr must contain. */
  readonly stderr?: string[];
  /** A known bug makes this snippet fail today; the test expects the failure until it is fixed. */
  readonly knownIssue?: string;
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "weir-docs-"));
  tempDirs.push(dir);
  return dir;
}

/** A one-shot TCP server on loopback that sends `text` to the first client, then closes. */
async function textServer(text: string): Promise<Prepared> {
  const server = net.createServer((socket) => {
    socket.end(text);
    server.close();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return { jobArgs: ["127.0.0.1", String(port)], cleanup: () => server.close() };
}

const SNIPPETS: Readonly<Record<string, SnippetCase>> = {
  "word-count": {
    stdout: ["(to,1)", "(be,1)", "(or,1)", "(not,1)", "(to,2)", "(be,2)"],
    order: "all",
  },
  anywhere: {
    outside: true,
    stdout: ["10", "20", "30"],
    order: "all",
  },
  "job-arguments": {
    jobArgs: ["--greeting", "Hello", "--times", "2"],
    stdout: ["Hello, Ada!!", "Hello, Grace!!"],
    order: "all",
  },
  transformations: {
    stdout: ["4:4", "16:1", "16:6", "36:3", "36:6"],
    order: "all",
  },
  "keyed-streams": {
    stdout: [
      'lambda> {"sensor":"s1","room":"kitchen","temp":21}',
      'lambda> {"sensor":"s2","room":"hall","temp":17}',
      'lambda> {"sensor":"s1","room":"kitchen","temp":25}',
      'lambda> {"sensor":"s3","room":"hall","temp":19}',
      'selector> {"sensor":"s1","room":"kitchen","temp":21}',
      'selector> {"sensor":"s2","room":"hall","temp":17}',
      'selector> {"sensor":"s1","room":"kitchen","temp":46}',
      'selector> {"sensor":"s2","room":"hall","temp":36}',
      'field> {"sensor":"s1","room":"kitchen","temp":21}',
      'field> {"sensor":"s2","room":"hall","temp":17}',
      'field> {"sensor":"s1","room":"kitchen","temp":25}',
      'field> {"sensor":"s3","room":"hall","temp":19}',
      "position> (kitchen,1)",
      "position> (hall,1)",
      "position> (kitchen,2)",
      "position> (hall,2)",
    ],
    order: "per-prefix",
  },
  "rolling-aggregations": {
    stdout: [
      "min> (lamp,ann,30)",
      "min> (lamp,ann,20)",
      "min> (lamp,ann,20)",
      "minBy> (lamp,ann,30)",
      "minBy> (lamp,bob,20)",
      "minBy> (lamp,bob,20)",
      "reduce> (lamp,ann,30)",
      "reduce> (lamp,ann+bob,50)",
      "reduce> (lamp,ann+bob+cid,95)",
    ],
    order: "per-prefix",
  },
  "event-time-timers": {
    stdout: [
      "ann [0, 9]: 2 clicks",
      "ann [10, 19]: 2 clicks",
      "bob [0, 9]: 1 clicks",
      "bob [10, 19]: 1 clicks",
    ],
    order: "none",
    stripSubtask: true,
  },
  "broadcast-state": {
    stdout: ["boiler: 95 > 90"],
    order: "all",
  },
  "process-functions": {
    stdout: ["main> ann ordered 12", "main> ann ordered 7", "side> rejected bob: -3"],
    order: "per-prefix",
  },
  "union-connect": {
    stdout: ["union 1", "union 2", "union 10", "union 20", "number 5", "flag true"],
    order: "none",
  },
  partitioning: {
    stdout: [
      "1> broadcast 1 @ subtask 1",
      "1> broadcast 2 @ subtask 1",
      "1> broadcast 3 @ subtask 1",
      "1> broadcast 4 @ subtask 1",
      "2> broadcast 1 @ subtask 2",
      "2> broadcast 2 @ subtask 2",
      "2> broadcast 3 @ subtask 2",
      "2> broadcast 4 @ subtask 2",
      "1> global 1 @ subtask 1",
      "1> global 2 @ subtask 1",
      "1> global 3 @ subtask 1",
      "1> global 4 @ subtask 1",
      "1> custom 2 @ subtask 1",
      "1> custom 4 @ subtask 1",
      "2> custom 1 @ subtask 2",
      "2> custom 3 @ subtask 2",
    ],
    order: "none",
  },
  "operator-settings": {
    stdout: ["6", "12", "18", "24", "30", "36"],
    order: "none",
  },
  "rich-functions": {
    flags: ["-p", "2"],
    jobArgs: ["--factor", "10"],
    stdout: ["1 x 10 = 10", "2 x 10 = 20", "3 x 10 = 30", "4 x 10 = 40"],
    order: "none",
    stripSubtask: true,
    stderr: ["subtask 1/2 mapped", "subtask 2/2 mapped"],
  },
  collect: {
    stdout: ["squares: 1 4 9 16 25"],
    order: "all",
  },
  "collect-limit": {
    stdout: ["tick 0, tick 1, tick 2"],
    order: "all",
  },
  "execute-async": {
    stdout: ["a", "b"],
    order: "all",
    stderr: ["async job FINISHED"],
  },
  sources: {
    stdout: [
      "elements> a",
      "elements> b",
      "collection> 1",
      "collection> 2",
      "sequence> 1",
      "sequence> 2",
      "sequence> 3",
      'datagen> {"id":0,"even":true}',
      'datagen> {"id":1,"even":false}',
      'datagen> {"id":2,"even":true}',
    ],
    order: "per-prefix",
  },
  "file-source": {
    jobArgs: ["docs/snippets/data"],
    stdout: [
      "length> 19",
      "length> 10",
      "length> 12",
      "line> the quick brown fox",
      "line> jumps over",
      "line> the lazy dog",
    ],
    order: "per-prefix",
  },
  "file-sink": {
    flags: ["-p", "2"],
    prepare: async () => ({ jobArgs: [path.join(tempDir(), "out")] }),
    stdout: ["3 lines: a=1 b=2 c=3"],
    order: "all",
  },
  "socket-source": {
    prepare: () => textServer("To be, or\nnot to be\n"),
    stdout: ["(to,1)", "(be,1)", "(or,1)", "(not,1)", "(to,2)", "(be,2)"],
    order: "all",
  },
  "legacy-source": {
    flags: ["-p", "2"],
    stdout: [
      "subtask 0 says 0",
      "subtask 0 says 1",
      "subtask 0 says 2",
      "subtask 1 says 0",
      "subtask 1 says 1",
      "subtask 1 says 2",
    ],
    order: "none",
    stripSubtask: true,
  },
  "custom-sink": {
    flags: ["-p", "2"],
    stdout: ["big value: 10", "writer 0 got 10 values"],
    order: "none",
  },
  "custom-source": {
    flags: ["-p", "2"],
    stdout: ["w@0", "e@1", "i@2", "r@3"],
    order: "none",
    stripSubtask: true,
  },
};

function prefixOf(line: string): string {
  const m = /^([^\s>]+)> /.exec(line);
  return m ? m[1]! : "";
}

function compare(actual: string[], c: SnippetCase): void {
  const got = c.stripSubtask ? actual.map((l) => splitPrefix(l).text) : actual;
  expect([...got].sort()).toEqual([...c.stdout].sort());
  if (c.order === "all") expect(got).toEqual(c.stdout);
  if (c.order === "per-prefix") {
    for (const prefix of new Set(c.stdout.map(prefixOf))) {
      expect(got.filter((l) => prefixOf(l) === prefix)).toEqual(
        c.stdout.filter((l) => prefixOf(l) === prefix),
      );
    }
  }
}

async function runSnippet(name: string, c: SnippetCase) {
  const prepared = c.prepare ? await c.prepare() : { jobArgs: c.jobArgs ?? [] };
  let job = `docs/snippets/${name}.ts`;
  let cwd = REPO_ROOT;
  if (c.outside) {
    cwd = tempDir();
    job = "job.ts";
    copyFileSync(path.join(SNIPPETS_DIR, `${name}.ts`), path.join(cwd, job));
  }
  try {
    // The expected outputs are written for parallelism 1 unless a case sets its own -p.
    const flags = c.flags ?? [];
    const parallelism = flags.includes("-p") ? [] : ["-p", "1"];
    return await runWeir(["run", ...parallelism, ...flags, job, ...prepared.jobArgs], {
      cwd,
      timeoutMs: 60_000,
    });
  } finally {
    prepared.cleanup?.();
  }
}

describe("docs/snippets", () => {
  it("has exactly one table entry per snippet file", () => {
    const files = readdirSync(SNIPPETS_DIR)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    expect(Object.keys(SNIPPETS).sort()).toEqual(files);
  });

  describe.concurrent("run with weir run", () => {
    for (const [name, c] of Object.entries(SNIPPETS)) {
      if (c.knownIssue !== undefined) {
        it(`${name} (known issue: ${c.knownIssue})`, async () => {
          const r = await runSnippet(name, c);
          expect(r.timedOut).toBe(false);
          compare(lines(r.stdout), c);
          // When this starts failing, the issue is fixed: drop `knownIssue` from the entry.
          expect(r.code).not.toBe(0);
        });
        continue;
      }
      it(name, async () => {
        const r = await runSnippet(name, c);
        expect(r.timedOut).toBe(false);
        expect(r.stderr).not.toMatch(/^(Error|Job failed|Internal error)/m);
        expect(r.code).toBe(0);
        compare(lines(r.stdout), c);
        for (const s of c.stderr ?? []) expect(r.stderr).toContain(s);
      });
    }
  });

  it("file-sink leaves only finished part files named <prefix>-<uuid>-<subtask>-<counter><suffix>", async () => {
    const out = path.join(tempDir(), "out");
    const r = await runWeir(["run", "-p", "2", "docs/snippets/file-sink.ts", out]);
    expect(r.code).toBe(0);
    const files = readdirSync(out).sort();
    expect(files.length).toBeGreaterThanOrEqual(1);
    for (const f of files) expect(f).toMatch(/^counts-[0-9a-f-]{36}-[01]-0\.txt$/);
  });

  it("operator-settings has the chains the DataStream guide describes (weir info)", async () => {
    const r = await runWeir(["info", "docs/snippets/operator-settings.ts"]);
    expect(r.code).toBe(0);
    const graph = JSON.parse(r.stdout) as {
      vertices: { name: string; parallelism: number; slotSharingGroup: string }[];
      edges: { partitioner: string }[];
    };
    expect(graph.vertices.map((v) => [v.name, v.parallelism, v.slotSharingGroup])).toEqual([
      ["Source: numbers -> double", 2, "default"],
      ["multiples of 3", 2, "default"],
      ["format", 1, "output"],
      ["Sink: stdout", 1, "output"],
    ]);
    expect(graph.edges.map((e) => e.partitioner)).toEqual(["forward", "rebalance", "forward"]);
  });
});
