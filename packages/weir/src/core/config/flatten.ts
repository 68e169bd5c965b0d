/**
 * Parses `weir-conf.yaml` into flat dotted keys with string values, the form every option reads.
 *
 * Guarantees:
 * - Flat keys (`parallelism.default: 4`), nested maps (`parallelism: { default: 4 }`) and any mix
 *   flatten to the same dotted key. Values keep their source text (`0.10` stays `0.10`) because
 *   the document is read with YAML's failsafe schema; options parse the strings themselves.
 * - Lists become one string joined with `;` (Flink's list encoding); a map inside a list becomes
 *   `k1:v1,k2:v2` (Flink's map encoding).
 * - A key without a value (`key:` or `key: null`) is skipped with a warning, as Flink does.
 * - Syntax errors, duplicate keys and a document that is not a map are `ConfigError`s whose
 *   message starts with `file:line:column`.
 */
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from "yaml";
import { ConfigError } from "../errors.js";

/** One flattened key with the line it was defined on (1-based). */
export interface ConfigEntry {
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

export interface ParsedConfigFile {
  readonly entries: readonly ConfigEntry[];
  readonly warnings: readonly string[];
}

const NULL_WORDS = new Set(["", "~", "null", "Null", "NULL"]);

/** Parses YAML `text` read from `file` (used only in messages). */
export function parseConfigYaml(text: string, file: string): ParsedConfigFile {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { schema: "failsafe", lineCounter, uniqueKeys: true });
  const where = (offset: number): string => {
    const pos = lineCounter.linePos(offset);
    return `${file}:${pos.line}:${pos.col}`;
  };
  const lineOf = (offset: number): number => lineCounter.linePos(offset).line;
  const fail = (offset: number, message: string): never => {
    throw new ConfigError("", `${where(offset)}: ${message}`, {
      hint: "weir-conf.yaml holds `key: value` lines or nested maps, e.g. `parallelism.default: 4`",
    });
  };

  const documents = [...docs];
  if (documents.length > 1) fail(documents[1]!.range[0], "expected one YAML document, found several");
  const doc = documents[0];
  if (doc === undefined) return { entries: [], warnings: [] };
  const firstError = doc.errors[0];
  if (firstError) {
    fail(firstError.pos[0], stripPosition(firstError.message));
  }

  const entries: ConfigEntry[] = [];
  const warnings: string[] = doc.warnings.map((w) => `${where(w.pos[0])}: ${stripPosition(w.message)}`);
  const seen = new Map<string, number>();
  const root = doc.contents;
  if (root === null || (isScalar(root) && NULL_WORDS.has(String(root.value)))) {
    return { entries, warnings };
  }
  if (!isMap(root))
    return fail(root.range?.[0] ?? 0, "expected a map of configuration keys at the top level");

  const visit = (node: unknown, prefix: string): void => {
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const keyNode = pair.key;
      const keyOffset = (keyNode as { range?: readonly number[] } | null)?.range?.[0] ?? 0;
      if (!isScalar(keyNode)) fail(keyOffset, "configuration keys must be plain strings");
      const key = prefix + String((keyNode as { value: unknown }).value).trim();
      if (key === prefix) fail(keyOffset, "empty configuration key");
      const value = pair.value;
      if (isMap(value)) {
        visit(value, `${key}.`);
        continue;
      }
      const isNull =
        value === null ||
        value === undefined ||
        (isScalar(value) && value.type === "PLAIN" && NULL_WORDS.has(String(value.value).trim()));
      if (isNull) {
        warnings.push(`${where(keyOffset)}: configuration key '${key}' has no value and is ignored`);
        continue;
      }
      const text = stringify(value, keyOffset, fail);
      const previous = seen.get(key);
      if (previous !== undefined) {
        fail(keyOffset, `configuration key '${key}' is already defined on line ${previous}`);
      }
      seen.set(key, lineOf(keyOffset));
      entries.push({ key, value: text, line: lineOf(keyOffset) });
    }
  };
  visit(root, "");
  return { entries, warnings };
}

/** yaml's messages end with " at line L, column C:" and a code excerpt; we lead with file:line:col. */
function stripPosition(message: string): string {
  return message.replace(/ at line \d+, column \d+:[\s\S]*$/, "");
}

function stringify(node: unknown, offset: number, fail: (offset: number, message: string) => never): string {
  if (isScalar(node)) return String(node.value);
  if (isSeq(node)) {
    return node.items
      .map((item) => {
        if (isScalar(item)) return String(item.value);
        if (isMap(item)) {
          return item.items
            .map((p) => `${stringify(p.key, offset, fail)}:${stringify(p.value, offset, fail)}`)
            .join(",");
        }
        return fail(offset, "nested lists are not supported in configuration values");
      })
      .join(";");
  }
  if (node === null || node === undefined) return "";
  return fail(offset, "unsupported YAML value (use a string, a number, a list or a map)");
}
