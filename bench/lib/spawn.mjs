/**
 * Runs one measured program in a child `node` process through child.mjs and returns its wall
 * time (measured here, spawn to exit), peak RSS and CPU time. A run that exceeds `timeoutMs` is
 * killed (by its pid) and reported as timed out; a non-zero exit is reported with the tail of its
 * stderr.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CHILD = new URL("./child.mjs", import.meta.url).pathname;
const TAIL = 4000;

/**
 * @param {string} module the program to run (an .mjs/.js file)
 * @param {string[]} args its arguments
 * @param {{ timeoutMs: number, cwd?: string, env?: Record<string,string>, nodeArgs?: string[], tail?: number }} options
 * @returns {Promise<{ ok: boolean, wallMs: number, maxRssKB: number|undefined, userCpuMs: number|undefined,
 *   systemCpuMs: number|undefined, code: number|null, timedOut: boolean, stdout: string, stderr: string }>}
 */
export function runChild(module, args, options) {
  const dir = mkdtempSync(join(tmpdir(), "weir-bench-"));
  const reportPath = join(dir, "report.json");
  const tail = options.tail ?? TAIL;
  return new Promise((resolvePromise) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CHILD, module, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, BENCH_CHILD_REPORT: reportPath },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (data) => {
      stdout = (stdout + data).slice(-tail);
    });
    child.stderr.on("data", (data) => {
      stderr = (stderr + data).slice(-tail);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      let report = {};
      if (existsSync(reportPath)) {
        try {
          report = JSON.parse(readFileSync(reportPath, "utf8"));
        } catch {
          report = {};
        }
      }
      rmSync(dir, { recursive: true, force: true });
      resolvePromise({
        ok: code === 0 && !timedOut,
        wallMs,
        maxRssKB: report.maxRssKB,
        userCpuMs: report.userCpuMs,
        systemCpuMs: report.systemCpuMs,
        code,
        timedOut,
        stdout,
        stderr,
      });
    });
  });
}
