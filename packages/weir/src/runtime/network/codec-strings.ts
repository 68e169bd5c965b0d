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
