/**
 * Turns measured groups into result rows (medians, rates, ratios), the Markdown report and the
 * small JSON file committed under bench/results/.
 */
import { formatMB, formatRate, formatRatio, formatSeconds, median } from "./stats.mjs";

/** Computes the summary row of every contender of a group (call after all rounds). */
export function summarize(group) {
  const rows = group.contenders.map((c) => {
    const walls = c.runs.map((r) => r.wallMs);
    const row = {
      name: c.name,
      label: c.label,
      role: c.role,
      cores: c.cores,
      status: c.status,
      error: c.error,
      runs: walls.map((w) => Math.round(w)),
    };
    const extra = c.runs.at(-1)?.extra;
    if (extra !== undefined) row.extra = extra;
    if (walls.length > 0 && c.status === "ok") {
      row.medianMs = Math.round(median(walls));
      row.minMs = Math.round(Math.min(...walls));
      row.maxMs = Math.round(Math.max(...walls));
      row.peakRssMB = Math.round(Math.max(...c.runs.map((r) => r.maxRssKB ?? 0)) / 1024);
      const cpu = c.runs.map((r) => (r.userCpuMs ?? 0) + (r.systemCpuMs ?? 0));
      row.cpuMs = Math.round(median(cpu));
      if (group.amount !== undefined) {
        row.rate = group.amount / (row.medianMs / 1000);
        row.ratePerCore = row.rate / c.cores;
        // The nexmark project's "throughput per core" divides by the CPU actually used.
        row.ratePerCpuSecond = row.cpuMs > 0 ? group.amount / (row.cpuMs / 1000) : undefined;
        const inJob = c.runs.map((r) => r.inJobMs).filter((ms) => typeof ms === "number" && ms > 0);
        if (inJob.length === c.runs.length) {
          row.inJobMs = Math.round(median(inJob));
          row.inJobRatePerCore = group.amount / (row.inJobMs / 1000) / c.cores;
        }
      }
    }
    return row;
  });
  const byName = new Map(rows.map((r) => [r.name, r]));
  for (const row of rows) {
    row.ratios = {};
    for (const ratio of group.ratios ?? []) {
      const against = ratio.against(row);
      const base = against === undefined || against === row.name ? undefined : byName.get(against);
      if (base?.medianMs !== undefined && row.medianMs !== undefined) {
        row.ratios[ratio.label] = base.medianMs / row.medianMs;
      }
    }
  }
  return rows;
}

function statusText(row) {
  if (row.status === "ok") return "ok";
  if (row.status === "skipped") return `skipped: ${row.error}`;
  return `**${row.status.toUpperCase()}**: ${(row.error ?? "").replaceAll("|", "\\|").replaceAll("\n", " ").slice(0, 300)}`;
}

