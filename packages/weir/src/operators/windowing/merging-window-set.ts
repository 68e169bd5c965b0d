/**
 * The windows of one key of a merging assigner (Flink's `MergingWindowSet`). It maps every live
 * (merged) window to its *state window*: the window whose namespace holds the merged contents.
 * When windows merge, the state of one of them is kept as the state window of the result and the
 * others' state is merged into it, so merging never copies the contents a second time and the
 * state namespace of a session stays stable while it grows.
 *
 * The set is loaded from and persisted to keyed state by the window operator (one list of
 * `[window, stateWindow]` pairs per key, see `merging-set-store.ts`); `persist()` tells whether
 * the mapping changed (a window added inside an existing one changes nothing, so, as in Flink,
 * which compares the mapping with the loaded one, nothing is written).
 */
import { InternalError } from "../../core/errors.js";
import { mergesAsTimeWindows } from "./assigners/session.js";
import type { MergingWindowAssigner } from "./assigners/window-assigner.js";
import { sameWindow, TimeWindow, type Window } from "./windows.js";

/** Called when windows merge (Flink's `MergingWindowSet.MergeFunction`). */
export type MergeFunction<W extends Window> = (
  mergeResult: W,
  /** The windows that merged into `mergeResult` (without the window just added). */
  mergedWindows: W[],
  /** The state window of `mergeResult`. */
  stateWindowResult: W,
  /** State windows whose contents must be merged into `stateWindowResult`. */
  mergedStateWindows: W[],
) => void;

interface Mapping<W> {
  readonly window: W;
  readonly stateWindow: W;
}

/**
 * A key rarely has more than a few sessions in flight, so the mappings are a list compared with
 * `sameWindow` (no window ids built); `addWindow` sorts all windows anyway.
 */
export class MergingWindowSet<W extends Window> {
  private readonly mappings: Mapping<W>[] = [];
  private changed = false;
  /** The assigner merges as `TimeWindow.mergeWindows` (see `addToOne`). */
  private readonly timeWindowMerging: boolean;

  constructor(
    private readonly assigner: MergingWindowAssigner<unknown, W>,
    initial: readonly (readonly [window: W, stateWindow: W])[] = [],
  ) {
    this.timeWindowMerging = mergesAsTimeWindows(assigner as MergingWindowAssigner<unknown, Window>);
    for (const [window, stateWindow] of initial) this.put(window, stateWindow);
  }

  /** The state window of `window`, or `undefined` when it is not (or no longer) in the set. */
  getStateWindow(window: W): W | undefined {
    const at = this.indexOf(window);
    return at < 0 ? undefined : this.mappings[at]!.stateWindow;
  }

  /** Removes a window that was purged or cleaned up. */
  retireWindow(window: W): void {
    const at = this.indexOf(window);
    if (at < 0) throw new InternalError(`Window ${String(window)} is not in in-flight window set.`);
    removeAt(this.mappings, at);
    this.changed = true;
  }

