import { describe, expect, it } from "vitest";
import { InternalError, JobDefinitionError } from "../../core/errors.js";
import { NO_TIMESTAMP, StreamRecord } from "../../operators/contract.js";
import { RecordDecoder } from "./codec-decoder.js";
import { RecordEncoder } from "./codec-encoder.js";
import * as F from "./codec-format.js";

function roundTrip(values: readonly unknown[], timestamps?: readonly number[]): StreamRecord<unknown>[] {
  const encoder = new RecordEncoder(16);
  for (let i = 0; i < values.length; i++) {
    encoder.write(new StreamRecord(values[i], timestamps?.[i] ?? NO_TIMESTAMP));
  }
  const out: StreamRecord<unknown>[] = [];
  const n = new RecordDecoder().decode(encoder.take(), out);
  expect(n).toBe(values.length);
  return out.slice(0, n);
}

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
  norm(): number {
    return Math.hypot(this.x, this.y);
  }
}

const VARIED: readonly unknown[] = [
  "",
  "word",
  "x".repeat(42),
  "y".repeat(43),
  "Grüße, 世界 🌍",
  "ü".repeat(1000),
  0,
  -0,
  1,
  127,
  128,
  -1,
  2 ** 31 - 1,
  -(2 ** 31),
  2 ** 31,
  2 ** 53 + 2,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  true,
  false,
  null,
  undefined,
  0n,
  -(2n ** 63n),
  2n ** 64n,
  -(10n ** 40n),
  new Date(1_700_000_000_123),
  new Date(Number.NaN),
  ["word", 1],
  [1, undefined, null, [2, [3, [4]]]],
  Array.from({ length: 40 }, (_, i) => i * 1.25),
  [],
  {},
  { a: 1, b: "two", c: [3], d: { e: undefined, f: null } },
  { b: 1, a: 2 },
  { ["__proto__"]: { polluted: true }, other: 1 },
  new Map<unknown, unknown>([
    ["k", 1],
    [2, { v: [true] }],
  ]),
  new Set([1, "1", [1]]),
  new Uint8Array([0, 1, 255]),
];

