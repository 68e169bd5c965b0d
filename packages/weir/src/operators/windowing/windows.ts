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

/** `[start, end)` in milliseconds. */
export class TimeWindow implements Window {
  /** `id()`, built once: state and timers ask for it on every element (a private field, so it
   * never appears in snapshots or copies of the window). */
  #id: string | undefined;

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
    if (this.#id === undefined) this.#id = `${this.start}:${this.end}`;
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
   * each group of two or more windows that collapse into one (Flink's `TimeWindow.mergeWindows`).
   */
  static mergeWindows(
    windows: readonly TimeWindow[],
    callback: (mergeResult: TimeWindow, mergedWindows: TimeWindow[]) => void,
  ): void {
    const sorted = [...windows].sort((a, b) => a.start - b.start || a.end - b.end);
    const groups: { cover: TimeWindow; members: TimeWindow[] }[] = [];
    let current: { cover: TimeWindow; members: TimeWindow[] } | undefined;
    for (const w of sorted) {
      if (current === undefined) {
        current = { cover: w, members: [w] };
      } else if (current.cover.intersects(w)) {
        current.cover = current.cover.cover(w);
        current.members.push(w);
      } else {
        groups.push(current);
        current = { cover: w, members: [w] };
      }
    }
    if (current !== undefined) groups.push(current);
    for (const g of groups) if (g.members.length > 1) callback(g.cover, g.members);
  }
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
  const colon = namespace.indexOf(":");
  return new TimeWindow(
    Number(namespace.slice(0, colon)),
    Number(namespace.slice(colon + 1)),
  ) as unknown as W;
}
