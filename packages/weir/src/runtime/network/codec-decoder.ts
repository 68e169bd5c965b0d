/**
 * Deserializes network buffers written by `RecordEncoder` (format: codec-format.ts). One decoder
 * per stream (channel); it must be given every buffer of that stream, in order, because objects
 * refer to shapes defined in earlier buffers.
 *
 * `decode` fills a caller-owned array of `StreamRecord`s, reusing the instances already in it, so
 * the per-record cost is the value itself. Values are always fresh objects (operators may keep
 * them). Malformed input throws an `InternalError` (a codec bug or a mixed-up stream, never user
 * data).
 */
import { Buffer } from "node:buffer";
import { InternalError } from "../../core/errors.js";
import { NO_TIMESTAMP, StreamRecord } from "../../operators/contract.js";
import * as F from "./codec-format.js";
import { AsciiStringCache, decodeUtf8 } from "./codec-strings.js";

interface Shape {
  readonly keys: readonly string[];
  /** `__proto__` must be defined, not assigned (assignment would set the prototype). */
  readonly hasProtoKey: boolean;
  uses: number;
  read: ((decoder: RecordDecoder) => Record<string, unknown>) | undefined;
}

/** A shape is compiled into an object-literal reader after this many uses (monomorphic, faster). */
const COMPILE_AFTER_USES = 8;

export class RecordDecoder {
  private bytes: Buffer = Buffer.alloc(0);
  private view: DataView = new DataView(new ArrayBuffer(0));
  private pos = 0;
  private readonly shapes: Shape[] = [];
  private readonly asciiStrings = new AsciiStringCache();

  /**
   * Decodes every record of `buffer` into `out[0..n)`, creating `StreamRecord`s only where `out`
   * has none yet, and returns `n`. Entries beyond `n` are left as they were.
   */
  decode(buffer: ArrayBuffer, out: StreamRecord<unknown>[]): number {
    this.bytes = Buffer.from(buffer);
    this.view = new DataView(buffer);
    this.pos = 0;
    const end = buffer.byteLength;
    let n = 0;
    try {
      while (this.pos < end) {
        const header = this.bytes[this.pos++];
        let timestamp = NO_TIMESTAMP;
        if (header === F.TS_FLOAT64) {
          timestamp = this.view.getFloat64(this.pos, true);
          this.pos += 8;
        } else if (header !== F.TS_NONE) {
          throw new InternalError(
            `network buffer corrupt: record header ${String(header)} at byte ${this.pos - 1}`,
          );
        }
        const value = this.readValue();
        const record = out[n];
        if (record === undefined) {
          out[n] = new StreamRecord(value, timestamp);
        } else {
          record.value = value;
          record.timestamp = timestamp;
        }
        n++;
      }
      if (this.pos !== end) throw new InternalError("network buffer corrupt: a record runs past the end");
    } catch (e) {
      if (e instanceof InternalError) throw e;
      throw new InternalError("network buffer corrupt", { cause: e });
    } finally {
      // Do not keep the last buffer reachable.
      this.bytes = EMPTY;
    }
    return n;
  }

