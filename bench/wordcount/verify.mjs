/**
 * Correctness checks of WordCount results: every contender's final count per word must equal
 * the Node loop's. Weir's STREAMING output holds a running count per input word (the final count
 * of a word is its largest, as counts only grow); BATCH output holds one line per word.
 */
import { createReadStream, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Reads a `{ words, counts }` result written by node-loop.mjs or duckdb.mjs. */
export function readResultFile(path) {
  const { words, counts } = JSON.parse(readFileSync(path, "utf8"));
  return { words, counts: new Map(counts) };
}

function listFiles(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(path));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/** Parses `(word,3)`, `word,3` or `["word",3]` into [word, count]. */
function parseLine(line) {
  // Fast path for Flink's tuple format.
  if (line.charCodeAt(0) === 40 && line.charCodeAt(line.length - 1) === 41) {
    const comma = line.lastIndexOf(",");
    if (comma > 0) return [line.slice(1, comma), +line.slice(comma + 1, -1)];
  }
  const text = line.trim();
  if (text.length === 0) return undefined;
  if (text.startsWith("[")) {
    const [word, count] = JSON.parse(text);
    return [String(word), Number(count)];
  }
  const body = text.startsWith("(") && text.endsWith(")") ? text.slice(1, -1) : text;
  const comma = body.lastIndexOf(",");
  if (comma < 0) throw new Error(`cannot parse output line: ${JSON.stringify(line.slice(0, 80))}`);
  return [body.slice(0, comma), Number(body.slice(comma + 1))];
}

/**
 * Reads the final count per word from Weir's output directory.
 * @param {"STREAMING"|"BATCH"} mode
 */
export async function readWeirOutput(dir, mode) {
  const counts = new Map();
  const files = listFiles(dir).filter((f) => statSync(f).size > 0);
  if (files.length === 0) throw new Error(`no output files in ${dir}`);
  for (const file of files) {
    let rest = "";
    for await (const chunk of createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 })) {
      const text = rest + chunk;
      let start = 0;
      let newline = text.indexOf("\n", start);
      while (newline !== -1) {
        accept(text.slice(start, newline));
        start = newline + 1;
        newline = text.indexOf("\n", start);
      }
      rest = text.slice(start);
    }
    accept(rest);
  }
  return counts;

  function accept(line) {
    const parsed = parseLine(line);
    if (parsed === undefined) return;
    const [word, count] = parsed;
    const previous = counts.get(word);
    if (mode === "BATCH" && previous !== undefined) {
      throw new Error(`BATCH output has more than one line for ${JSON.stringify(word)}`);
    }
    if (previous === undefined || count > previous) counts.set(word, count);
  }
}

/** Returns undefined when `actual` equals the reference counts, else a short description. */
export function compareCounts(reference, actual) {
  const problems = [];
  for (const [word, count] of reference) {
    const got = actual.get(word);
    if (got !== count) problems.push(`${JSON.stringify(word)}: expected ${count}, got ${got ?? "nothing"}`);
  }
  for (const word of actual.keys()) {
    if (!reference.has(word)) problems.push(`unexpected word ${JSON.stringify(word)}`);
  }
  if (problems.length === 0) return undefined;
  return `${problems.length} word(s) differ, e.g. ${problems.slice(0, 3).join("; ")}`;
}
