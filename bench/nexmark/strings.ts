/**
 * String helpers of the Nexmark generator (the nexmark project's `StringsGenerator`).
 *
 * One deliberate deviation: `nextExactString` (the `extra` padding, the bulk of every event's
 * bytes) takes a slice of a fixed pool of random letters at a random offset instead of drawing
 * one random number per six letters. Lengths follow nexmark exactly; only the letters are not
 * independent between events, and no query reads the padding's content. It keeps the generator
 * from dominating the cost of the cheap queries (q0–q2), for Weir and the baselines alike.
 */
import { EventRandom } from "./random.js";

const MIN_STRING_LENGTH = 3;
const POOL_SIZE = 1 << 16;
const CODE_A = 97;

const POOL: string = (() => {
  const random = new EventRandom();
  random.reseed(0x5eed, 0);
  const codes = new Array<number>(POOL_SIZE);
  for (let i = 0; i < POOL_SIZE; i++) codes[i] = CODE_A + random.nextInt(26);
  // Build in chunks: String.fromCharCode has an argument-count limit.
  let s = "";
  for (let i = 0; i < POOL_SIZE; i += 4096) s += String.fromCharCode(...codes.slice(i, i + 4096));
  return s;
})();

/** A random string of 3..maxLength-1 letters, a `special` char with probability 1/13 each. */
export function nextString(random: EventRandom, maxLength: number, special = " "): string {
  let len = MIN_STRING_LENGTH + random.nextInt(maxLength - MIN_STRING_LENGTH);
  let s = "";
  while (len-- > 0) {
    s += random.nextInt(13) === 0 ? special : String.fromCharCode(CODE_A + random.nextInt(26));
  }
  return special === " " ? s.trim() : s;
}

/** A random string of exactly `length` letters (see the module comment). */
export function nextExactString(random: EventRandom, length: number): string {
  if (length <= 0) return "";
  if (length >= POOL_SIZE) return POOL.repeat(Math.ceil(length / POOL_SIZE)).slice(0, length);
  const offset = random.nextInt(POOL_SIZE - length);
  return POOL.slice(offset, offset + length);
}

/** Padding such that `currentSize + padding.length` is `desiredAverageSize` on average (±20%). */
export function nextExtra(random: EventRandom, currentSize: number, desiredAverageSize: number): string {
  if (currentSize > desiredAverageSize) return "";
  const desired = desiredAverageSize - currentSize;
  const delta = Math.round(desired * 0.2);
  const minSize = desired - delta;
  const size = minSize + (delta === 0 ? 0 : random.nextInt(2 * delta));
  return nextExactString(random, size);
}
