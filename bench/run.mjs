/**
 * `npm run bench`: Weir's benchmark suite. Runs each benchmark in its own child process, a
 * warm-up round and then several measured rounds; in each round the contenders of a group run one
 * after another, so the baselines (a hand-written Node loop, DuckDB) are measured in the same run
 * and under the same machine noise as Weir. Reports medians with min/max, records/s and records/s
 * per core (per core used: p for Weir, threads for DuckDB, 1 for the loops), peak RSS (including
 * worker threads), CPU time and ratios against the baselines; checks every run's output against
 * the reference loop's; writes bench/results/<date>.json and .md.
 *
 *   npm run bench -- [--quick] [--filter <regex>] [--size <MB>] [--events <N>] [--repeat <N>]
 *                    [--parallelism 1,2,4]
 *                    [--warmup <N>] [--timeout <s>] [--seed <N>] [--budget <min>] [--no-write]
 *
 * Defaults: 100 MB of text, 10 M Nexmark events, 1 warm-up + 3 measured runs, 240 s timeout per
 * run, 18 min budget (past it, remaining groups get one measured run). `--quick`: 10 MB, 1 M
 * events, no warm-up, 1 run, 60 s timeout, 3 min budget. Results of a default run go to
 * bench/results/<date>.{json,md}; `--quick` writes <date>-quick.*, a run with --filter, --size or
 * --events writes <date>-partial.*.
 *
 * Never part of `npm test`.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { extraGroups } from "./lib/extra-groups.mjs";
import { evaluateTargets, groupMarkdown, summarize, targetsMarkdown } from "./lib/report.mjs";
import { nexmarkGroups, PENDING_QUERIES } from "./nexmark/suite.mjs";
import { windowGroup } from "./window/suite.mjs";
import { wordcountGroup } from "./wordcount/suite.mjs";

const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const paths = {
  root,
  data: join(root, "bench/data"),
  build: join(root, "bench/data/.build"),
  results: join(root, "bench/results"),
  weirBin: join(root, "packages/weir/bin/weir.js"),
  weirMain: join(root, "packages/weir/dist/cli/main.js"),
};

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    filter: { type: "string" },
    parallelism: { type: "string" },
    size: { type: "string" },
    events: { type: "string" },
    repeat: { type: "string" },
    warmup: { type: "string" },
    timeout: { type: "string" },
    seed: { type: "string" },
    budget: { type: "string" },
    "no-write": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
  strict: true,
});
if (values.help) {
  const header = readFileSync(new URL(import.meta.url), "utf8").split("*/")[0];
  console.log(header.replace(/^\/\*\*?|^ \* ?/gm, ""));
  process.exit(0);
}

const quick = values.quick;
/** @typedef {typeof options} Options */
const options = {
  quick,
  sizeMB: Number(values.size ?? (quick ? 10 : 100)),
  events: Number(values.events ?? (quick ? 1_000_000 : 10_000_000)),
  repeat: Number(values.repeat ?? (quick ? 1 : 3)),
  warmup: Number(values.warmup ?? (quick ? 0 : 1)),
  timeoutMs: Number(values.timeout ?? (quick ? 60 : 240)) * 1000,
  seed: Number(values.seed ?? 42),
  budgetMs: Number(values.budget ?? (quick ? 3 : 18)) * 60_000,
  filter: values.filter === undefined ? undefined : new RegExp(values.filter),
  /** `--parallelism 1,2,4`: Weir WordCount parallelisms (default 1 and 2). */
  parallelism: values.parallelism === undefined ? undefined : values.parallelism.split(",").map(Number),
};
for (const key of ["sizeMB", "events", "repeat", "warmup", "timeoutMs", "seed", "budgetMs"]) {
  if (!Number.isFinite(options[key]) || options[key] < 0)
    throw new Error(`bad value for ${key}: ${options[key]}`);
}
if (options.repeat < 1) throw new Error("--repeat must be at least 1");

