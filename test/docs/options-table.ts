/**
 * Renders the table of configuration options in docs/guide/cli-and-configuration.md from the
 * option registry (`allOptions()`), so the documented keys, types and defaults are the code's.
 * `WEIR_UPDATE_DOCS=1 npx vitest run test/docs` rewrites the table in the guide.
 */
import type { ConfigOption } from "../../packages/weir/src/core/config/option.js";
import { allOptions } from "../../packages/weir/src/core/config/options.js";

export const OPTIONS_START = "<!-- options-table:start (generated from allOptions() by test/docs) -->";
export const OPTIONS_END = "<!-- options-table:end -->";

/** Defaults that depend on the machine, shown as what they mean. */
const MACHINE_DEFAULTS: Readonly<Record<string, string>> = {
  "taskmanager.numberOfTaskSlots": "number of CPU cores",
  "parallelism.default": "number of CPU cores",
  "io.tmp.dirs": "the OS temp directory",
};

const SIZE_UNITS: readonly [number, string][] = [
  [1024 ** 3, "gb"],
  [1024 ** 2, "mb"],
  [1024, "kb"],
];

const DURATION_UNITS: readonly [number, string][] = [
  [3_600_000, "h"],
  [60_000, "min"],
  [1000, "s"],
];

function withUnit(value: number, units: readonly [number, string][], base: string): string {
  for (const [factor, unit] of units) {
    if (value !== 0 && Number.isInteger(value / factor)) return `${value / factor} ${unit}`;
  }
  return `${value} ${base}`;
}

export function formatDefault(option: ConfigOption<unknown>): string {
  const machine = MACHINE_DEFAULTS[option.key];
  if (machine !== undefined) return machine;
  const value = option.defaultValue;
  if (typeof value === "number" && option.typeName.startsWith("a duration")) {
    return `\`${value < 0 ? String(value) : withUnit(value, DURATION_UNITS, "ms")}\``;
  }
  if (typeof value === "number" && option.typeName.startsWith("a memory size")) {
    return `\`${withUnit(value, SIZE_UNITS, "bytes")}\``;
  }
  if (value === "") return "(empty)";
  return `\`${String(value)}\``;
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("<", "&lt;").replaceAll("\n", " ");
}

/** `an integer in [0, 9007199254740991]` reads better as `an integer >= 0`. */
function typeOf(option: ConfigOption<unknown>): string {
  return option.typeName.replace(/in \[(-?\d+), 9007199254740991\]/, ">= $1");
}

/** The markdown table, one row per option in registry order. */
export function renderOptionsTable(): string {
  const rows = allOptions().map(
    (o) => `| \`${o.key}\` | ${cell(typeOf(o))} | ${formatDefault(o)} | ${cell(o.description)} |`,
  );
  return ["| key | type | default | meaning |", "|---|---|---|---|", ...rows].join("\n");
}

/** The guide's text with the generated table between the markers. */
export function withOptionsTable(guide: string): string {
  const start = guide.indexOf(OPTIONS_START);
  const end = guide.indexOf(OPTIONS_END);
  if (start < 0 || end < start) return guide;
  return `${guide.slice(0, start + OPTIONS_START.length)}\n${renderOptionsTable()}\n${guide.slice(end)}`;
}
