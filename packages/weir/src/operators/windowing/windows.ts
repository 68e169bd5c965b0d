/**
 * Windows: the groups a window assigner puts elements in (Flink's `Window`, `TimeWindow`,
 * `GlobalWindow`). A window is a value: two windows are equal when their bounds are equal, and its
 * `id()` is the string state and timers are namespaced by (so that equal windows address the same
 * state even when they are different objects).
 *
 * `TimeWindow` covers `[start, end)`: start inclusive, end exclusive, so its last timestamp is
 * `maxTimestamp() = end - 1` (the time of its end-of-window timer and of every emitted result).
 */

/** A group of elements with a last timestamp (Flink's `Window`). */
export interface Window {
  /** The largest timestamp that still belongs to this window. */
  maxTimestamp(): number;
  /** Canonical id: equal windows have equal ids (used as state/timer namespace). */
  id(): string;
}

/** Sets a `TimeWindow`'s id when it is already known (a window parsed from its namespace). */
let seedId: (window: TimeWindow, id: string) => void;

/** `[start, end)` in milliseconds. */
export class TimeWindow implements Window {
  /** `id()`, built once: state and timers ask for it on every element (a private field, so it
   * never appears in snapshots or copies of the window). */
  #id: string | undefined;

  static {
    seedId = (window, id) => {
      window.#id = id;
    };
  }

  constructor(
    readonly start: number,
    readonly end: number,
  ) {}

  getStart(): number {
    return this.start;
  }

  getEnd(): number {
    return this.end;
  }

  maxTimestamp(): number {
    return this.end - 1;
  }

  id(): string {
    if (this.#id === undefined) this.#id = `${decimal(this.start)}:${decimal(this.end)}`;
    return this.#id;
  }

  /** True when the windows overlap or touch (Flink merges touching session windows). */
  intersects(other: TimeWindow): boolean {
    return this.start <= other.end && this.end >= other.start;
  }

  /** The smallest window covering both. */
  cover(other: TimeWindow): TimeWindow {
    return new TimeWindow(Math.min(this.start, other.start), Math.max(this.end, other.end));
  }

  equals(other: unknown): boolean {
    return other instanceof TimeWindow && other.start === this.start && other.end === this.end;
  }

  toString(): string {
    return `TimeWindow{start=${this.start}, end=${this.end}}`;
  }

  /**
   * Start of the window of size `windowSize` (shifted by `offset`) that contains `timestamp`;
   * correct for negative timestamps too (the start is never after the timestamp).
   */
  static getWindowStartWithOffset(timestamp: number, offset: number, windowSize: number): number {
    const remainder = (timestamp - offset) % windowSize;
    return remainder < 0 ? timestamp - (remainder + windowSize) : timestamp - remainder;
  }

  /**
   * Merges overlapping (or touching) windows: calls `callback(mergeResult, mergedWindows)` for
   * each group of two or more windows that collapse into one (Flink's `TimeWindow.mergeWindows`),
   * by ascending start. `mergeResult` is the group member that already covers the group when
   * there is one (a window falling inside a session gets the session's own object), else a new
   * window.
   */
  static mergeWindows(
    windows: readonly TimeWindow[],
    callback: (mergeResult: TimeWindow, mergedWindows: TimeWindow[]) => void,
  ): void {
    const n = windows.length;
    if (n < 2) return;
    let sorted: readonly TimeWindow[];
    if (n === 2) {
      // The common case of a session growing by one element: no copy to sort.
      const a = windows[0]!;
      const b = windows[1]!;
      if (a.start > b.end || a.end < b.start) return;
      sorted = byStartThenEnd(a, b) <= 0 ? [a, b] : [b, a];
    } else {
      sorted = windows.slice().sort(byStartThenEnd);
    }
    let members: TimeWindow[] = [sorted[0]!];
    let start = sorted[0]!.start;
    let end = sorted[0]!.end;
    for (let i = 1; i < n; i++) {
      const w = sorted[i]!;
      if (start <= w.end && end >= w.start) {
        members.push(w);
        if (w.end > end) end = w.end;
      } else {
        if (members.length > 1) callback(coverOf(members, start, end), members);
        members = [w];
        start = w.start;
        end = w.end;
      }
    }
    if (members.length > 1) callback(coverOf(members, start, end), members);
  }
}

function byStartThenEnd(a: TimeWindow, b: TimeWindow): number {
  return a.start - b.start || a.end - b.end;
}

/** The member spanning `[start, end)`, or a new window. */
function coverOf(members: readonly TimeWindow[], start: number, end: number): TimeWindow {
  for (const m of members) if (m.start === start && m.end === end) return m;
  return new TimeWindow(start, end);
}

const ZEROS = ["", "0", "00", "000", "0000", "00000", "000000", "0000000", "00000000"];

/**
 * `String(n)`, faster for the integers beyond 2^31 that epoch-millisecond timestamps are: V8
 * formats those as doubles (about 3x slower than two small integers and a pad).
 */
function decimal(n: number): string {
  if (n >= 2147483648 && n <= Number.MAX_SAFE_INTEGER && Math.floor(n) === n) {
    let high = Math.floor(n / 1e9);
    let low = n - high * 1e9;
    // The division may round up near a multiple of 1e9; the subtraction is exact.
    if (low < 0) {
      high--;
      low += 1e9;
    }
    const digits = `${low}`;
    return `${high}${ZEROS[9 - digits.length]}${digits}`;
  }
  return `${n}`;
}

/** Largest timestamp of the global window: "never ends" (no cleanup timer is registered for it). */
export const GLOBAL_WINDOW_MAX_TIMESTAMP = Number.MAX_SAFE_INTEGER;

/** The single window of `GlobalWindows` (Flink's `GlobalWindow`). */
export class GlobalWindow implements Window {
  static readonly INSTANCE = new GlobalWindow();

  private constructor() {}

  static get(): GlobalWindow {
    return GlobalWindow.INSTANCE;
  }

  maxTimestamp(): number {
    return GLOBAL_WINDOW_MAX_TIMESTAMP;
  }

  id(): string {
    return "global";
  }

  toString(): string {
    return "GlobalWindow";
  }
}

/**
 * The state and timer namespace of a window: the id string for the built-in windows (a string
 * key is hashed and compared without building a canonical form), the window itself otherwise.
 * `windowFromNamespace` inverts it.
 */
export function windowNamespace(window: Window): unknown {
  return window instanceof TimeWindow || window === GlobalWindow.INSTANCE ? window.id() : window;
}

export function windowFromNamespace<W extends Window>(namespace: unknown): W {
  if (typeof namespace !== "string") return namespace as W;
  if (namespace === "global") return GlobalWindow.INSTANCE as unknown as W;
  // Timers of one window end fire together, key after key: parse each window once.
  if (namespace === lastNamespace && lastWindow !== undefined) return lastWindow as unknown as W;
  const colon = namespace.indexOf(":");
  const window = new TimeWindow(Number(namespace.slice(0, colon)), Number(namespace.slice(colon + 1)));
  seedId(window, namespace);
  lastNamespace = namespace;
  lastWindow = window;
  return window as unknown as W;
}

/** The window `windowFromNamespace` parsed last (windows are immutable values). */
let lastNamespace: string | undefined;
let lastWindow: TimeWindow | undefined;

/**
 * Whether two windows are the same window (equal ids), without building the ids of time windows.
 */
export function sameWindow(a: Window, b: Window): boolean {
  if (a === b) return true;
  if (a instanceof TimeWindow && b instanceof TimeWindow) return a.start === b.start && a.end === b.end;
  return a.id() === b.id();
}
