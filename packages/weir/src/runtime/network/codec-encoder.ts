/**
 * Serializes `StreamRecord`s into network buffers (format: codec-format.ts). One encoder per
 * stream: shapes defined in earlier buffers are referenced by id in later ones, so the buffers it
 * produces must reach one decoder, all of them, in order.
 *
 * Values preserved: strings (as UTF-8: a lone surrogate arrives as U+FFFD), numbers (including `-0`, NaN, ±Infinity), booleans, `null`,
 * `undefined` (also inside arrays and objects; array holes become `undefined`), nested arrays and
 * plain objects, bigint, `Date`, `Map`, `Set`, `Uint8Array` (a Node `Buffer` arrives as a
 * `Uint8Array`). Class instances travel as plain objects of their own enumerable string-keyed
 * properties (as with structured clone: the prototype is not transferred). Shared references are
 * not preserved (a value referenced twice arrives as two copies). Functions, symbols, typed arrays
 * other than `Uint8Array`, and cyclic or more than `MAX_DEPTH`-deep values throw a
 * `JobDefinitionError`; the encoder is then unchanged (the failed record is rolled back).
 *
 * Allocation: records are written into one growable scratch buffer; `take()` copies the bytes
 * into a fresh, transferable `ArrayBuffer` (one copy per network buffer) and rewinds.
 */
import { Buffer } from "node:buffer";
import { JobDefinitionError } from "../../core/errors.js";
import { NO_TIMESTAMP, type StreamRecord } from "../../operators/contract.js";
import * as F from "./codec-format.js";

interface ShapeNode {
  readonly keys: readonly string[];
  children: Map<string, ShapeNode> | undefined;
  /** Shape id once defined on the stream, else -1. */
  id: number;
}

/** Scratch buffers larger than this shrink back after each `take()`. */
const SHRINK_ABOVE = 1024 * 1024;

/** Node's native UTF-8 writer (undocumented but long-standing); `Buffer#write` otherwise. */
type Utf8Writer = (target: Buffer, value: string, offset: number) => number;
const fastBufferProto = Buffer.prototype as unknown as { utf8Write?: (s: string, offset: number) => number };
const utf8Write: Utf8Writer =
  typeof fastBufferProto.utf8Write === "function"
    ? (target, value, offset) =>
        (target as unknown as { utf8Write(s: string, o: number): number }).utf8Write(value, offset)
    : (target, value, offset) => target.write(value, offset, "utf8");

export class RecordEncoder {
  private bytes: Buffer;
  private view: DataView;
  private pos = 0;
  private records = 0;
  private readonly root: ShapeNode = { keys: [], children: undefined, id: -1 };
  private readonly shapes: ShapeNode[] = [];
  private nodeCount = 1;

  private readonly initialCapacity: number;

  constructor(initialCapacity = 1024) {
    this.initialCapacity = Math.max(64, initialCapacity);
    this.bytes = Buffer.allocUnsafe(this.initialCapacity);
    this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  }

  /** Bytes written since the last `take()`. */
  get size(): number {
    return this.pos;
  }

  /** Records written since the last `take()`. */
  get count(): number {
    return this.records;
  }

  /** Appends one record. On error nothing is appended and the stream state is unchanged. */
  write(record: StreamRecord<unknown>): void {
    const start = this.pos;
    const shapesBefore = this.shapes.length;
    try {
      this.ensure(9);
      const ts = record.timestamp;
      if (ts === NO_TIMESTAMP) {
        this.bytes[this.pos++] = F.TS_NONE;
      } else {
        this.bytes[this.pos++] = F.TS_FLOAT64;
        this.view.setFloat64(this.pos, ts, true);
        this.pos += 8;
      }
      this.writeValue(record.value, 0);
      this.records++;
    } catch (e) {
      this.pos = start;
      for (let id = shapesBefore; id < this.shapes.length; id++) this.shapes[id]!.id = -1;
      this.shapes.length = shapesBefore;
      throw e;
    }
  }

  /** Copies the bytes written so far into a new `ArrayBuffer` and starts an empty buffer. */
  take(): ArrayBuffer {
    const out = new ArrayBuffer(this.pos);
    new Uint8Array(out).set(this.bytes.subarray(0, this.pos));
    this.pos = 0;
    this.records = 0;
    // One huge record must not pin a huge scratch buffer for the rest of the stream.
    if (this.bytes.length > SHRINK_ABOVE) this.reallocate(this.initialCapacity);
    return out;
  }