const log = (message) => process.stderr.write(`[bench] ${message}\n`);
const weirBuilt = existsSync(paths.weirMain);
if (!weirBuilt)
  log(
    "Weir is not built (packages/weir/dist/cli/main.js missing): run `npm run build`; Weir rows are skipped",
  );

const allGroups = [
  wordcountGroup(options, paths),
  ...nexmarkGroups(options, paths),
  windowGroup(options, paths),
  ...extraGroups(options, paths),
];

// Select contenders; a selected Weir row always brings the baselines it is compared with.
for (const group of allGroups) {
  const selected = new Set(group.contenders.filter((c) => !options.filter || options.filter.test(c.name)));
  if ([...selected].some((c) => c.role === "weir")) {
    for (const c of group.contenders) if (c.role === "baseline") selected.add(c);
  }
  if (selected.size > 0) {
    for (const c of group.contenders) if (c.name === group.baseline) selected.add(c);
  }
  group.contenders = group.contenders.filter((c) => selected.has(c));
  for (const c of group.contenders) {
    c.runs = [];
    c.status = "ok";
    if (c.needsWeir && !weirBuilt) {
      c.status = "skipped";
      c.error = "weir not built";
    }
  }
}
const groups = allGroups.filter((g) => g.contenders.length > 0);
if (groups.length === 0) {
  log(`no benchmark matches ${options.filter}`);
  process.exit(1);
}

const started = Date.now();
const loadAtStart = os.loadavg()[0];
log(
  `${groups.reduce((n, g) => n + g.contenders.length, 0)} benchmarks; warm-up ${options.warmup}, repeat ${options.repeat}` +
    `${quick ? " (quick)" : ""}`,
);

for (const group of groups) {
  try {
    await group.prepare?.(log);
  } catch (error) {
    for (const c of group.contenders) {
      c.status = "failed";
      c.error = `preparing the group: ${error.message}`;
    }
    continue;
  }
  const warmup = group.rounds === undefined ? options.warmup : 0;
  const repeat = group.rounds ?? options.repeat;
  for (let round = 0; round < warmup + repeat; round++) {
    const warm = round < warmup;
    // Past the time budget, every contender keeps at least one measured run, no more.
    if (round > warmup && Date.now() - started > options.budgetMs) {
      log(
        `time budget of ${options.budgetMs / 60000} min used up: ${group.name} stops after ${round - warmup} run(s)`,
      );
      break;
    }
    for (const c of group.contenders) {
      if (c.status !== "ok") continue;
      const result = await c.execute();
      globalThis.gc?.();
      const tag = `${c.name} ${warm ? "warm-up" : `run ${round - warmup + 1}/${repeat}`}`;
      if (!result.ok) {
        c.status = result.timedOut ? "timeout" : "failed";
        c.error = result.timedOut
          ? `exceeded ${options.timeoutMs / 1000} s`
          : (result.error ?? `exit code ${result.code}: ${lastLines(result.stderr || result.stdout)}`);
        log(`${tag}: ${c.status.toUpperCase()} ${c.error}`);
        continue;
      }
      log(`${tag}: ${(result.wallMs / 1000).toFixed(2)} s, ${Math.round((result.maxRssKB ?? 0) / 1024)} MB`);
      if (!warm) c.runs.push(result);
    }
  }
}

const summaries = groups.map((group) => ({ group, rows: group.summarize?.(group) ?? summarize(group) }));
const rowsByName = new Map(summaries.flatMap((s) => s.rows.map((r) => [r.name, r])));
const targets = evaluateTargets(rowsByName);

const date = new Date().toISOString().slice(0, 10);
const commit = gitDescribe();
const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? "unknown",
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  // 1-minute load averages at start and end: above the core count, other work competed for CPUs.
  loadAverage: [Math.round(loadAtStart * 10) / 10, Math.round(os.loadavg()[0] * 10) / 10],
};
const settings = {
  quick,
  warmup: options.warmup,
  repeat: options.repeat,
  wordcountMB: options.sizeMB,
  nexmarkEvents: options.events,
  seed: options.seed,
  filter: values.filter ?? null,
};

