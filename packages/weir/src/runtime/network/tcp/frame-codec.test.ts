import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import type { NetworkEvent } from "../types.js";
import { DataConnectionError } from "./errors.js";
import { decodeEvent, encodeEvent } from "./event-codec.js";
import { FrameDecoder } from "./frame-decoder.js";
import { FrameKind, HEADER_BYTES, writeHeader } from "./frame-format.js";
import { type FrameSink, FrameWriter } from "./frame-writer.js";
import { decodeHello, encodeHello } from "./handshake.js";

/** Deterministic PRNG (mulberry32) so every run checks the same cases. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Frame {
  kind: FrameKind;
  channel: number;
  payload: Uint8Array;
}

/** A sink that records what the writer hands to the socket. */
class RecordingSink implements FrameSink {
  readonly chunks: Uint8Array[] = [];
  writeCalls = 0;
  corks = 0;
  write(chunk: Uint8Array): boolean {
    this.writeCalls++;
    this.chunks.push(chunk);
    return true;
  }
  cork(): void {
    this.corks++;
  }
  uncork(): void {}
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function manualWriter(): { writer: FrameWriter; sink: RecordingSink; pending: (() => void)[] } {
  const sink = new RecordingSink();
  const pending: (() => void)[] = [];
  return { writer: new FrameWriter(sink, (flush) => pending.push(flush)), sink, pending };
}

function randomFrames(random: () => number, n: number): Frame[] {
  const events: NetworkEvent[] = [
    { kind: "watermark", timestamp: Number.POSITIVE_INFINITY },
    { kind: "watermark", timestamp: -0 },
    { kind: "watermarkStatus", idle: true },
    { kind: "endOfPartition" },
    { kind: "barrier", checkpointId: 42, timestamp: 1_700_000_000_123 },
  ];
  const frames: Frame[] = [];
  for (let i = 0; i < n; i++) {
    const channel = Math.floor(random() * 5) * 0x1000_0001;
    const r = random();
    if (r < 0.45) {
      // Data of every size class: empty, small (copied into the arena), large (queued uncopied).
      const size =
        random() < 0.1 ? 0 : random() < 0.6 ? Math.floor(random() * 300) : Math.floor(random() * 9000);
      const payload = new Uint8Array(size);
      for (let k = 0; k < size; k++) payload[k] = Math.floor(random() * 256);
      frames.push({ kind: FrameKind.Data, channel, payload });
    } else if (r < 0.65) {
      const payload = encodeEvent(events[Math.floor(random() * events.length)]!)!;
      frames.push({ kind: FrameKind.Event, channel, payload });
    } else if (r < 0.9) {
      const payload = Buffer.alloc(4);
      payload.writeUInt32BE(1 + Math.floor(random() * 0xfffffffe));
      frames.push({ kind: FrameKind.Credit, channel, payload });
    } else if (r < 0.97) {
      frames.push({ kind: FrameKind.Close, channel, payload: new Uint8Array(0) });
    } else {
      frames.push({ kind: FrameKind.Hello, channel: 0, payload: encodeHello(`p${i}`) });
    }
  }
  return frames;
}

function decoderCollecting(maxPayload = 1 << 20): { decoder: FrameDecoder; got: Frame[] } {
  const got: Frame[] = [];
  const decoder = new FrameDecoder(
    (kind, channel, payload) => {
      if (kind === FrameKind.Data) {
        // The gate takes ownership of an ArrayBuffer holding exactly the buffer's bytes.
        expect(payload.byteOffset).toBe(0);
        expect(payload.buffer.byteLength).toBe(payload.length);
        got.push({ kind, channel, payload });
      } else {
        got.push({ kind, channel, payload: payload.slice() }); // views are valid during the call only
      }
    },
    { maxPayload, peer: () => "tm-9 (10.0.0.9:6121)" },
  );
  return { decoder, got };
}

function encodeAll(frames: readonly Frame[]): Buffer {
  const { writer, sink, pending } = manualWriter();
  for (const f of frames) writer.frame(f.kind, f.channel, f.payload.slice());
  for (const flush of pending.splice(0)) flush();
  return sink.bytes();
}

describe("frame encoding and decoding", () => {
  it("round-trips frames through arbitrary chunk splits (seeded property test)", () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = prng(seed);
      const frames = randomFrames(random, 60);
      const stream = encodeAll(frames);
      const { decoder, got } = decoderCollecting();
      let pos = 0;
      // Chunk sizes from 1 byte (headers split everywhere) to larger than several frames.
      const style = seed % 4;
      while (pos < stream.length) {
        const size =
          style === 0
            ? 1
            : style === 1
              ? 1 + Math.floor(random() * 16)
              : style === 2
                ? 1 + Math.floor(random() * 4000)
                : 1 + Math.floor(random() * 40000);
        // Each chunk is its own Buffer at a non-zero offset of a bigger allocation, like a socket's.
        const host = Buffer.alloc(size + 7);
        const chunk = host.subarray(3, 3 + Math.min(size, stream.length - pos));
        stream.copy(chunk, 0, pos, pos + chunk.length);
        decoder.push(chunk);
        pos += chunk.length;
      }
      expect(decoder.pendingBytes).toBe(0);
      expect(got.length).toBe(frames.length);
      for (let i = 0; i < frames.length; i++) {
        expect(got[i]!.kind).toBe(frames[i]!.kind);
        expect(got[i]!.channel).toBe(frames[i]!.channel);
        expect(Buffer.from(got[i]!.payload).equals(Buffer.from(frames[i]!.payload))).toBe(true);
      }
      expect(decoder.framesIn).toBe(frames.length);
    }
  });

