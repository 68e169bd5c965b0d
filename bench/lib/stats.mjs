/** Small statistics and formatting helpers for the benchmark report. */

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Formats a rate with K/M suffixes: 1234567 -> "1.23 M". */
export function formatRate(value) {
  if (value === undefined || value === null || !Number.isFinite(value)) return "–";
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(0)} K`;
  return value.toFixed(0);
}

export function formatSeconds(ms) {
  return ms === undefined ? "–" : (ms / 1000).toFixed(2);
}

export function formatMB(kb) {
  return kb === undefined ? "–" : String(Math.round(kb / 1024));
}

export function formatRatio(value) {
  return value === undefined || !Number.isFinite(value) ? "–" : `${value.toFixed(2)}×`;
}
