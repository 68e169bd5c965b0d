/**
 * Binary-comparable sort keys for BATCH's sorted inputs: `(key group, key)` encoded as bytes so
 * that comparing them orders by key group first and groups equal keys together. The bytes are
 * held as a latin1 string (one char per byte): V8 stores it compactly and compares it natively,
 * and string order is byte order (`compareSortKeys`).
 *
 * Equality follows the key-group hash (core/keygroups.ts) exactly: two keys get the same bytes iff
 * they hash as the same key (strings by their UTF-8 text, numbers by value with `-0` = `0` and one
 * NaN, type tags so `"1"`, `1`, `1n` and `[1]` differ, arrays element by element, plain objects
 * field by field with sorted names, Dates by time). The order is also meaningful where cheap:
 * numbers and Dates by value (IEEE-754 bits with the sign flipped), strings and arrays
 * lexicographically (strings by UTF-8 bytes, NUL/0x01 escaped so a prefix sorts first).
 * Keys the hash rejects (functions, Maps, class instances) never reach here: the keyBy exchange
 * already failed on them.
 */
import { Buffer } from "node:buffer";
import { JobDefinitionError } from "../../core/errors.js";

const END = 0;
const T_UNDEFINED = 1;
const T_NULL = 2;
const T_FALSE = 3;
const T_TRUE = 4;
const T_NUMBER = 5;
const T_STRING = 6;
const T_BIGINT = 7;
const T_ARRAY = 8;
const T_OBJECT = 9;
const T_DATE = 10;
const MAX_DEPTH = 64;

/** Writes sort keys into one growable scratch buffer; `encode` copies the result out. */
export class SortKeyEncoder {
  private bytes = Buffer.allocUnsafe(256);
  private pos = 0;

  /** The sort key of `key` in key group `keyGroup`, as a latin1 string of its bytes. */
  encode(keyGroup: number, key: unknown): string {
    const prefix = String.fromCharCode((keyGroup >>> 8) & 0xff, keyGroup & 0xff);
    // Fast path: an ASCII string without the escaped bytes 0 and 1 encodes as itself.
    if (typeof key === "string" && isPlainAscii(key)) return `${prefix}\u0006${key}\u0000`;
    this.pos = 0;
    this.write(key, 0);
    return prefix + this.bytes.toString("latin1", 0, this.pos);
  }

  private ensure(extra: number): void {
    const needed = this.pos + extra;
    if (needed <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = Buffer.allocUnsafe(capacity);
    this.bytes.copy(grown, 0, 0, this.pos);
    this.bytes = grown;
  }

  private tag(t: number): void {
    this.ensure(1);
    this.bytes[this.pos++] = t;
  }

  private write(key: unknown, depth: number): void {
    switch (typeof key) {
      case "string":
        this.tag(T_STRING);
        this.writeString(key);
        return;
      case "number":
        this.tag(T_NUMBER);
        this.writeNumber(key);
        return;
      case "boolean":
        this.tag(key ? T_TRUE : T_FALSE);
        return;
      case "undefined":
        this.tag(T_UNDEFINED);
        return;
      case "bigint":
        this.tag(T_BIGINT);
        this.writeString(key.toString());
        return;
      case "object":
        if (key === null) this.tag(T_NULL);
        else this.writeObject(key, depth);
        return;
      default:
        throw new JobDefinitionError(`a key of type ${typeof key} cannot be sorted`);
    }
  }

  /** Float64 big-endian with the sign bit flipped (negatives: all bits), so bytes order as values. */
  private writeNumber(value: number): void {
    this.ensure(8);
    const v = Number.isNaN(value) ? Number.NaN : value === 0 ? 0 : value;
    this.bytes.writeDoubleBE(v, this.pos);
    if ((this.bytes[this.pos]! & 0x80) !== 0) {
      for (let i = 0; i < 8; i++) this.bytes[this.pos + i] = ~this.bytes[this.pos + i]! & 0xff;
    } else {
      this.bytes[this.pos] = this.bytes[this.pos]! | 0x80;
    }
    this.pos += 8;
  }

  private writeString(s: string): void {
    const encoded = Buffer.from(s, "utf8");
    this.ensure(encoded.length * 2 + 1);
    for (let i = 0; i < encoded.length; i++) {
      const b = encoded[i]!;
      if (b <= 1) {
        this.bytes[this.pos++] = 1;
        this.bytes[this.pos++] = b + 1;
      } else {
        this.bytes[this.pos++] = b;
      }
    }
    this.bytes[this.pos++] = END;
  }

  private writeObject(key: object, depth: number): void {
    if (depth >= MAX_DEPTH) throw new JobDefinitionError(`key is nested more than ${MAX_DEPTH} levels deep`);
    if (Array.isArray(key)) {
      this.tag(T_ARRAY);
      for (let i = 0; i < key.length; i++) this.write(key[i], depth + 1);
      this.tag(END);
      return;
    }
    if (key instanceof Date) {
      this.tag(T_DATE);
      this.writeNumber(key.getTime());
      return;
    }
    const record = key as Record<string, unknown>;
    this.tag(T_OBJECT);
    for (const name of Object.keys(record).sort()) {
      this.writeString(name);
      this.write(record[name], depth + 1);
    }
    this.tag(END);
  }
}

/** Byte-wise comparison of two sort keys. */
export function compareSortKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isPlainAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 1 || c >= 0x80) return false;
  }
  return true;
}