  private ensure(extra: number): void {
    const needed = this.pos + extra;
    if (needed <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    this.reallocate(capacity);
  }

  private reallocate(capacity: number): void {
    const next = Buffer.allocUnsafe(capacity);
    this.bytes.copy(next, 0, 0, this.pos);
    this.bytes = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }

  private writeValue(value: unknown, depth: number): void {
    switch (typeof value) {
      case "string":
        this.writeString(value);
        return;
      case "number":
        this.writeNumber(value);
        return;
      case "boolean":
        this.ensure(1);
        this.bytes[this.pos++] = value ? F.TRUE : F.FALSE;
        return;
      case "undefined":
        this.ensure(1);
        this.bytes[this.pos++] = F.UNDEFINED;
        return;
      case "object":
        if (value === null) {
          this.ensure(1);
          this.bytes[this.pos++] = F.NULL;
        } else {
          this.writeObject(value, depth);
        }
        return;
      case "bigint":
        this.writeBigInt(value);
        return;
      default:
        throw unsupported(typeof value);
    }
  }

  private writeNumber(value: number): void {
    this.ensure(9);
    if ((value | 0) === value && (value !== 0 || 1 / value > 0)) {
      if (value >= 0 && value <= F.FIXINT_MAX) {
        this.bytes[this.pos++] = value;
      } else {
        this.bytes[this.pos++] = F.INT32;
        this.view.setInt32(this.pos, value, true);
        this.pos += 4;
      }
    } else {
      this.bytes[this.pos++] = F.FLOAT64;
      this.view.setFloat64(this.pos, value, true);
      this.pos += 8;
    }
  }

  private writeString(value: string): void {
    const units = value.length;
    if (units < F.SHORT_STRING_UNITS) {
      this.ensure(2 + units * 3);
      const bytes = this.bytes;
      const start = this.pos;
      let pos = start + 2;
      let i = 0;
      for (; i < units; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) break;
        bytes[pos++] = c;
      }
      if (i === units) {
        bytes[start] = F.STR8_ASCII;
      } else {
        pos = start + 2 + utf8Write(bytes, value, start + 2);
        bytes[start] = F.STR8_UTF8;
      }
      bytes[start + 1] = pos - start - 2;
      this.pos = pos;
      return;
    }
    this.ensure(5 + units * 3);
    const start = this.pos;
    const written = utf8Write(this.bytes, value, start + 5);
    // UTF-8 length equals the UTF-16 length exactly when every unit is ASCII.
    this.bytes[start] = written === units ? F.STR32_ASCII : F.STR32_UTF8;
    this.view.setUint32(start + 1, written, true);
    this.pos = start + 5 + written;
  }

