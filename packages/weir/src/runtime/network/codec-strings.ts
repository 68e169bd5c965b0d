/**
 * String helpers of the record decoder. Building short strings with one `String.fromCharCode`
 * call of explicit arguments is several times faster than a native slice call (which pays a
 * JS-to-C++ transition) or a concatenation loop; longer strings use Node's native slicers.
 */
import { Buffer } from "node:buffer";

type SliceFn = (this: Uint8Array, start: number, end: number) => string;
const proto = Buffer.prototype as unknown as { latin1Slice?: SliceFn; utf8Slice?: SliceFn };
// Undocumented but long-standing Buffer internals; `toString` is the portable fallback.
const latin1Slice: SliceFn =
  typeof proto.latin1Slice === "function"
    ? proto.latin1Slice
    : function (this: Uint8Array, start, end) {
        return Buffer.from(this.buffer, this.byteOffset, this.byteLength).toString("latin1", start, end);
      };
const utf8Slice: SliceFn =
  typeof proto.utf8Slice === "function"
    ? proto.utf8Slice
    : function (this: Uint8Array, start, end) {
        return Buffer.from(this.buffer, this.byteOffset, this.byteLength).toString("utf8", start, end);
      };

const fcc = String.fromCharCode;

/** Decodes `b[s, s + n)`, which holds only ASCII bytes. `b` must be a Node `Buffer`. */
export function decodeAscii(b: Buffer, s: number, n: number): string {
  switch (n) {
    case 0:
      return "";
    case 1:
      return fcc(b[s]!);
    case 2:
      return fcc(b[s]!, b[s + 1]!);
    case 3:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!);
    case 4:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!);
    case 5:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!);
    case 6:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!);
    case 7:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!);
    case 8:
      return fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!);
    default:
      // Short concatenations are flat copies in V8, still cheaper than the native call.
      if (n <= 16)
        return (
          fcc(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!) +
          decodeAscii(b, s + 8, n - 8)
        );
      return latin1Slice.call(b, s, s + n);
  }
}

/** Decodes the UTF-8 bytes `b[s, s + n)`. */
export function decodeUtf8(b: Buffer, s: number, n: number): string {
  return utf8Slice.call(b, s, s + n);
}

/** Strings longer than this are decoded afresh every time (they rarely repeat). */
const CACHED_MAX_LENGTH = 32;
const CACHE_SLOTS = 8192;

/**
 * A direct-mapped cache of recently decoded short ASCII strings, one per decoder. Keys, words and
 * enum-like fields repeat from record to record: returning the same string object for the same
 * bytes saves the allocation and lets V8 reuse the string's cached hash and pointer equality in
 * every `Map` lookup downstream (keyed state, the sink). A hit compares all bytes, so the result
 * always equals what `decodeAscii` returns; a collision only costs a fresh decode.
 */
export class AsciiStringCache {
  private readonly slots: (string | undefined)[] = new Array<string | undefined>(CACHE_SLOTS).fill(undefined);

  /** Decodes `b[s, s + n)` (ASCII only), reusing an equal string decoded before when cached. */
  decode(b: Buffer, s: number, n: number): string {
    if (n > CACHED_MAX_LENGTH || n === 0) return decodeAscii(b, s, n);
    let h = n;
    for (let i = 0; i < n; i++) h = Math.imul(h ^ b[s + i]!, 0x01000193);
    const slot = (h ^ (h >>> 13)) & (CACHE_SLOTS - 1);
    const cached = this.slots[slot];
    if (cached !== undefined && cached.length === n) {
      let i = 0;
      while (i < n && cached.charCodeAt(i) === b[s + i]) i++;
      if (i === n) return cached;
    }
    // Store a flat string: a concatenated one would be flattened again at every hash.
    const fresh = n <= 8 ? decodeAscii(b, s, n) : latin1Slice.call(b, s, s + n);
    this.slots[slot] = fresh;
    return fresh;
  }
}