export function groupMarkdown(group, rows) {
  const unit = group.unit;
  const ratioLabels = (group.ratios ?? []).map((r) => r.label);
  const inJob = unit !== undefined && rows.some((r) => r.inJobRatePerCore !== undefined);
  const header = [
    "contender",
    "cores",
    "median s",
    "min–max s (runs)",
    ...(unit ? [`${unit}/s`, `${unit}/s per core`, `${unit} per CPU-s`] : []),
    ...(inJob ? [`in-job ${unit}/s per core`] : []),
    "peak RSS MB",
    "CPU s",
    ...ratioLabels,
    "status",
  ];
  const lines = [`### ${group.title}`, ""];
  if (group.amount !== undefined && unit)
    lines.push(`${group.amount.toLocaleString("en")} ${unit} per run.`, "");
  lines.push(
    `| ${header.join(" | ")} |`,
    `|${header.map((_, i) => (i === 0 || i === header.length - 1 ? "---" : "---:")).join("|")}|`,
  );
  for (const row of rows) {
    const ok = row.status === "ok";
    const cells = [
      row.label,
      String(row.cores),
      ok ? formatSeconds(row.medianMs) : "–",
      ok ? `${formatSeconds(row.minMs)}–${formatSeconds(row.maxMs)} (${row.runs.length})` : "–",
      ...(unit
        ? [
            ok ? formatRate(row.rate) : "–",
            ok ? formatRate(row.ratePerCore) : "–",
            ok ? formatRate(row.ratePerCpuSecond) : "–",
          ]
        : []),
      ...(inJob ? [ok && row.inJobRatePerCore !== undefined ? formatRate(row.inJobRatePerCore) : "–"] : []),
      ok ? formatMB(row.peakRssMB * 1024) : "–",
      ok ? formatSeconds(row.cpuMs) : "–",
      ...ratioLabels.map((l) => formatRatio(row.ratios[l])),
      statusText(row),
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  for (const note of group.notes ?? []) lines.push("", note);
  return lines.join("\n");
}

/** Evaluates the targets of issue 5 against the measured rows. */
export function evaluateTargets(rowsByName) {
  const get = (name) => {
    const row = rowsByName.get(name);
    return row?.status === "ok" ? row : undefined;
  };
  /** Why a target could not be evaluated: the first named row that failed, or not measured. */
  const missing = (...names) => {
    const bad = names.map((n) => rowsByName.get(n)).find((r) => r !== undefined && r.status !== "ok");
    return bad === undefined ? "not measured" : `${bad.name} ${bad.status.toUpperCase()}`;
  };
  const ratio = (a, b) => (a && b ? b.medianMs / a.medianMs : undefined);
  const targets = [];

  const r1 = ratio(get("wordcount/weir-batch-p2"), get("wordcount/duckdb-t2"));
  targets.push({
    target: "WordCount BATCH p=2 ≥ DuckDB 2 threads (words/s)",
    measured:
      r1 === undefined
        ? missing("wordcount/weir-batch-p2", "wordcount/duckdb-t2")
        : `${r1.toFixed(2)}× DuckDB`,
    met: r1 === undefined ? undefined : r1 >= 1,
  });
  const r2 = ratio(get("wordcount/weir-streaming-p1"), get("wordcount/node-loop"));
  targets.push({
    target: "WordCount STREAMING p=1 ≥ 70% of the Node loop",
    measured:
      r2 === undefined
        ? missing("wordcount/weir-streaming-p1", "wordcount/node-loop")
        : `${(r2 * 100).toFixed(0)}% of the loop`,
    met: r2 === undefined ? undefined : r2 >= 0.7,
  });
  for (const q of ["q0", "q1", "q2"]) {
    const p1 = get(`nexmark/${q}/weir-p1`);
    const p2 = get(`nexmark/${q}/weir-p2`);
    const values = [p1, p2].filter(Boolean).map((r) => r.ratePerCore);
    targets.push({
      target: `Nexmark ${q} ≥ 1 M events/s per core`,
      measured:
        values.length === 0
          ? missing(`nexmark/${q}/weir-p1`, `nexmark/${q}/weir-p2`)
          : `p=1 ${formatRate(p1?.ratePerCore)}, p=2 ${formatRate(p2?.ratePerCore)} per core`,
      met: values.length === 0 ? undefined : Math.min(...values) >= 1e6,
    });
  }
  for (const q of ["q0", "q1", "q2"]) {
    const s = ratio(get(`nexmark/${q}/weir-p2`), get(`nexmark/${q}/weir-p1`));
    targets.push({
      target: `Scaling ${q}: p=2 ≥ 1.8× p=1`,
      measured:
        s === undefined
          ? missing(`nexmark/${q}/weir-p2`, `nexmark/${q}/weir-p1`)
          : `${s.toFixed(2)}×${inJobScaling(get(`nexmark/${q}/weir-p1`), get(`nexmark/${q}/weir-p2`))}`,
      met: s === undefined ? undefined : s >= 1.8,
    });
  }
  const perCoreTarget = (label, queries, threshold) => {
    const rows = queries.flatMap((q) => [`nexmark/${q}/weir-p1`, `nexmark/${q}/weir-p2`]);
    const found = rows.map((name) => [name, get(name)]).filter(([, r]) => Boolean(r));
    targets.push({
      target: label,
      measured:
        found.length === 0
          ? missing(...rows)
          : `${found.map(([name, r]) => `${name.split("/").slice(1).join(" ")} ${formatRate(r.ratePerCore)}`).join(", ")} per core`,
      met: found.length === 0 ? undefined : Math.min(...found.map(([, r]) => r.ratePerCore)) >= threshold,
    });
  };
  perCoreTarget("Nexmark q17 ≥ 500 K events/s per core", ["q17"], 5e5);
  perCoreTarget("Nexmark q5, q7 ≥ 100 K events/s per core", ["q5", "q7"], 1e5);
  return targets;
}

/** ` (in-job 1.9×)`: the same ratio without start-up and shutdown, when both rows have it. */
function inJobScaling(p1, p2) {
  if (p1?.inJobMs === undefined || p2?.inJobMs === undefined) return "";
  return ` (in-job ${(p1.inJobMs / p2.inJobMs).toFixed(2)}×)`;
}

export function targetsMarkdown(targets) {
  const lines = ["### Targets (issue 5)", "", "| target | measured | met |", "|---|---|---|"];
  for (const t of targets) {
    lines.push(`| ${t.target} | ${t.measured} | ${t.met === undefined ? "–" : t.met ? "yes" : "**no**"} |`);
  }
  return lines.join("\n");
}