  private writeVarint(n: number): void {
    this.ensure(5);
    while (n >= 0x80) {
      this.bytes[this.pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.bytes[this.pos++] = n;
  }

  private writeBigInt(value: bigint): void {
    if (BigInt.asIntN(64, value) === value) {
      this.ensure(9);
      this.bytes[this.pos++] = F.BIGINT64;
      this.view.setBigInt64(this.pos, value, true);
      this.pos += 8;
    } else {
      this.ensure(1);
      this.bytes[this.pos++] = F.BIGINT_TEXT;
      this.writeString(value.toString());
    }
  }

  private writeObject(value: object, depth: number): void {
    if (depth >= F.MAX_DEPTH) {
      throw new JobDefinitionError(
        `a record value is nested more than ${F.MAX_DEPTH} levels deep (or cyclic)`,
        {
          hint: "records crossing a network edge must be trees of plain data",
        },
      );
    }
    if (Array.isArray(value)) {
      this.writeArray(value, depth);
      return;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      this.writePlainObject(value as Record<string, unknown>, depth);
    } else if (value instanceof Date) {
      this.ensure(9);
      this.bytes[this.pos++] = F.DATE;
      this.view.setFloat64(this.pos, value.getTime(), true);
      this.pos += 8;
    } else if (value instanceof Map) {
      this.ensure(1);
      this.bytes[this.pos++] = F.MAP;
      this.writeVarint(value.size);
      for (const [k, v] of value) {
        this.writeValue(k, depth + 1);
        this.writeValue(v, depth + 1);
      }
    } else if (value instanceof Set) {
      this.ensure(1);
      this.bytes[this.pos++] = F.SET;
      this.writeVarint(value.size);
      for (const v of value) this.writeValue(v, depth + 1);
    } else if (value instanceof Uint8Array) {
      this.ensure(1);
      this.bytes[this.pos++] = F.BYTES;
      this.writeVarint(value.length);
      this.ensure(value.length);
      this.bytes.set(value, this.pos);
      this.pos += value.length;
    } else if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer || value instanceof Promise) {
      throw unsupported(value.constructor.name);
    } else {
      this.writeInstance(value, depth);
    }
  }

  private writeArray(value: readonly unknown[], depth: number): void {
    const n = value.length;
    this.ensure(1);
    if (n <= F.FIXARRAY_MAX_LENGTH) {
      this.bytes[this.pos++] = F.FIXARRAY_BASE + n;
    } else {
      this.bytes[this.pos++] = F.ARRAY;
      this.writeVarint(n);
    }
    for (let i = 0; i < n; i++) this.writeValue(value[i], depth + 1);
  }

  /** Plain objects: shape by `for...in` (no key array allocated), values in the same order. */
  private writePlainObject(value: Record<string, unknown>, depth: number): void {
    let node: ShapeNode | undefined = this.root;
    for (const key in value) {
      node = this.child(node, key);
      if (node === undefined) break;
    }
    if (node === undefined || !this.writeShapeHeader(node)) {
      this.writeLooseObject(value, Object.keys(value), depth);
      return;
    }
    for (const key in value) this.writeValue(value[key], depth + 1);
  }

  /** Class instances: own enumerable string keys only (their prototype may add enumerable keys). */
  private writeInstance(value: object, depth: number): void {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    let node: ShapeNode | undefined = this.root;
    for (let i = 0; i < keys.length && node !== undefined; i++) node = this.child(node, keys[i]!);
    if (node === undefined || !this.writeShapeHeader(node)) {
      this.writeLooseObject(record, keys, depth);
      return;
    }
    for (let i = 0; i < keys.length; i++) this.writeValue(record[keys[i]!], depth + 1);
  }

  private child(node: ShapeNode, key: string): ShapeNode | undefined {
    const next = node.children?.get(key);
    if (next !== undefined) return next;
    if (this.nodeCount >= F.MAX_SHAPE_NODES || node.keys.length >= F.MAX_SHAPE_KEYS) return undefined;
    const created: ShapeNode = { keys: [...node.keys, key], children: undefined, id: -1 };
    node.children ??= new Map();
    node.children.set(key, created);
    this.nodeCount++;
    return created;
  }

  /** Writes the shape reference (defining it first if new); false when the shape table is full. */
  private writeShapeHeader(node: ShapeNode): boolean {
    if (node.id >= 0) {
      this.ensure(1);
      if (node.id <= F.FIXSHAPE_MAX_ID) {
        this.bytes[this.pos++] = F.FIXSHAPE_BASE + node.id;
      } else {
        this.bytes[this.pos++] = F.SHAPE_REF;
        this.writeVarint(node.id);
      }
      return true;
    }
    if (this.shapes.length >= F.MAX_SHAPES) return false;
    node.id = this.shapes.length;
    this.shapes.push(node);
    this.ensure(1);
    this.bytes[this.pos++] = F.SHAPE_DEF;
    this.writeVarint(node.keys.length);
    for (const key of node.keys) this.writeString(key);
    return true;
  }

  private writeLooseObject(value: Record<string, unknown>, keys: readonly string[], depth: number): void {
    this.ensure(1);
    this.bytes[this.pos++] = F.OBJECT;
    this.writeVarint(keys.length);
    for (const key of keys) {
      this.writeString(key);
      this.writeValue(value[key], depth + 1);
    }
  }
}

function unsupported(typeName: string): JobDefinitionError {
  return new JobDefinitionError(`a value of type ${typeName} cannot be sent over a network edge`, {
    hint: "records crossing an exchange (keyBy, rebalance, ...) must be plain data: strings, numbers, booleans, null, undefined, bigint, Date, Map, Set, Uint8Array, arrays and objects of those",
  });
}