  /** Reads the next value (public for the compiled shape readers only). */
  readValue(): unknown {
    const tag = this.bytes[this.pos++]!;
    if (tag <= F.FIXINT_MAX) return tag;
    if (tag >= F.FIXSHAPE_BASE) return this.readShaped(tag - F.FIXSHAPE_BASE);
    if (tag >= F.FIXARRAY_BASE && tag <= F.FIXARRAY_BASE + F.FIXARRAY_MAX_LENGTH) {
      return this.readArray(tag - F.FIXARRAY_BASE);
    }
    switch (tag) {
      case F.STR8_ASCII:
        return this.readAscii(this.bytes[this.pos++]!);
      case F.STR8_UTF8:
        return this.readUtf8(this.bytes[this.pos++]!);
      case F.UNDEFINED:
        return undefined;
      case F.NULL:
        return null;
      case F.FALSE:
        return false;
      case F.TRUE:
        return true;
      case F.INT32: {
        const v = this.view.getInt32(this.pos, true);
        this.pos += 4;
        return v;
      }
      case F.FLOAT64: {
        const v = this.view.getFloat64(this.pos, true);
        this.pos += 8;
        return v;
      }
      case F.STR32_ASCII: {
        const length = this.view.getUint32(this.pos, true);
        this.pos += 4;
        return this.readAscii(length);
      }
      case F.STR32_UTF8: {
        const length = this.view.getUint32(this.pos, true);
        this.pos += 4;
        return this.readUtf8(length);
      }
      case F.ARRAY:
        return this.readArray(this.readVarint());
      case F.SHAPE_DEF:
        return this.readShapeDefinition();
      case F.SHAPE_REF:
        return this.readShaped(this.readVarint());
      case F.OBJECT:
        return this.readLooseObject();
      case F.BIGINT64: {
        const v = this.view.getBigInt64(this.pos, true);
        this.pos += 8;
        return v;
      }
      case F.BIGINT_TEXT:
        return BigInt(this.readString());
      case F.DATE: {
        const v = this.view.getFloat64(this.pos, true);
        this.pos += 8;
        return new Date(v);
      }
      case F.MAP: {
        const size = this.readVarint();
        const map = new Map<unknown, unknown>();
        for (let i = 0; i < size; i++) {
          const k = this.readValue();
          map.set(k, this.readValue());
        }
        return map;
      }
      case F.SET: {
        const size = this.readVarint();
        const set = new Set<unknown>();
        for (let i = 0; i < size; i++) set.add(this.readValue());
        return set;
      }
      case F.BYTES: {
        const length = this.readVarint();
        const copy = new Uint8Array(length);
        copy.set(this.bytes.subarray(this.pos, this.pos + length));
        this.pos += length;
        return copy;
      }
      default:
        throw new InternalError(
          `network buffer corrupt: unknown tag 0x${tag.toString(16)} at byte ${this.pos - 1}`,
        );
    }
  }

  private readVarint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.bytes[this.pos++]!;
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
      shift += 7;
    }
  }

  private readAscii(length: number): string {
    const start = this.pos;
    this.pos = start + length;
    return this.asciiStrings.decode(this.bytes, start, length);
  }

  private readUtf8(length: number): string {
    const start = this.pos;
    this.pos = start + length;
    return decodeUtf8(this.bytes, start, length);
  }

  /** A string value (key of a shape or loose object, bigint text): tag then bytes. */
  private readString(): string {
    const value = this.readValue();
    if (typeof value !== "string") throw new InternalError("network buffer corrupt: expected a string");
    return value;
  }

  private readArray(length: number): unknown[] {
    const array = new Array<unknown>(length);
    for (let i = 0; i < length; i++) array[i] = this.readValue();
    return array;
  }

  private readShapeDefinition(): Record<string, unknown> {
    const count = this.readVarint();
    const keys: string[] = [];
    for (let i = 0; i < count; i++) keys.push(this.readString());
    this.shapes.push({ keys, hasProtoKey: keys.includes("__proto__"), uses: 0, read: undefined });
    return this.readShaped(this.shapes.length - 1);
  }

  private readShaped(id: number): Record<string, unknown> {
    const shape = this.shapes[id];
    if (shape === undefined) throw new InternalError(`network buffer corrupt: unknown shape ${id}`);
    if (shape.read !== undefined) return shape.read(this);
    if (++shape.uses === COMPILE_AFTER_USES && !shape.hasProtoKey) shape.read = compileReader(shape.keys);
    const keys = shape.keys;
    const object: Record<string, unknown> = {};
    if (shape.hasProtoKey) {
      for (let i = 0; i < keys.length; i++) defineField(object, keys[i]!, this.readValue());
    } else {
      for (let i = 0; i < keys.length; i++) object[keys[i]!] = this.readValue();
    }
    return object;
  }

  private readLooseObject(): Record<string, unknown> {
    const count = this.readVarint();
    const object: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) {
      const key = this.readString();
      defineField(object, key, this.readValue());
    }
    return object;
  }
}

const EMPTY = Buffer.alloc(0);

function defineField(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

/**
 * `d => ({ "k1": d.readValue(), ... })`: one object literal per shape gives V8 one hidden class and
 * monomorphic stores. Returns undefined where code generation is disallowed
 * (`--disallow-code-generation-from-strings`); the generic loop is used then.
 */
function compileReader(
  keys: readonly string[],
): ((decoder: RecordDecoder) => Record<string, unknown>) | undefined {
  try {
    const fields = keys.map((k) => `${JSON.stringify(k)}: d.readValue()`).join(", ");
    return new Function("d", `return { ${fields} };`) as (decoder: RecordDecoder) => Record<string, unknown>;
  } catch {
    return undefined;
  }
}
