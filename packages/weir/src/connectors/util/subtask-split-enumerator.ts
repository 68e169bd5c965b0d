/**
 * An enumerator for sources whose splits belong to fixed subtasks (a socket read by subtask 0, a
 * legacy `SourceFunction` run once per subtask). The split of subtask `i` is assigned on that
 * subtask's first request; any later request (or a request from a subtask without a split) is
 * answered with no-more-splits, which ends that reader once its split is done. A split given back
 * by a failed reader is assigned again on the replacement reader's request.
 */
import type { SourceSplit, SplitEnumerator, SplitEnumeratorContext } from "../../core/source.js";

/** Checkpointed state: splits not currently assigned, by owning subtask. */
export interface SubtaskEnumeratorState<S extends SourceSplit> {
  readonly unassigned: readonly { readonly subtask: number; readonly split: S }[];
}

export class SubtaskSplitEnumerator<S extends SourceSplit>
  implements SplitEnumerator<S, SubtaskEnumeratorState<S>>
{
  private readonly context: SplitEnumeratorContext<S>;
  private readonly unassigned = new Map<number, S>();

  constructor(context: SplitEnumeratorContext<S>, splits: ReadonlyMap<number, S>) {
    this.context = context;
    for (const [subtask, split] of splits) this.unassigned.set(subtask, split);
  }

  /** The enumerator whose `snapshotState()` returned `state`. */
  static restore<S extends SourceSplit>(
    context: SplitEnumeratorContext<S>,
    state: SubtaskEnumeratorState<S>,
  ): SubtaskSplitEnumerator<S> {
    return new SubtaskSplitEnumerator(context, new Map(state.unassigned.map((u) => [u.subtask, u.split])));
  }

  start(): void {}

  handleSplitRequest(subtask: number): void {
    const split = this.unassigned.get(subtask);
    if (split === undefined) {
      this.context.signalNoMoreSplits(subtask);
      return;
    }
    this.unassigned.delete(subtask);
    this.context.assignSplits(subtask, [split]);
  }

  addSplitsBack(splits: readonly S[], subtask: number): void {
    for (const s of splits) this.unassigned.set(subtask, s);
  }

  addReader(_subtask: number): void {}

  snapshotState(_checkpointId: number): SubtaskEnumeratorState<S> {
    return { unassigned: [...this.unassigned].map(([subtask, split]) => ({ subtask, split })) };
  }

  close(): void {}
}
