/**
 * Key groups (ARCHITECTURE §6): the unit in which keyed state is partitioned, snapshotted and
 * redistributed on rescaling, following Flink's `KeyGroupRangeAssignment`.
 *
 * Guarantees:
 * - `hashKey` is a pure function of the key's *structure*, identical in every thread, process and
 *   machine running this code: it is a 32-bit murmur3 (seed 0) over a canonical byte encoding, never
 *   over object identity or insertion order. Strings hash as UTF-8 (lone surrogates as U+FFFD);
 *   numbers as their float64 bits with `-0` normalized to `0` and every NaN to one NaN, so `1` and
 *   `1.0` are the same key; every value carries a type tag, so `"1"`, `1`, `1n` and `[1]` differ.
 *   Arrays hash element by element, plain objects (prototype `Object.prototype` or `null`) field by
 *   field with the own enumerable string keys sorted, `Date`s by their time value. `undefined`
 *   fields count (`{a: 1}` and `{a: 1, b: undefined}` are different keys).
 * - Anything else (functions, symbols, `Map`, class instances, ...) is rejected with a
 *   `JobDefinitionError` naming its type, as are cyclic or more than 64-deep keys.
 * - key group = `murmurMix(hash) % maxParallelism`; subtask = `keyGroup * parallelism / maxParallelism`
 *   (integer division); each subtask owns one contiguous key-group range.
 *
 * Not guaranteed: that the hash values stay the same across Weir versions that change the encoding
 * (savepoints record key groups, and such a change would be a breaking one).
 */
import { JobDefinitionError } from "./errors.js";

/** Largest supported max parallelism (number of key groups), as in Flink. */
export const UPPER_BOUND_MAX_PARALLELISM = 32768;
/** Smallest max parallelism the default rule produces. */
export const DEFAULT_LOWER_BOUND_MAX_PARALLELISM = 128;

/** An inclusive range of key groups. Empty when `end < start`. */
export interface KeyGroupRange {
  readonly start: number;
  readonly end: number;
}

const MAX_DEPTH = 64;

const TAG_UNDEFINED = 1;
const TAG_NULL = 2;
const TAG_FALSE = 3;
const TAG_TRUE = 4;
const TAG_NUMBER = 5;
const TAG_STRING = 6;
const TAG_BIGINT = 7;
const TAG_ARRAY = 8;
const TAG_OBJECT = 9;
const TAG_DATE = 10;
/** Ends a string; never occurs inside UTF-8. */
const STRING_END = 0xff;

const textEncoder = new TextEncoder();

/** Writes the canonical encoding of a key into a growable scratch buffer. */
class KeyEncoder {
  bytes = new Uint8Array(256);
  view = new DataView(this.bytes.buffer);
  pos = 0;
  busy = false;

  ensure(extra: number): void {
    const needed = this.pos + extra;
    if (needed <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.pos));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  write(key: unknown, depth: number): void {
    switch (typeof key) {
      case "string":
        this.ensure(1);
        this.bytes[this.pos++] = TAG_STRING;
        this.writeString(key);
        return;
      case "number":
        this.writeNumber(TAG_NUMBER, key);
        return;
      case "boolean":
        this.ensure(1);
        this.bytes[this.pos++] = key ? TAG_TRUE : TAG_FALSE;
        return;
      case "undefined":
        this.ensure(1);
        this.bytes[this.pos++] = TAG_UNDEFINED;
        return;
      case "bigint":
        this.ensure(1);
        this.bytes[this.pos++] = TAG_BIGINT;
        this.writeString(key.toString());
        return;
      case "object":
        if (key === null) {
          this.ensure(1);
          this.bytes[this.pos++] = TAG_NULL;
          return;
        }
        this.writeObject(key, depth);
        return;
      default:
        throw unsupported(key);
    }
  }

