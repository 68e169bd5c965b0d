/**
 * A small, fast, seedable PRNG (mulberry32) that can be re-seeded per event. The generator
 * re-seeds it from `(seed, eventNumber)` before making each event, so an event depends only on
 * the seed and its number: any split of the event numbers over any number of readers yields the
 * same events. Not cryptographic; statistically fine for benchmark data.
 */

const TWO_POW_32 = 4294967296;

export class EventRandom {
  private state = 0;

  /** Re-seeds from a 32-bit seed and a (safe-integer) stream position. */
  reseed(seed: number, position: number): void {
    const lo = position >>> 0;
    const hi = Math.floor(position / TWO_POW_32) >>> 0;
    let h = Math.imul(seed ^ 0x85ebca6b, 0x9e3779b1) ^ lo;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h ^= Math.imul(hi + 0x27d4eb2f, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    this.state = (h ^ (h >>> 16)) | 0;
  }

  /** Uniform in [0, 2^32). */
  nextU32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform integer in [0, n) for 1 <= n <= 2^32 (Java's `Random.nextInt(n)`). */
  nextInt(n: number): number {
    return Math.floor((this.nextU32() / TWO_POW_32) * n);
  }

  /** Uniform in [0, 1) with 53 bits (Java's `nextDouble()`). */
  nextDouble(): number {
    return ((this.nextU32() >>> 5) * 67108864 + (this.nextU32() >>> 6)) / 9007199254740992;
  }

  /** Uniform integer in [0, n) for any positive safe integer n (nexmark's `LongGenerator.nextLong`). */
  nextLong(n: number): number {
    return n <= TWO_POW_32 ? this.nextInt(n) : Math.floor(this.nextDouble() * n);
  }
}