const markdown = [
  `## Benchmark run ${date}`,
  "",
  `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}.  `,
  `Commit ${commit}. Warm-up ${options.warmup}, ${options.repeat} measured run(s) per contender` +
    `${quick ? " (--quick)" : ""}; total ${((Date.now() - started) / 60000).toFixed(1)} min. ` +
    `Load average ${machine.loadAverage[0]} at start, ${machine.loadAverage[1]} at end (other work shares the machine).`,
  "",
  "Times are wall-clock times of the whole child process (start-up, bundling and deployment included). " +
    "Per core divides by the cores a run may use (p, threads, 1); per CPU-s divides by the CPU time it " +
    "actually used (user + system, all threads). " +
    "In-job (Nexmark) counts from the first sink writer's creation to the last end of input, without " +
    "start-up and shutdown, as the nexmark project measures; ratios and targets use the wall-clock rate. " +
    "Ratios compare throughput with the named baseline measured in the same run (> 1× is faster).",
  "",
  ...summaries.flatMap(({ group, rows }) => [(group.markdown ?? groupMarkdown)(group, rows), ""]),
  ...(PENDING_QUERIES.length === 0
    ? []
    : [
        "### Nexmark queries still to come",
        "",
        "| query | what | status |",
        "|---|---|---|",
        ...PENDING_QUERIES.map(
          ([q, what]) => `| ${q} | ${what} | arrives with issue 4 (windows, joins, state) |`,
        ),
        "",
      ]),
  targetsMarkdown(targets),
  "",
].join("\n");

process.stdout.write(`\n${markdown}`);

if (!values["no-write"]) {
  const partial =
    values.filter !== undefined ||
    values.size !== undefined ||
    values.events !== undefined ||
    values.parallelism !== undefined;
  const suffix = quick ? "-quick" : partial ? "-partial" : "";
  mkdirSync(paths.results, { recursive: true });
  const base = join(paths.results, `${date}${suffix}`);
  const json = {
    date,
    commit,
    machine,
    settings,
    groups: summaries.map(({ group, rows }) => ({
      name: group.name,
      title: group.title,
      unit: group.unit ?? null,
      amount: group.amount ?? null,
      rows: rows.map(({ label, role, ...row }) => ({
        ...row,
        rate: row.rate === undefined ? undefined : Math.round(row.rate),
        ratePerCore: row.ratePerCore === undefined ? undefined : Math.round(row.ratePerCore),
        ratePerCpuSecond: row.ratePerCpuSecond === undefined ? undefined : Math.round(row.ratePerCpuSecond),
        ratios: Object.fromEntries(
          Object.entries(row.ratios).map(([k, v]) => [k, Math.round(v * 1000) / 1000]),
        ),
      })),
    })),
    targets,
  };
  writeFileSync(`${base}.json`, `${JSON.stringify(json, null, 1)}\n`);
  writeFileSync(`${base}.md`, markdown);
  log(`wrote ${base}.json and ${base}.md`);
}

const failed = summaries.some(({ rows }) => rows.some((r) => r.status === "failed"));
process.exitCode = failed ? 1 : 0;

/** The most telling lines of a failed run's output: its first error line, else the last lines. */
function lastLines(text, n = 3) {
  const lines = (text ?? "").trim().split("\n");
  const first = lines.findIndex((l) => /error|exception|failed/i.test(l) && !/^\s+at /.test(l));
  const picked = first >= 0 ? lines.slice(first, first + 2) : lines.slice(-n);
  return picked.join(" / ").slice(0, 400);
}

function gitDescribe() {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], {
      cwd: root,
      encoding: "utf8",
    }).trim();
    const dirty =
      execFileSync("git", ["status", "--porcelain"], { cwd: root, encoding: "utf8" }).trim().length > 0;
    return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    return "unknown";
  }
}