  writeNumber(tag: number, value: number): void {
    this.ensure(9);
    this.bytes[this.pos++] = tag;
    if (Number.isNaN(value)) {
      // One NaN bit pattern: setFloat64 may keep a NaN's payload, which differs between sources.
      this.view.setUint32(this.pos, 0, true);
      this.view.setUint32(this.pos + 4, 0x7ff80000, true);
    } else {
      // `value === 0` is true for -0 too: both become +0.
      this.view.setFloat64(this.pos, value === 0 ? 0 : value, true);
    }
    this.pos += 8;
  }

  writeString(s: string): void {
    const n = s.length;
    this.ensure(n * 3 + 1);
    const bytes = this.bytes;
    let pos = this.pos;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      bytes[pos++] = c;
    }
    if (i < n) {
      // Non-ASCII: let the platform encoder do the rest (surrogates, replacement characters).
      pos += textEncoder.encodeInto(i === 0 ? s : s.slice(i), bytes.subarray(pos)).written;
    }
    bytes[pos++] = STRING_END;
    this.pos = pos;
  }

  writeObject(key: object, depth: number): void {
    if (depth >= MAX_DEPTH) {
      throw new JobDefinitionError(`key is nested more than ${MAX_DEPTH} levels deep (or cyclic)`, {
        hint: "use a flat key such as a string, a number or a short tuple",
      });
    }
    if (Array.isArray(key)) {
      this.ensure(5);
      this.bytes[this.pos++] = TAG_ARRAY;
      this.view.setUint32(this.pos, key.length, true);
      this.pos += 4;
      for (let i = 0; i < key.length; i++) this.write(key[i], depth + 1);
      return;
    }
    if (key instanceof Date) {
      this.writeNumber(TAG_DATE, key.getTime());
      return;
    }
    const proto: unknown = Object.getPrototypeOf(key);
    if (proto !== Object.prototype && proto !== null) throw unsupported(key);
    const record = key as Record<string, unknown>;
    const names = Object.keys(record).sort();
    this.ensure(5);
    this.bytes[this.pos++] = TAG_OBJECT;
    this.view.setUint32(this.pos, names.length, true);
    this.pos += 4;
    for (const name of names) {
      this.writeString(name);
      this.write(record[name], depth + 1);
    }
  }
}

function unsupported(key: unknown): JobDefinitionError {
  return new JobDefinitionError(`a key of type ${describeType(key)} cannot be hashed`, {
    hint: "keys must be strings, numbers, booleans, bigints, null, undefined, Dates, arrays or plain objects of those",
  });
}

function describeType(value: unknown): string {
  if (typeof value !== "object" || value === null) return typeof value;
  const ctor = (value as { constructor?: { name?: unknown } }).constructor;
  return typeof ctor?.name === "string" && ctor.name !== "" ? ctor.name : "object";
}

const sharedEncoder = new KeyEncoder();

/**
 * 32-bit murmur3 (x86_32) of `bytes[0, length)` with `seed`, as an unsigned integer.
 * Exported for tests against the reference vectors.
 */
