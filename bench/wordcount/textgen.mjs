/**
 * Deterministic WordCount input: lines of 5–15 words drawn from a Zipf-like vocabulary of a few
 * thousand surface forms (plain words, capitalised sentence starts, contractions with
 * apostrophes, hyphenated words, numbers, snake_case identifiers) with punctuation around them,
 * so that the tokenizer (lower-case, split on runs of [^A-Za-z0-9_]) does real work. Pure ASCII,
 * so Java's/JavaScript's `\W` and DuckDB's `[^a-z0-9_]` after `lower()` agree.
 *
 * The same (seed, size) always gives the same bytes; files are cached in `bench/data/`.
 */
import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). */
export function mulberry32(seed) {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ONSETS = [
  "",
  "b",
  "c",
  "d",
  "f",
  "g",
  "h",
  "l",
  "m",
  "n",
  "p",
  "r",
  "s",
  "t",
  "v",
  "w",
  "br",
  "ch",
  "cl",
  "st",
  "th",
  "tr",
  "sh",
  "pl",
];
const VOWELS = ["a", "e", "i", "o", "u", "ea", "ou", "ai", "y"];
const CODAS = ["", "", "n", "r", "s", "t", "l", "nd", "st", "ng", "rk", "ll"];
const CONTRACTIONS = ["'s", "'t", "'ll", "'re", "'d", "'ve"];
const PUNCT_AFTER = [",", ",", ",", ".", ";", ":", "!", "?", " --", "...", ")", '"'];
const PUNCT_BEFORE = ["(", '"', "'"];
const LINE_END = [".", ".", ".", "!", "?", ";", ":", "--", ""];

/** Builds `size` distinct surface forms, most frequent first. */
export function vocabulary(seed, size = 4000) {
  const random = mulberry32(seed ^ 0x70ca);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const seen = new Set();
  const words = [];
  while (words.length < size) {
    const syllables = 1 + Math.floor(random() * random() * 4);
    let word = "";
    for (let i = 0; i < syllables; i++) word += pick(ONSETS) + pick(VOWELS) + pick(CODAS);
    const r = random();
    if (r < 0.06) word += pick(CONTRACTIONS);
    else if (r < 0.09) word += `-${pick(ONSETS)}${pick(VOWELS)}${pick(CODAS)}`;
    else if (r < 0.11) word = String(Math.floor(random() * 3000));
    else if (r < 0.12) word += `_${pick(ONSETS)}${pick(VOWELS)}`;
    else if (r < 0.14) word = word.toUpperCase();
    if (word.length === 0 || seen.has(word)) continue;
    seen.add(word);
    words.push(word);
  }
  return words;
}

/** Cumulative Zipf(s) weights for ranks 1..n, normalised to end at 1. */
function zipfCumulative(n, s = 1.0) {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += 1 / (i + 1) ** s;
    cumulative[i] = sum;
  }
  for (let i = 0; i < n; i++) cumulative[i] /= sum;
  return cumulative;
}

/** Returns a function producing the next line (without newline) of the deterministic text. */
export function lineGenerator(seed) {
  const words = vocabulary(seed);
  const cumulative = zipfCumulative(words.length);
  const random = mulberry32(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const nextWord = () => {
    const u = random();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return words[lo];
  };
  return () => {
    const n = 5 + Math.floor(random() * 11);
    let line = "";
    for (let i = 0; i < n; i++) {
      let word = nextWord();
      if (i === 0 && random() < 0.5) word = word.charAt(0).toUpperCase() + word.slice(1);
      if (random() < 0.03) word = pick(PUNCT_BEFORE) + word;
      if (i < n - 1 && random() < 0.12) word += pick(PUNCT_AFTER);
      line += i === 0 ? word : ` ${word}`;
    }
    return line + pick(LINE_END);
  };
}

/** Path of the cached input for (seed, sizeMB), generating it first if missing. */
export function ensureText(dataDir, seed, sizeMB, log = () => {}) {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, `wordcount-s${seed}-${sizeMB}mb.txt`);
  const target = Math.round(sizeMB * 1024 * 1024);
  if (existsSync(path) && statSync(path).size >= target) return path;
  log(`generating ${sizeMB} MB of WordCount text (seed ${seed}) into ${path}`);
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, "w");
  const next = lineGenerator(seed);
  let written = 0;
  let chunk = [];
  let chunkBytes = 0;
  while (written + chunkBytes < target) {
    const line = next();
    chunk.push(line);
    chunkBytes += line.length + 1;
    if (chunkBytes >= 1 << 20) {
      written += writeSync(fd, `${chunk.join("\n")}\n`);
      chunk = [];
      chunkBytes = 0;
    }
  }
  if (chunk.length > 0) written += writeSync(fd, `${chunk.join("\n")}\n`);
  closeSync(fd);
  renameSync(tmp, path);
  return path;
}
