/**
 * `formatForPrint`: how `print()` and the default file-sink encoder render a value, following
 * what Flink's `toString` gives for the corresponding Java types:
 *
 * | value | output |
 * |---|---|
 * | array (a tuple) | `(a,b)`, elements formatted the same way (nested arrays in parentheses too) |
 * | string | as is (no quotes, also inside tuples) |
 * | number, boolean | `String(value)` |
 * | bigint | its digits |
 * | null / undefined | `null` / `undefined` |
 * | Date | ISO-8601 (`toISOString`) |
 * | Map / Set | `{k=v, k2=v2}` / `[a, b]` (Java's collection format) |
 * | class instance with its own `toString` | that `toString()` |
 * | other objects | `JSON.stringify` (bigints as digit strings; falls back to `String` on cycles) |
 */
export function formatForPrint(value: unknown): string {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
    case "boolean":
      return String(value);
    case "bigint":
      return value.toString();
    case "undefined":
      return "undefined";
    case "symbol":
      return value.toString();
    case "function":
      return `[function ${value.name || "anonymous"}]`;
    default:
      return formatObject(value as object | null);
  }
}

function formatObject(value: object | null): string {
  if (value === null) return "null";
  if (Array.isArray(value)) {
    let out = "(";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ",";
      const element: unknown = value[i];
      // Strings are the common tuple field (WordCount's word): no call for them.
      out += typeof element === "string" ? element : formatForPrint(element);
    }
    return `${out})`;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  if (value instanceof Map) {
    const parts: string[] = [];
    for (const [k, v] of value) parts.push(`${formatForPrint(k)}=${formatForPrint(v)}`);
    return `{${parts.join(", ")}}`;
  }
  if (value instanceof Set) {
    const parts: string[] = [];
    for (const v of value) parts.push(formatForPrint(v));
    return `[${parts.join(", ")}]`;
  }
  if (hasOwnToString(value)) return String(value);
  try {
    return JSON.stringify(value, bigintReplacer) ?? String(value);
  } catch {
    return String(value);
  }
}

/** True when the object's class (not `Object`) defines `toString`, e.g. a user's record class. */
function hasOwnToString(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === null || proto === Object.prototype) return false;
  return (value as { toString: unknown }).toString !== Object.prototype.toString;
}

function bigintReplacer(_key: string, v: unknown): unknown {
  return typeof v === "bigint" ? v.toString() : v;
}
