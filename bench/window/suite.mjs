/**
 * The keyed tumbling-window benchmark group (issue 4's figure): Weir `window-count.ts` at p=1 and
 * p=2 through `weir run`, against a hand-written single-threaded loop doing the same aggregation,
 * in the same run. Every run's `windows=` and `total=` are checked against the exact values.
 */
import { join } from "node:path";
import { runChild } from "../lib/spawn.mjs";

/** Exact results: windows of 100,000 events (1 s of 100 events/ms), each holding every key. */
function expected(events, keys) {
  let windows = 0;
  for (let start = 0; start * 100 <= events; start += 1000) {
    const first = Math.max(1, start * 100);
    const last = Math.min(events, (start + 1000) * 100 - 1);
    if (last >= first) windows += Math.min(keys, last - first + 1);
  }
  return { windows, total: events };
}

function parseTotals(stdout) {
  let windows = 0;
  let total = 0;
  for (const m of stdout.matchAll(/windows=(\d+) total=(\d+)/g)) {
    windows += Number(m[1]);
    total += Number(m[2]);
  }
  return { windows, total };
}

export function windowGroup(options, paths) {
  const events = options.quick ? 1_000_000 : 10_000_000;
  const keys = 1000;
  const want = expected(events, keys);
  const checked = async (runPromise) => {
    const run = await runPromise;
    if (!run.ok) return run;
    const got = parseTotals(run.stdout ?? "");
    return got.windows === want.windows && got.total === want.total
      ? run
      : { ...run, ok: false, error: `wrong result ${JSON.stringify(got)}, expected ${JSON.stringify(want)}` };
  };
  const contenders = [
    {
      name: "window/node-loop",
      label: "Node loop (1 thread)",
      cores: 1,
      role: "baseline",
      execute: () =>
        checked(
          runChild(join(paths.root, "bench/window/loop.mjs"), [String(events), String(keys)], {
            timeoutMs: options.timeoutMs,
            cwd: paths.root,
          }),
        ),
    },
  ];
  for (const p of [1, 2]) {
    contenders.push({
      name: `window/weir-p${p}`,
      label: `Weir p=${p}`,
      cores: p,
      role: "weir",
      needsWeir: true,
      execute: () =>
        checked(
          runChild(
            paths.weirBin,
            [
              "run",
              "-p",
              String(p),
              join(paths.root, "bench/window/window-count.ts"),
              "--events",
              String(events),
              "--keys",
              String(keys),
            ],
            { timeoutMs: options.timeoutMs, cwd: paths.root },
          ),
        ),
    });
  }
  return {
    name: "window",
    title: `Keyed tumbling-window count (1 s event-time windows, ${keys} keys), ${events.toLocaleString("en-US")} events`,
    unit: "events",
    amount: events,
    baseline: "window/node-loop",
    contenders,
    ratios: [{ label: "vs Node loop", against: () => "window/node-loop" }],
  };
}