describe("record codec", () => {
  it("round-trips varied values faithfully", () => {
    const out = roundTrip(VARIED);
    out.forEach((record, i) => {
      expect(record.value).toStrictEqual(VARIED[i]);
      expect(record.timestamp).toBe(NO_TIMESTAMP);
    });
    expect(Object.is(out[VARIED.findIndex((v) => Object.is(v, -0))]!.value, -0)).toBe(true);
    const proto = out[VARIED.findIndex((v) => typeof v === "object" && v !== null && "other" in v)]!
      .value as object;
    expect(Object.getPrototypeOf(proto)).toBe(Object.prototype);
    expect(Object.keys(proto)).toEqual(["__proto__", "other"]);
  });

  it("decodes repeated short strings exactly, across cache collisions and buffers", () => {
    // 20,000 distinct strings of 1..40 chars (more than the decoder's string cache holds, so
    // slots collide and get replaced), each sent several times over several buffers.
    let seed = 7;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    const distinct = Array.from({ length: 20_000 }, (_, i) => {
      const length = 1 + (next() % 40);
      let s = "";
      for (let k = 0; k < length; k++) s += String.fromCharCode(32 + (next() % 95));
      return `${s}${i % 3 === 0 ? "" : String(i)}`.slice(0, length);
    });
    const encoder = new RecordEncoder(64);
    const decoder = new RecordDecoder();
    for (let round = 0; round < 3; round++) {
      const values = distinct.map((_, i) => distinct[(i * 7919 + round) % distinct.length]!);
      for (let start = 0; start < values.length; start += 1000) {
        const batch = values.slice(start, start + 1000);
        for (const v of batch) encoder.write(new StreamRecord([v, v.length]));
        const out: StreamRecord<unknown>[] = [];
        const n = decoder.decode(encoder.take(), out);
        expect(out.slice(0, n).map((r) => r.value)).toEqual(batch.map((v) => [v, v.length]));
      }
    }
  });

  it("replaces lone surrogates with U+FFFD (strings travel as UTF-8)", () => {
    const [record] = roundTrip(["\ud800 lone surrogate"]);
    expect(record!.value).toBe("\ufffd lone surrogate");
  });

  it("round-trips timestamps", () => {
    const timestamps = [NO_TIMESTAMP, 0, 1_700_000_000_000, -5, 1.5, Number.POSITIVE_INFINITY];
    const out = roundTrip(
      timestamps.map((_, i) => i),
      timestamps,
    );
    expect(out.map((r) => r.timestamp)).toEqual(timestamps);
  });

  it("sends class instances as plain objects of their own fields", () => {
    const [record] = roundTrip([new Point(3, 4)]);
    expect(record!.value).toStrictEqual({ x: 3, y: 4 });
  });

  it("turns array holes into undefined and keeps Buffers as Uint8Array bytes", () => {
    // biome-ignore lint/suspicious/noSparseArray: testing holes on purpose
    const [holes, bytes] = roundTrip([[1, , 3], Buffer.from("hi")]);
    expect(holes!.value).toStrictEqual([1, undefined, 3]);
    expect(bytes!.value).toStrictEqual(new Uint8Array([104, 105]));
  });

  it("defines a shape once per stream and references it in later buffers", () => {
    const encoder = new RecordEncoder();
    const decoder = new RecordDecoder();
    const bid = (i: number) => ({
      auction: i,
      bidder: i * 7,
      price: 100 + i,
      channel: "web",
      url: "u",
      dateTime: i,
    });
    encoder.write(new StreamRecord(bid(1)));
    const first = encoder.take();
    encoder.write(new StreamRecord(bid(2)));
    const second = encoder.take();
    expect(second.byteLength).toBeLessThan(first.byteLength - 30);
    expect(new Uint8Array(second)[1]).toBe(F.FIXSHAPE_BASE);
    const out: StreamRecord<unknown>[] = [];
    decoder.decode(first, out);
    expect(out[0]!.value).toStrictEqual(bid(1));
    decoder.decode(second, out);
    expect(out[0]!.value).toStrictEqual(bid(2));
    // Many uses (the decoder compiles a reader for hot shapes) still decode equal objects.
    for (let i = 0; i < 50; i++) encoder.write(new StreamRecord(bid(i)));
    const n = decoder.decode(encoder.take(), out);
    expect(out.slice(0, n).map((r) => r.value)).toStrictEqual(Array.from({ length: 50 }, (_, i) => bid(i)));
  });

  it("keeps integer-like keys in JavaScript's property order, also for compiled shapes", () => {
    const values = Array.from({ length: 20 }, (_, i) => ({ name: `n${i}`, 2: i, 10: "ten", 1: [i] }));
    const out = roundTrip(values);
    expect(out.map((r) => r.value)).toStrictEqual(values);
    expect(Object.keys(out[19]!.value as object)).toEqual(["1", "2", "10", "name"]);
  });

  it("stays correct beyond the shape table limits", () => {
    const values: unknown[] = [];
    for (let i = 0; i < F.MAX_SHAPES + 100; i++) values.push({ [`k${i}`]: i });
    values.push(Object.fromEntries(Array.from({ length: F.MAX_SHAPE_KEYS + 5 }, (_, i) => [`f${i}`, i])));
    values.push({ k0: "again" }, { k70: "again" }, { [`k${F.MAX_SHAPES + 50}`]: "late" });
    const out = roundTrip(values);
    expect(out.map((r) => r.value)).toStrictEqual(values);
  });

  it("reuses the StreamRecord instances of the output array", () => {
    const encoder = new RecordEncoder();
    const decoder = new RecordDecoder();
    const out: StreamRecord<unknown>[] = [];
    encoder.write(new StreamRecord("a", 1));
    encoder.write(new StreamRecord("b", 2));
    decoder.decode(encoder.take(), out);
    const [r0, r1] = out;
    encoder.write(new StreamRecord("c"));
    expect(decoder.decode(encoder.take(), out)).toBe(1);
    expect(out[0]).toBe(r0);
    expect(out[1]).toBe(r1);
    expect(out[0]!.value).toBe("c");
    expect(out[0]!.timestamp).toBe(NO_TIMESTAMP);
  });

  it("rejects unsupported values and leaves the stream intact", () => {
    const encoder = new RecordEncoder();
    encoder.write(new StreamRecord({ ok: 1 }));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const bad: [unknown, string][] = [
      [() => 1, "function"],
      [{ nested: [Symbol("s")] }, "symbol"],
      [{ fresh: 1, f: () => 2 }, "function"],
      [new Float64Array(2), "Float64Array"],
      [cyclic, "levels deep"],
    ];
    for (const [value, message] of bad) {
      expect(() => encoder.write(new StreamRecord(value))).toThrow(JobDefinitionError);
      expect(() => encoder.write(new StreamRecord(value))).toThrow(message);
    }
    expect(encoder.count).toBe(1);
    // The shape { fresh, f } was rolled back: the next object of that shape defines it again.
    encoder.write(new StreamRecord({ fresh: 2, f: "now a string" }));
    const out: StreamRecord<unknown>[] = [];
    expect(new RecordDecoder().decode(encoder.take(), out)).toBe(2);
    expect(out.slice(0, 2).map((r) => r.value)).toStrictEqual([{ ok: 1 }, { fresh: 2, f: "now a string" }]);
  });

  it("grows its scratch buffer for large records", () => {
    const big = { text: "z".repeat(200_000), list: Array.from({ length: 10_000 }, (_, i) => `item-${i}`) };
    const [record] = roundTrip([big]);
    expect(record!.value).toStrictEqual(big);
  });

  it("reports corrupt input as an InternalError", () => {
    const decoder = new RecordDecoder();
    expect(() => decoder.decode(new Uint8Array([7]).buffer, [])).toThrow(InternalError);
    expect(() => decoder.decode(new Uint8Array([F.TS_NONE, 0x94]).buffer, [])).toThrow(InternalError);
    expect(() => decoder.decode(new Uint8Array([F.TS_NONE, F.SHAPE_REF, 5]).buffer, [])).toThrow(
      InternalError,
    );
    expect(() => decoder.decode(new Uint8Array([F.TS_NONE, F.STR32_ASCII, 255, 0, 0, 0]).buffer, [])).toThrow(
      InternalError,
    );
  });
});
