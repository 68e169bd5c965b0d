/**
 * Smaller groups: the fixed start-up cost of `weir run` (bundling, MiniCluster, worker threads)
 * next to a bare Node process, and the exchange micro-benchmarks of `bench/exchange.mjs` (owned
 * by the network work) when that script exists. The exchange script runs once per suite run (it
 * repeats internally; `--seconds 0.5` in quick mode); its printed table goes into the Markdown
 * report and its final JSON line into the JSON results.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runChild } from "./spawn.mjs";

export function extraGroups(options, paths) {
  const groups = [];
  const empty = join(paths.build, "empty.mjs");
  groups.push({
    name: "startup",
    title: "Start-up: `weir run` of WordCount on its built-in 35 lines, p=1",
    unit: undefined,
    amount: undefined,
    baseline: "startup/node",
    async prepare() {
      if (!existsSync(empty)) writeFileSync(empty, "");
    },
    contenders: [
      {
        name: "startup/node",
        label: "Node process (empty module)",
        cores: 1,
        role: "baseline",
        execute: () => runChild(empty, [], { timeoutMs: options.timeoutMs, cwd: paths.root }),
      },
      {
        name: "startup/weir-wordcount-default",
        label: "weir run examples/wordcount.ts",
        cores: 1,
        role: "weir",
        needsWeir: true,
        execute: () =>
          runChild(paths.weirBin, ["run", "-p", "1", join(paths.root, "examples/wordcount.ts")], {
            timeoutMs: options.timeoutMs,
            cwd: paths.root,
          }),
      },
    ],
  });

  const exchange = join(paths.root, "bench/exchange.mjs");
  if (existsSync(exchange)) {
    let text = "";
    groups.push({
      name: "exchange",
      title: "Exchange micro-benchmarks (bench/exchange.mjs)",
      unit: undefined,
      amount: undefined,
      rounds: 1,
      contenders: [
        {
          name: "exchange",
          label: "bench/exchange.mjs",
          cores: 2,
          role: "weir",
          needsWeir: false,
          async execute() {
            const run = await runChild(exchange, options.quick ? ["--seconds", "0.5"] : [], {
              timeoutMs: Math.max(options.timeoutMs, 300_000),
              cwd: paths.root,
              nodeArgs: ["--expose-gc"],
              tail: 1 << 20,
            });
            // The script prints a table and, last, one JSON line with the same numbers.
            const lines = run.stdout.trim().split("\n");
            let report;
            try {
              report = JSON.parse(lines.at(-1) ?? "");
              lines.pop();
            } catch {
              report = undefined;
            }
            text = lines.join("\n");
            return { ...run, extra: report };
          },
        },
      ],
      markdown(group, rows) {
        const lines = [`### ${group.title}`, ""];
        const row = rows[0];
        if (row?.status !== "ok") {
          lines.push(`**${(row?.status ?? "failed").toUpperCase()}**: ${row?.error ?? ""}`);
        } else {
          lines.push("```", text, "```");
        }
        return lines.join("\n");
      },
    });
  }
  return groups;
}
