/**
 * The WordCount benchmark group: Weir (STREAMING and BATCH, p=1 and p=2, on the MiniCluster via
 * `weir run examples/wordcount.ts`) against the hand-written Node loop and DuckDB at 1 and 2
 * threads, over the same generated text. Every run's final counts are checked against the Node
 * loop's; a mismatch fails the row.
 */

import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { runChild } from "../lib/spawn.mjs";
import { ensureText } from "./textgen.mjs";
import { compareCounts, readResultFile, readWeirOutput } from "./verify.mjs";

const HERE = new URL(".", import.meta.url).pathname;

/** @param {import("../run.mjs").Options} options */
export function wordcountGroup(options, paths) {
  let input;
  /** @type {{ words: number, counts: Map<string, number> } | undefined} */
  let reference;
  const group = {
    name: "wordcount",
    title: `WordCount (${options.sizeMB} MB of generated text, seed ${options.seed})`,
    unit: "words",
    amount: undefined,
    baseline: "wordcount/node-loop",
    async prepare(log) {
      input = ensureText(paths.data, options.seed, options.sizeMB, log);
    },
    contenders: [],
  };

  const resultRun = (name, label, cores, role, script, extraArgs) => ({
    name,
    label,
    cores,
    role,
    async execute() {
      const dir = mkdtempSync(join(tmpdir(), "weir-bench-wc-"));
      const out = join(dir, "result.json");
      try {
        const run = await runChild(join(HERE, script), [input, ...extraArgs, out], {
          timeoutMs: options.timeoutMs,
          cwd: paths.root,
        });
        if (!run.ok) return run;
        const result = readResultFile(out);
        if (reference === undefined) {
          if (name !== group.baseline) return { ...run, ok: false, error: "reference (node loop) missing" };
          reference = result;
          group.amount = result.words;
        }
        const mismatch = compareCounts(reference.counts, result.counts);
        return mismatch === undefined ? run : { ...run, ok: false, error: `wrong counts: ${mismatch}` };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  });

  group.contenders.push(
    resultRun("wordcount/node-loop", "Node loop (1 thread)", 1, "baseline", "node-loop.mjs", []),
  );
  for (const threads of [1, 2]) {
    group.contenders.push(
      resultRun(
        `wordcount/duckdb-t${threads}`,
        `DuckDB ${threads} thread${threads > 1 ? "s" : ""}`,
        threads,
        "baseline",
        "duckdb.mjs",
        [String(threads)],
      ),
    );
  }
  for (const mode of ["STREAMING", "BATCH"]) {
    for (const p of options.parallelism ?? [1, 2]) {
      group.contenders.push({
        name: `wordcount/weir-${mode.toLowerCase()}-p${p}`,
        label: `Weir ${mode} p=${p}`,
        // Per core: a job at p=4 on a 2-core machine uses 2 cores.
        cores: Math.min(p, availableParallelism()),
        role: "weir",
        needsWeir: true,
        async execute() {
          const dir = mkdtempSync(join(tmpdir(), "weir-bench-wc-"));
          try {
            const args = ["run", "-p", String(p)];
            if (mode === "BATCH") args.push("-Dexecution.runtime-mode=BATCH");
            args.push(
              join(paths.root, "examples/wordcount.ts"),
              "--input",
              input,
              "--output",
              join(dir, "out"),
            );
            const run = await runChild(paths.weirBin, args, {
              timeoutMs: options.timeoutMs,
              cwd: paths.root,
            });
            if (!run.ok) return run;
            if (reference === undefined) return { ...run, ok: false, error: "reference (node loop) missing" };
            const counts = await readWeirOutput(join(dir, "out"), mode);
            const mismatch = compareCounts(reference.counts, counts);
            return mismatch === undefined ? run : { ...run, ok: false, error: `wrong counts: ${mismatch}` };
          } catch (error) {
            return { ok: false, error: `checking output: ${error.message}` };
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      });
    }
  }
  group.ratios = [
    { label: "vs Node loop", against: () => "wordcount/node-loop" },
    {
      label: "vs DuckDB (same cores)",
      against: (row) => (row.role === "weir" ? `wordcount/duckdb-t${row.cores}` : undefined),
    },
  ];
  return group;
}
