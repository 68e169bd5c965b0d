/**
 * Baseline of the window-count benchmark: the same aggregation as window-count.ts in a plain
 * single-threaded loop (count per key per 1 s event-time window; timestamps = n / 100 ms).
 * Prints `windows=<W> total=<T>`.
 */
const events = Number(process.argv[2] ?? 2_000_000);
const keys = Number(process.argv[3] ?? 1000);
let counts = new Map();
let windowStart = 0;
let windows = 0;
let total = 0;
for (let n = 1; n <= events; n++) {
  const ts = Math.floor(n / 100);
  const start = ts - (ts % 1000);
  if (start !== windowStart) {
    for (const c of counts.values()) {
      windows++;
      total += c;
    }
    counts = new Map();
    windowStart = start;
  }
  const k = n % keys;
  counts.set(k, (counts.get(k) ?? 0) + 1);
}
for (const c of counts.values()) {
  windows++;
  total += c;
}
process.stdout.write(`windows=${windows} total=${total}\n`);