  /**
   * Adds `newWindow`, merging it with existing windows as the assigner says. Returns the window
   * `newWindow` ended up in (itself, or the merge result that covers it); `mergeFunction` runs for
   * each merge that involves existing windows.
   */
  addWindow(newWindow: W, mergeFunction: MergeFunction<W>): W {
    const mappings = this.mappings;
    if (this.timeWindowMerging && mappings.length <= 1 && newWindow instanceof TimeWindow) {
      if (mappings.length === 0) {
        mappings.push({ window: newWindow, stateWindow: newWindow });
        this.changed = true;
        return newWindow;
      }
      const only = mappings[0]!;
      if (only.window instanceof TimeWindow) return this.addToOne(only, newWindow, mergeFunction);
    }
    const windows: W[] = [];
    for (let i = 0; i < mappings.length; i++) windows.push(mappings[i]!.window);
    windows.push(newWindow);
    // Collected first, then applied (as Flink does): applying changes the mappings.
    const results: W[] = [];
    const members: W[][] = [];
    this.assigner.mergeWindows(windows, (result, merged) => {
      results.push(result);
      members.push(merged.slice());
    });
    const numMerges = results.length;
    let resultWindow = newWindow;
    let mergedNewWindow = false;
    for (let k = 0; k < numMerges; k++) {
      const result = results[k]!;
      const merged = members[k]!;
      for (let i = 0; i < merged.length; i++) {
        if (sameWindow(merged[i]!, newWindow)) {
          removeAt(merged, i);
          mergedNewWindow = true;
          resultWindow = result;
          break;
        }
      }
      const first = merged[0];
      if (first === undefined) continue;
      // A window that only absorbed the new window does not change (nor does its state window).
      if (merged.length === 1 && sameWindow(first, result)) continue;
      const stateWindowResult = this.getStateWindow(first);
      if (stateWindowResult === undefined) throw new InternalError("merged window without a state window");
      const mergedStateWindows: W[] = [];
      for (const w of merged) {
        const i = this.indexOf(w);
        if (i < 0) continue;
        const m = mappings[i]!;
        removeAt(mappings, i);
        if (!sameWindow(m.stateWindow, stateWindowResult)) mergedStateWindows.push(m.stateWindow);
      }
      this.put(result, stateWindowResult);
      this.changed = true;
      mergeFunction(result, merged, stateWindowResult, mergedStateWindows);
    }
    if (numMerges === 0 || (sameWindow(resultWindow, newWindow) && !mergedNewWindow)) {
      this.put(newWindow, newWindow);
      this.changed = true;
    }
    return resultWindow;
  }

  /** The live windows, for tests and persistence. */
  entries(): [window: W, stateWindow: W][] {
    return this.mappings.map((m) => [m.window, m.stateWindow]);
  }

  /** True (once) when the set changed since it was loaded or last persisted. */
  persist(): boolean {
    const changed = this.changed;
    this.changed = false;
    return changed;
  }

  toString(): string {
    return `MergingWindowSet{${this.mappings.map((m) => `${m.window}->${m.stateWindow}`).join(", ")}}`;
  }

  /**
   * `addWindow` of a time window to a set of one time window under `TimeWindow.mergeWindows`: the
   * general path's outcome for the windows `[only, newWindow]`, without building window lists.
   */
  private addToOne(only: Mapping<W>, newWindow: W & TimeWindow, mergeFunction: MergeFunction<W>): W {
    const existing = only.window as W & TimeWindow;
    if (existing.start > newWindow.end || existing.end < newWindow.start) {
      this.mappings.push({ window: newWindow, stateWindow: newWindow });
      this.changed = true;
      return newWindow;
    }
    const start = Math.min(existing.start, newWindow.start);
    const end = Math.max(existing.end, newWindow.end);
    // Absorbed (or equal): the existing window does not change.
    if (existing.start === start && existing.end === end) return existing;
    const result =
      newWindow.start === start && newWindow.end === end
        ? newWindow
        : (new TimeWindow(start, end) as unknown as W);
    this.mappings[0] = { window: result, stateWindow: only.stateWindow };
    this.changed = true;
    mergeFunction(result, [existing], only.stateWindow, []);
    return result;
  }

  private indexOf(window: W): number {
    const mappings = this.mappings;
    for (let i = 0; i < mappings.length; i++) if (sameWindow(mappings[i]!.window, window)) return i;
    return -1;
  }

  /** Sets the state window of `window`, in place when it is already in the set (`Map.set` order). */
  private put(window: W, stateWindow: W): void {
    const at = this.indexOf(window);
    if (at < 0) this.mappings.push({ window, stateWindow });
    else this.mappings[at] = { window, stateWindow };
  }
}

/** Removes `array[index]`, keeping the order (cheaper than `splice`, which builds a result array). */
function removeAt<T>(array: T[], index: number): void {
  const last = array.length - 1;
  for (let i = index; i < last; i++) array[i] = array[i + 1]!;
  array.pop();
}
