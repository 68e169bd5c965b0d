/**
 * The windows of one key of a merging assigner (Flink's `MergingWindowSet`). It maps every live
 * (merged) window to its *state window*: the window whose namespace holds the merged contents.
 * When windows merge, the state of one of them is kept as the state window of the result and the
 * others' state is merged into it, so merging never copies the contents a second time and the
 * state namespace of a session stays stable while it grows.
 *
 * The set is loaded from and persisted to keyed state by the window operator (one list of
 * `[window, stateWindow]` pairs per key); `persist()` tells whether anything changed.
 */
import { InternalError } from "../../core/errors.js";
import type { MergingWindowAssigner } from "./assigners/window-assigner.js";
import type { Window } from "./windows.js";

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

export class MergingWindowSet<W extends Window> {
  private readonly mapping = new Map<string, Mapping<W>>();
  private changed = false;

  constructor(
    private readonly assigner: MergingWindowAssigner<unknown, W>,
    initial: readonly (readonly [window: W, stateWindow: W])[] = [],
  ) {
    for (const [window, stateWindow] of initial) this.mapping.set(window.id(), { window, stateWindow });
  }

  /** The state window of `window`, or `undefined` when it is not (or no longer) in the set. */
  getStateWindow(window: W): W | undefined {
    return this.mapping.get(window.id())?.stateWindow;
  }

  /** Removes a window that was purged or cleaned up. */
  retireWindow(window: W): void {
    if (!this.mapping.delete(window.id())) {
      throw new InternalError(`Window ${String(window)} is not in in-flight window set.`);
    }
    this.changed = true;
  }

  /**
   * Adds `newWindow`, merging it with existing windows as the assigner says. Returns the window
   * `newWindow` ended up in (itself, or the merge result that covers it); `mergeFunction` runs for
   * each merge that involves existing windows.
   */
  addWindow(newWindow: W, mergeFunction: MergeFunction<W>): W {
    const windows = [...this.mapping.values()].map((m) => m.window);
    windows.push(newWindow);
    const merges: { result: W; merged: W[] }[] = [];
    this.assigner.mergeWindows(windows, (result, merged) => merges.push({ result, merged: [...merged] }));

    let resultWindow = newWindow;
    let mergedNewWindow = false;
    const newId = newWindow.id();
    for (const { result, merged } of merges) {
      const at = merged.findIndex((w) => w.id() === newId);
      if (at >= 0) {
        merged.splice(at, 1);
        mergedNewWindow = true;
        resultWindow = result;
      }
      const first = merged[0];
      if (first === undefined) continue;
      const stateWindowResult = this.mapping.get(first.id())?.stateWindow;
      if (stateWindowResult === undefined) throw new InternalError("merged window without a state window");
      const mergedStateWindows: W[] = [];
      for (const w of merged) {
        const m = this.mapping.get(w.id());
        if (m !== undefined) {
          this.mapping.delete(w.id());
          if (m.stateWindow.id() !== stateWindowResult.id()) mergedStateWindows.push(m.stateWindow);
        }
      }
      this.mapping.set(result.id(), { window: result, stateWindow: stateWindowResult });
      this.changed = true;
      // A window that only absorbed the new window did not change: nothing to merge.
      if (!(merged.length === 1 && merged[0]!.id() === result.id())) {
        mergeFunction(result, merged, stateWindowResult, mergedStateWindows);
      }
    }
    if (merges.length === 0 || (resultWindow.id() === newId && !mergedNewWindow)) {
      this.mapping.set(newId, { window: newWindow, stateWindow: newWindow });
      this.changed = true;
    }
    return resultWindow;
  }

  /** The live windows, for tests and persistence. */
  entries(): [window: W, stateWindow: W][] {
    return [...this.mapping.values()].map((m) => [m.window, m.stateWindow]);
  }

  /** True (once) when the set changed since it was loaded or last persisted. */
  persist(): boolean {
    const changed = this.changed;
    this.changed = false;
    return changed;
  }

  toString(): string {
    return `MergingWindowSet{${[...this.mapping.values()].map((m) => `${m.window}->${m.stateWindow}`).join(", ")}}`;
  }
}
