/**
 * Wire format of network buffers (the record codec), shared by `RecordEncoder` and `RecordDecoder`.
 *
 * A buffer is a sequence of records, nothing else (no header, no count). A record is one
 * timestamp byte (`TS_NONE`, or `TS_FLOAT64` followed by the float64 timestamp) and one value.
 * All multi-byte numbers are little endian; lengths and counts are unsigned LEB128 varints unless
 * stated otherwise.
 *
 * Values start with a tag byte:
 * - `0x00..0x7f`: the integer itself (fixint).
 * - `0xa0..0xaf`: an array of `tag - 0xa0` elements (fixarray), elements follow.
 * - `0xc0..0xff`: an object of the already defined shape `tag - 0xc0` (fixshape), values follow.
 * - the named tags below.
 *
 * Objects are written by *shape*: the first object with a given sequence of keys on a stream is
 * sent as `SHAPE_DEF` (key count, keys as string values, then the values) and the decoder assigns it
 * the next shape id; later objects of that shape are `SHAPE_REF id` (or fixshape) plus values only.
 * Shape ids are per stream (per channel, in order), which is why a decoder must see every buffer of
 * its channel, in order. Beyond `MAX_SHAPES` shapes (or `MAX_SHAPE_KEYS` keys) objects fall back to
 * `OBJECT` (count, then key/value pairs), so the shape tables of both sides stay bounded.
 */

export const TS_NONE = 0;
export const TS_FLOAT64 = 1;

export const FIXINT_MAX = 0x7f;
export const UNDEFINED = 0x80;
export const NULL = 0x81;
export const FALSE = 0x82;
export const TRUE = 0x83;
/** int32 (4 bytes). */
export const INT32 = 0x84;
/** float64 (8 bytes); also `-0`, NaN and the infinities. */
export const FLOAT64 = 0x85;
/** 1-byte byte length, then that many bytes: ASCII only (decodable as latin1). */
export const STR8_ASCII = 0x86;
/** 1-byte byte length, then UTF-8. */
export const STR8_UTF8 = 0x87;
/** 4-byte (uint32) byte length, then ASCII. */
export const STR32_ASCII = 0x88;
/** 4-byte (uint32) byte length, then UTF-8. */
export const STR32_UTF8 = 0x89;
/** Varint length, then the elements. */
export const ARRAY = 0x8a;
/** Varint key count, the keys (string values), then the values. Defines the next shape id. */
export const SHAPE_DEF = 0x8b;
/** Varint shape id, then the values. */
export const SHAPE_REF = 0x8c;
/** Varint entry count, then key (string value) / value pairs. */
export const OBJECT = 0x8d;
/** bigint that fits in 64 bits (int64, 8 bytes). */
export const BIGINT64 = 0x8e;
/** bigint as a decimal string value (larger than 64 bits). */
export const BIGINT_TEXT = 0x8f;
/** `Date`: float64 time value. */
export const DATE = 0x90;
/** `Map`: varint entry count, then key/value pairs. */
export const MAP = 0x91;
/** `Set`: varint size, then the values. */
export const SET = 0x92;
/** `Uint8Array` (and Node `Buffer`): varint byte length, then the bytes. */
export const BYTES = 0x93;

export const FIXARRAY_BASE = 0xa0;
export const FIXARRAY_MAX_LENGTH = 0x0f;
export const FIXSHAPE_BASE = 0xc0;
export const FIXSHAPE_MAX_ID = 0x3f;

/** Strings shorter than this many UTF-16 units always fit a 1-byte length (3 bytes per unit). */
export const SHORT_STRING_UNITS = 0x2b;
/** Shapes per stream; later new shapes travel as `OBJECT`. */
export const MAX_SHAPES = 4096;
/** Nodes of the encoder's shape tree (bounds memory for objects used as dictionaries). */
export const MAX_SHAPE_NODES = 16384;
/** Objects with more keys travel as `OBJECT`. */
export const MAX_SHAPE_KEYS = 64;
/** Deeper values (or cyclic ones) are rejected. */
export const MAX_DEPTH = 128;
