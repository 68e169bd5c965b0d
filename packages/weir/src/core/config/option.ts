/**
 * Typed configuration options with Flink's key names. A configuration is a flat map of dotted
 * keys to string values (what `weir-conf.yaml` flattens to and `-D key=value` sets); an option
 * parses its value on read and reports bad values as `ConfigError`s naming the key and the
 * expected type.
 */
import { ConfigError } from "../errors.js";

export type FlatConfig = Readonly<Record<string, string>>;

export interface ConfigOption<T> {
  readonly key: string;
  readonly description: string;
  /** Human-readable type, used in error messages ("an integer", "a duration such as 100 ms"). */
  readonly typeName: string;
  readonly defaultValue: T;
  /** Older or alternative keys read when `key` is absent. */
  readonly fallbackKeys?: readonly string[];
  /** Parses a raw string; throws `Error` with a short reason when invalid. */
  parse(raw: string): T;
}

/** Reads `option` from `config`, or its default. Throws `ConfigError` for unparsable values. */
export function readOption<T>(config: FlatConfig, option: ConfigOption<T>): T {
  let raw = config[option.key];
  let key = option.key;
  if (raw === undefined) {
    for (const k of option.fallbackKeys ?? []) {
      if (config[k] !== undefined) {
        raw = config[k];
        key = k;
        break;
      }
    }
  }
  if (raw === undefined) return option.defaultValue;
  try {
    return option.parse(raw.trim());
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new ConfigError(
      key,
      `invalid value '${raw}' for '${key}': expected ${option.typeName}${reason ? ` (${reason})` : ""}`,
      {
        hint: `fix '${key}' in weir-conf.yaml or the -D option`,
      },
    );
  }
}

function option<T>(
  key: string,
  typeName: string,
  defaultValue: T,
  parse: (raw: string) => T,
  description: string,
  fallbackKeys?: readonly string[],
): ConfigOption<T> {
  return { key, typeName, defaultValue, parse, description, ...(fallbackKeys ? { fallbackKeys } : {}) };
}

export function intOption(
  key: string,
  defaultValue: number,
  description: string,
  range: { min?: number; max?: number } = {},
): ConfigOption<number> {
  const min = range.min ?? Number.MIN_SAFE_INTEGER;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  const typeName =
    range.min !== undefined || range.max !== undefined ? `an integer in [${min}, ${max}]` : "an integer";
  return option(
    key,
    typeName,
    defaultValue,
    (raw) => {
      if (!/^[-+]?\d+$/.test(raw)) throw new Error("");
      const n = Number(raw);
      if (n < min || n > max) throw new Error("out of range");
      return n;
    },
    description,
  );
}

export function boolOption(key: string, defaultValue: boolean, description: string): ConfigOption<boolean> {
  return option(
    key,
    "true or false",
    defaultValue,
    (raw) => {
      const v = raw.toLowerCase();
      if (v === "true") return true;
      if (v === "false") return false;
      throw new Error("");
    },
    description,
  );
}

export function stringOption(key: string, defaultValue: string, description: string): ConfigOption<string> {
  return option(key, "a string", defaultValue, (raw) => raw, description);
}

export function enumOption<E extends string>(
  key: string,
  values: readonly E[],
  defaultValue: E,
  description: string,
  caseInsensitive = true,
): ConfigOption<E> {
  return option(
    key,
    `one of ${values.join(", ")}`,
    defaultValue,
    (raw) => {
      const found = values.find((v) => (caseInsensitive ? v.toLowerCase() === raw.toLowerCase() : v === raw));
      if (found === undefined) throw new Error("");
      return found;
    },
    description,
  );
}

const DURATION_UNITS: Record<string, number> = {
  "": 1,
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  min: 60_000,
  m: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

/** Parses Flink durations: `100`, `100 ms`, `5 s`, `1 min`, `2h`. Plain numbers are milliseconds. */
export function parseDurationMs(raw: string): number {
  const m = /^(-?\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(raw.trim());
  const unit = m ? DURATION_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new Error("");
  return Math.round(Number(m[1]) * unit);
}

export function durationOption(key: string, defaultMs: number, description: string): ConfigOption<number> {
  return option(key, "a duration such as 100 ms, 5 s or 1 min", defaultMs, parseDurationMs, description);
}

const SIZE_UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  bytes: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  kibibytes: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  mebibytes: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  gibibytes: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
};

/** Parses Flink memory sizes: `32kb`, `128 mb`, `1g`, `4096` (bytes). */
export function parseMemorySize(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(raw.trim());
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new Error("");
  return Math.round(Number(m[1]) * unit);
}

export function memoryOption(key: string, defaultBytes: number, description: string): ConfigOption<number> {
  return option(
    key,
    "a memory size such as 32 kb, 128 mb or 1 gb",
    defaultBytes,
    parseMemorySize,
    description,
  );
}