export function murmur3_32(bytes: Uint8Array, length: number, seed = 0): number {
  let h = seed | 0;
  const blockEnd = length & ~3;
  let i = 0;
  for (; i < blockEnd; i += 4) {
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const rest = length & 3;
  if (rest !== 0) {
    let k = 0;
    if (rest === 3) k ^= bytes[i + 2]! << 16;
    if (rest >= 2) k ^= bytes[i + 1]! << 8;
    k ^= bytes[i]!;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
  }
  h ^= length;
  return fmix32(h) >>> 0;
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

/**
 * The canonical 32-bit hash of a key (unsigned). Throws `JobDefinitionError` for keys that have no
 * canonical encoding (see the module comment).
 */
export function hashKey(key: unknown): number {
  // A getter on a key object may itself hash a key: give the nested call its own buffer.
  const encoder = sharedEncoder.busy ? new KeyEncoder() : sharedEncoder;
  encoder.busy = true;
  encoder.pos = 0;
  try {
    encoder.write(key, 0);
    return murmur3_32(encoder.bytes, encoder.pos);
  } finally {
    encoder.busy = false;
  }
}

/**
 * Flink's `MathUtils.murmurHash(int)`: scrambles an already computed hash so that key groups stay
 * well spread even for weak hashes; the result is non-negative.
 */
export function murmurMix(code: number): number {
  code = Math.imul(code | 0, 0xcc9e2d51);
  code = (code << 15) | (code >>> 17);
  code = Math.imul(code, 0x1b873593);
  code = (code << 13) | (code >>> 19);
  code = (Math.imul(code, 5) + 0xe6546b64) | 0;
  code ^= 4;
  code = fmix32(code);
  if (code >= 0) return code;
  return code !== -2147483648 ? -code : 0;
}

/** The key group of `key` among `maxParallelism` key groups. */
export function assignToKeyGroup(key: unknown, maxParallelism: number): number {
  return computeKeyGroupForKeyHash(hashKey(key), maxParallelism);
}

/** The key group of an already computed key hash (non-negative, `< maxParallelism`). */
export function computeKeyGroupForKeyHash(keyHash: number, maxParallelism: number): number {
  return murmurMix(keyHash) % maxParallelism;
}

/** The operator (subtask) index that owns `keyGroup`: `floor(keyGroup * parallelism / maxParallelism)`. */
export function computeOperatorIndexForKeyGroup(
  maxParallelism: number,
  parallelism: number,
  keyGroup: number,
): number {
  return Math.floor((keyGroup * parallelism) / maxParallelism);
}

/**
 * The contiguous, inclusive key-group range of subtask `operatorIndex` (Flink's
 * `computeKeyGroupRangeForOperatorIndex`); the ranges of all subtasks partition `[0, maxParallelism)`.
 */
export function computeKeyGroupRangeForOperatorIndex(
  maxParallelism: number,
  parallelism: number,
  operatorIndex: number,
): KeyGroupRange {
  checkParallelismPreconditions(parallelism, maxParallelism);
  if (!Number.isInteger(operatorIndex) || operatorIndex < 0 || operatorIndex >= parallelism) {
    throw new JobDefinitionError(`operator index ${operatorIndex} is outside [0, ${parallelism})`);
  }
  const start = Math.floor((operatorIndex * maxParallelism + parallelism - 1) / parallelism);
  const end = Math.floor(((operatorIndex + 1) * maxParallelism - 1) / parallelism);
  return { start, end };
}

/**
 * Flink's default max parallelism: `parallelism * 1.5` (integer arithmetic) rounded up to a power
 * of two, clamped to `[128, 32768]`.
 */
export function computeDefaultMaxParallelism(parallelism: number): number {
  const wanted = roundUpToPowerOfTwo(parallelism + Math.floor(parallelism / 2));
  return Math.min(Math.max(wanted, DEFAULT_LOWER_BOUND_MAX_PARALLELISM), UPPER_BOUND_MAX_PARALLELISM);
}

/** Throws `JobDefinitionError` unless `1 <= parallelism <= maxParallelism <= 32768`. */
export function checkParallelismPreconditions(parallelism: number, maxParallelism: number): void {
  if (
    !Number.isInteger(maxParallelism) ||
    maxParallelism < 1 ||
    maxParallelism > UPPER_BOUND_MAX_PARALLELISM
  ) {
    throw new JobDefinitionError(
      `max parallelism must be an integer in [1, ${UPPER_BOUND_MAX_PARALLELISM}], got ${maxParallelism}`,
      { hint: "set pipeline.max-parallelism or setMaxParallelism() within that range" },
    );
  }
  if (!Number.isInteger(parallelism) || parallelism < 1 || parallelism > maxParallelism) {
    throw new JobDefinitionError(
      `parallelism ${parallelism} must be an integer in [1, max parallelism ${maxParallelism}]`,
      { hint: "lower the parallelism or raise the max parallelism" },
    );
  }
}

function roundUpToPowerOfTwo(x: number): number {
  let p = 1;
  while (p < x) p *= 2;
  return p;
}