  it("decodes frames coalesced in one chunk and gives data frames their own copy", () => {
    const frames = randomFrames(prng(99), 200);
    const stream = encodeAll(frames);
    const { decoder, got } = decoderCollecting();
    decoder.push(stream);
    expect(got.map((f) => f.kind)).toEqual(frames.map((f) => f.kind));
    const firstData = got.find((f) => f.kind === FrameKind.Data && f.payload.length > 0)!;
    const before = Buffer.from(firstData.payload);
    stream.fill(0xee); // the socket may reuse its chunk; the delivered buffer must not change
    expect(Buffer.from(firstData.payload).equals(before)).toBe(true);
  });

  it("round-trips events bit-exactly, including ±Infinity, NaN and -0", () => {
    const events: NetworkEvent[] = [
      { kind: "watermark", timestamp: Number.NEGATIVE_INFINITY },
      { kind: "watermark", timestamp: Number.POSITIVE_INFINITY },
      { kind: "watermark", timestamp: Number.NaN },
      { kind: "watermark", timestamp: -0 },
      { kind: "watermarkStatus", idle: false },
      { kind: "watermarkStatus", idle: true },
      { kind: "endOfPartition" },
      { kind: "barrier", checkpointId: 2 ** 40, timestamp: 12.5 },
    ];
    for (const event of events) expect(decodeEvent(encodeEvent(event)!)).toStrictEqual(event);
    expect(decodeEvent(new Uint8Array([9]))).toBe("unknown event tag 9");
    expect(decodeEvent(new Uint8Array([1, 0]))).toMatch(/watermark event of 2 bytes/);
    expect(encodeEvent({ kind: "mystery" } as unknown as NetworkEvent)).toBeUndefined();
  });

  it("checks hellos", () => {
    expect(decodeHello(encodeHello("tm-1"))).toEqual({ id: "tm-1" });
    expect(decodeHello(Buffer.from("GET / HTTP/1.1"))).toBe("hello is not JSON");
    expect(decodeHello(Buffer.from(JSON.stringify({ protocol: "weir-data", version: 2, id: "x" })))).toMatch(
      /version 2, this process version 1/,
    );
    expect(() => encodeHello("")).toThrow(/process id/);
  });
});

