/**
 * The Nexmark benchmark groups, one per query: Weir (`weir run bench/nexmark/qN.ts` at p=1 and
 * p=2) against the hand-written single-threaded loop (baseline.ts, bundled with esbuild) over the
 * same deterministic events. Each run's counting sink reports (count, digest) per subtask; the
 * sums must equal the loop's, or the row fails. q0-q2 are stateless; q3-q17 use event time (the
 * generator's dateTime), keyed state, timers, windows and joins.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runChild } from "../lib/spawn.mjs";

const HERE = new URL(".", import.meta.url).pathname;

/** Queries not yet written (none: q3..q17 arrived with issue 4's windows, joins and state). */
export const PENDING_QUERIES = [];

const DESCRIPTIONS = {
  q0: "pass-through (bids)",
  q1: "currency conversion (price × 0.908)",
  q2: "filter (auction % 123 = 0)",
  q3: "person ⋈ auction (local item suggestion, keyed state)",
  q4: "average closing price per category (keyed state, timers)",
  q5: "hot items (sliding window 10 s / 2 s)",
  q7: "highest bid per 10 s tumbling window",
  q8: "new users (10 s window join)",
  q11: "user sessions (10 s gap session windows)",
  q17: "per-auction day statistics (day windows)",
};

/** The queries benchmarked, in order. */
export const QUERIES = Object.keys(DESCRIPTIONS);

/** Bundles baseline.ts into a plain .mjs the child can run (no build step needed). */
export async function bundleBaseline(buildDir) {
  mkdirSync(buildDir, { recursive: true });
  const outfile = join(buildDir, "nexmark-baseline.mjs");
  const esbuild = await import("esbuild");
  await esbuild.build({
    entryPoints: [join(HERE, "baseline.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile,
    logLevel: "warning",
  });
  return outfile;
}

function readReports(path) {
  if (!existsSync(path)) throw new Error("the counting sink wrote no report");
  const lines = readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.length > 0);
  let count = 0;
  let digest = 0;
  let opened = Number.POSITIVE_INFINITY;
  let finished = Number.NEGATIVE_INFINITY;
  for (const line of lines) {
    const report = JSON.parse(line);
    count += report.count;
    digest = (digest + report.digest) >>> 0;
    opened = Math.min(opened, report.openedAt);
    finished = Math.max(finished, report.finishedAt);
  }
  // In-job time: from the first sink writer's creation to the last end of input (start-up,
  // bundling, deployment and shutdown excluded, as the nexmark project's throughput excludes them).
  return { count, digest, subtasks: lines.length, inJobMs: finished - opened };
}

export function nexmarkGroups(options, paths) {
  let baselineModule;
  return QUERIES.map((query) => {
    let reference;
    const group = {
      name: `nexmark-${query}`,
      title: `Nexmark ${query}: ${DESCRIPTIONS[query]}, ${options.events.toLocaleString("en")} events`,
      unit: "events",
      amount: options.events,
      baseline: `nexmark/${query}/node-loop`,
      async prepare() {
        baselineModule ??= await bundleBaseline(paths.build);
      },
      contenders: [],
      ratios: [{ label: "vs Node loop", against: () => `nexmark/${query}/node-loop` }],
    };
    const generatorArgs = ["--events.num", String(options.events), "--seed", String(options.seed)];

    const measured = async (name, module, args, expectedSubtasks) => {
      const dir = mkdtempSync(join(tmpdir(), "weir-bench-nx-"));
      const report = join(dir, "report.jsonl");
      try {
        const run = await runChild(module, [...args, "--report", report], {
          timeoutMs: options.timeoutMs,
          cwd: paths.root,
        });
        if (!run.ok) return run;
        const result = readReports(report);
        if (result.subtasks !== expectedSubtasks) {
          return {
            ...run,
            ok: false,
            error: `expected ${expectedSubtasks} sink reports, got ${result.subtasks}`,
          };
        }
        if (reference === undefined) {
          if (name !== group.baseline) return { ...run, ok: false, error: "reference (node loop) missing" };
          reference = result;
        }
        if (result.count !== reference.count || result.digest !== reference.digest) {
          return {
            ...run,
            ok: false,
            error: `wrong output: ${result.count} records (digest ${result.digest}), expected ${reference.count} (digest ${reference.digest})`,
          };
        }
        return { ...run, inJobMs: result.inJobMs };
      } catch (error) {
        return { ok: false, error: error.message };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };

    group.contenders.push({
      name: `nexmark/${query}/node-loop`,
      label: "Node loop (1 thread)",
      cores: 1,
      role: "baseline",
      execute: () => measured(group.baseline, baselineModule, [query, ...generatorArgs], 1),
    });
    for (const p of [1, 2]) {
      const name = `nexmark/${query}/weir-p${p}`;
      group.contenders.push({
        name,
        label: `Weir p=${p}`,
        cores: p,
        role: "weir",
        needsWeir: true,
        execute: () =>
          measured(
            name,
            paths.weirBin,
            ["run", "-p", String(p), join(HERE, `${query}.ts`), ...generatorArgs],
            p,
          ),
      });
    }
    return group;
  });
}
