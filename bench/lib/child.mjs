/**
 * Wrapper that runs one measured program in this (child) process and, at exit, writes a JSON
 * report of its resource use to the file named by `BENCH_CHILD_REPORT`:
 * `{ code, maxRssKB, userCpuMs, systemCpuMs, elapsedMs }`. `maxRSS` of the process includes all
 * its worker threads (and native memory such as DuckDB's), which is why every measured job runs
 * in its own child process.
 *
 *   BENCH_CHILD_REPORT=/tmp/r.json node child.mjs <module.mjs|js> [args...]
 *
 * The module sees `process.argv` as if it had been started directly (`node module args...`).
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [modulePath, ...args] = process.argv.slice(2);
const reportPath = process.env.BENCH_CHILD_REPORT;
if (modulePath === undefined) throw new Error("usage: child.mjs <module> [args...]");
const started = performance.now();

process.on("exit", (code) => {
  if (reportPath === undefined) return;
  const usage = process.resourceUsage();
  writeFileSync(
    reportPath,
    JSON.stringify({
      code,
      maxRssKB: usage.maxRSS,
      userCpuMs: usage.userCPUTime / 1000,
      systemCpuMs: usage.systemCPUTime / 1000,
      elapsedMs: performance.now() - started,
    }),
  );
});

const absolute = resolve(modulePath);
process.argv = [process.argv[0], absolute, ...args];
await import(pathToFileURL(absolute).href);
