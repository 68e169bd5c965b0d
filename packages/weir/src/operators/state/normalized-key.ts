/**
 * Normalized keys: the form in which heap state is looked up. Two keys that are equal as *values*
 * (the same structure, as `core/keygroups.ts` hashes them) normalize to the same JavaScript value,
 * so that a `Map` finds them:
 * - strings, numbers, booleans, bigints, `null` and `undefined` stay as they are (a `Map` already
 *   compares them by value; `-0` becomes `0` and `NaN` is one key, as in the key-group hash);
 * - arrays, plain objects (fields sorted by name) and `Date`s become a canonical string with type
 *   tags, prefixed by `\u0000` so that it cannot equal an ordinary string key in practice.
 */

export type NormalizedKey = string | number | boolean | bigint | null | undefined;

const COMPOSITE_PREFIX = "\u0000";

export function normalizeKey(key: unknown): NormalizedKey {
  switch (typeof key) {
    case "number":
      return key === 0 ? 0 : key;
    case "string":
    case "boolean":
    case "bigint":
    case "undefined":
      return key;
    case "object":
      return key === null ? null : COMPOSITE_PREFIX + canonical(key, 0);
    default:
      return COMPOSITE_PREFIX + canonical(key, 0);
  }
}

function canonical(value: unknown, depth: number): string {
  if (depth > 64) return "…";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      return `n${value === 0 ? 0 : value}`;
    case "bigint":
      return `${value}n`;
    case "boolean":
      return value ? "t" : "f";
    case "undefined":
      return "u";
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) return `[${value.map((v) => canonical(v, depth + 1)).join(",")}]`;
      if (value instanceof Date) return `D${value.getTime()}`;
      const record = value as Record<string, unknown>;
      const fields = Object.keys(record)
        .sort()
        .map((name) => `${JSON.stringify(name)}:${canonical(record[name], depth + 1)}`);
      return `{${fields.join(",")}}`;
    }
    default:
      return `?${String(value)}`;
  }
}