describe("malformed input", () => {
  function header(kind: number, channel: number, length: number): Uint8Array {
    const h = new Uint8Array(HEADER_BYTES);
    writeHeader(h, 0, kind as FrameKind, channel, length);
    return h;
  }

  function failure(chunks: readonly Uint8Array[], maxPayload = 1024): DataConnectionError {
    const { decoder } = decoderCollecting(maxPayload);
    try {
      for (const c of chunks) decoder.push(c);
    } catch (e) {
      expect(e).toBeInstanceOf(DataConnectionError);
      return e as DataConnectionError;
    }
    throw new Error("no error raised");
  }

  it("rejects an unknown frame kind, naming the peer", () => {
    const e = failure([header(7, 0, 0)]);
    expect(e.reason).toBe("protocol");
    expect(e.peer).toBe("tm-9 (10.0.0.9:6121)");
    expect(e.message).toBe(
      "data connection with tm-9 (10.0.0.9:6121): malformed frame: frame kind 7 is not a Weir data frame (not a Weir peer, or a corrupt stream)",
    );
  });

  it("rejects an oversize length from the header alone, even split across chunks", () => {
    const h = header(FrameKind.Data, 1, 1025);
    const e = failure([h.subarray(0, 2), h.subarray(2)]);
    expect(e.message).toMatch(/data frame announces 1025 bytes, over the maximum of 1024/);
    // What an HTTP client on the data port looks like.
    expect(failure([Buffer.from("GET / HTTP/1.1\r\n\r\n")]).message).toMatch(/frame kind 47 is not/);
  });

  it("rejects control frames of the wrong size", () => {
    expect(failure([header(FrameKind.Credit, 0, 3), new Uint8Array(3)]).message).toMatch(
      /credit frame of 3 bytes \(expected 4\)/,
    );
    expect(failure([header(FrameKind.Close, 0, 1)]).message).toMatch(/close frame of 1 bytes/);
    expect(failure([header(FrameKind.Event, 0, 5000)]).message).toMatch(/event frame announces 5000 bytes/);
  });

  it("ignores input after a failure", () => {
    const { decoder, got } = decoderCollecting();
    expect(() => decoder.push(header(0, 0, 0))).toThrow(DataConnectionError);
    decoder.push(encodeAll([{ kind: FrameKind.Close, channel: 1, payload: new Uint8Array(0) }]));
    expect(got).toEqual([]);
  });
});

describe("write coalescing", () => {
  it("writes many credit frames queued in one turn as one socket write", () => {
    const { writer, sink, pending } = manualWriter();
    for (let i = 0; i < 500; i++) writer.frameU32(FrameKind.Credit, i % 7, 1);
    expect(sink.writeCalls).toBe(0);
    expect(pending).toHaveLength(1); // one scheduled flush, not one per frame
    pending.pop()!();
    expect(sink.writeCalls).toBe(1);
    expect(writer.writes).toBe(1);
    expect(writer.framesOut).toBe(500);
    expect(sink.bytes().length).toBe(500 * 13);
  });

  it("queues a large data payload without copying it and writes it at once, corked with its header", () => {
    const { writer, sink, pending } = manualWriter();
    const big = new Uint8Array(32 * 1024);
    writer.frameU32(FrameKind.Credit, 3, 2);
    expect(sink.writeCalls).toBe(0);
    writer.frame(FrameKind.Data, 3, big); // over flushAtBytes: written now, not at the next turn
    expect(sink.corks).toBe(1);
    expect(sink.chunks).toHaveLength(2); // credit + data header | payload
    expect(sink.chunks[1]).toBe(big);
    writer.frame(FrameKind.Event, 3, encodeEvent({ kind: "endOfPartition" })!);
    expect(sink.chunks).toHaveLength(2);
    for (const flush of pending.splice(0)) flush();
    expect(sink.chunks).toHaveLength(3);
    expect(writer.writes).toBe(2);
    const { decoder, got } = decoderCollecting(1 << 16);
    decoder.push(sink.bytes());
    expect(got.map((f) => [f.kind, f.channel, f.payload.length])).toEqual([
      [FrameKind.Credit, 3, 4],
      [FrameKind.Data, 3, 32 * 1024],
      [FrameKind.Event, 3, 1],
    ]);
  });

  it("writes at once when flushAtBytes are queued, small frames included", () => {
    const sink = new RecordingSink();
    const writer = new FrameWriter(sink, () => {}, 130);
    for (let i = 0; i < 9; i++) writer.frameU32(FrameKind.Credit, 0, 1);
    expect(sink.writeCalls).toBe(0); // 117 bytes queued
    writer.frameU32(FrameKind.Credit, 0, 1);
    expect(sink.writeCalls).toBe(1);
    expect(sink.bytes().length).toBe(130);
  });

  it("drops frames after close", () => {
    const { writer, sink, pending } = manualWriter();
    writer.frameU32(FrameKind.Credit, 0, 1);
    writer.close();
    writer.frameU32(FrameKind.Credit, 0, 1);
    for (const flush of pending) flush();
    expect(sink.writeCalls).toBe(0);
  });
});
