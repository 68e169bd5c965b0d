/**
 * The coordinator of a FLIP-27 source operator (Flink's `SourceCoordinator`): holds the source's
 * `SplitEnumerator` and speaks the source protocol of operators/coordination.ts with the readers.
 *
 * Guarantees: the enumerator is called only from the JobMaster's mailbox, never after `close()`;
 * results of `callAsync` are handed to their handler on the mailbox; periodic calls run with a
 * fixed delay of the injected clock (the next run is scheduled when the previous one completed,
 * so runs never overlap) until the job ends. A throw from the enumerator or a handler fails the
 * job.
 */
import type { TimerHandle } from "../../../core/clock.js";
import { toError } from "../../../core/errors.js";
import type { Source, SourceSplit, SplitEnumerator, SplitEnumeratorContext } from "../../../core/source.js";
import type { SourceCoordinatorEvent, SourceReaderEvent } from "../../../operators/coordination.js";
import type { OperatorCoordinator, OperatorCoordinatorContext } from "./coordinator.js";

export class SourceCoordinator implements OperatorCoordinator {
  private enumerator: SplitEnumerator<SourceSplit, unknown> | undefined;
  private readonly registered = new Set<number>();
  /** Splits assigned per subtask, given back to the enumerator when the subtask is re-run. */
  private readonly assigned = new Map<number, SourceSplit[]>();
  private readonly timers = new Set<TimerHandle>();
  private closed = false;

  constructor(
    private readonly context: OperatorCoordinatorContext,
    private readonly source: Source<unknown, SourceSplit, unknown>,
  ) {}

  async start(): Promise<void> {
    this.enumerator = this.source.createEnumerator(this.enumeratorContext());
    await this.enumerator.start();
  }

  handleEventFromSubtask(subtask: number, event: unknown): void {
    const enumerator = this.enumerator;
    if (this.closed || !enumerator) return;
    const e = event as SourceReaderEvent;
    this.guarded(() => {
      switch (e.kind) {
        case "source.register":
          this.registered.add(subtask);
          enumerator.addReader(subtask);
          break;
        case "source.splitRequest":
          enumerator.handleSplitRequest(subtask);
          break;
        case "source.custom":
          enumerator.handleSourceEvent?.(subtask, e.event);
          break;
      }
    });
  }

  subtaskReset(subtask: number): void {
    const enumerator = this.enumerator;
    if (this.closed || !enumerator) return;
    this.registered.delete(subtask);
    const splits = this.assigned.get(subtask) ?? [];
    this.assigned.delete(subtask);
    if (splits.length > 0) this.guarded(() => enumerator.addSplitsBack(splits, subtask));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) t.cancel();
    this.timers.clear();
    await this.enumerator?.close();
  }

  private send(subtask: number, event: SourceCoordinatorEvent): void {
    if (!this.closed) this.context.sendEventToSubtask(subtask, event);
  }

  private guarded(action: () => void): void {
    try {
      action();
    } catch (e) {
      this.context.failJob(e);
    }
  }

  private enumeratorContext(): SplitEnumeratorContext<SourceSplit> {
    const { context } = this;
    return {
      clock: context.clock,
      currentParallelism: () => context.parallelism,
      registeredReaders: () => this.registered,
      assignSplits: (subtask, splits) => {
        const list = this.assigned.get(subtask);
        if (list) list.push(...splits);
        else this.assigned.set(subtask, [...splits]);
        this.send(subtask, { kind: "source.addSplits", splits: [...splits] });
      },
      signalNoMoreSplits: (subtask) => this.send(subtask, { kind: "source.noMoreSplits" }),
      sendEventToSourceReader: (subtask, event) => this.send(subtask, { kind: "source.custom", event }),
      callAsync: (callable, handler, initialDelayMs, periodMs) =>
        this.callAsync(callable, handler, initialDelayMs ?? 0, periodMs ?? 0),
    };
  }

  private callAsync<R>(
    callable: () => Promise<R>,
    handler: (result: R | undefined, error: Error | undefined) => void,
    initialDelayMs: number,
    periodMs: number,
  ): void {
    const { clock } = this.context;
    const run = (): void => {
      if (this.closed) return;
      Promise.resolve()
        .then(callable)
        .then(
          (result) => this.deliver(() => handler(result, undefined)),
          (error: unknown) => this.deliver(() => handler(undefined, toError(error))),
        )
        .finally(() => {
          if (periodMs > 0) schedule(periodMs);
        })
        .catch((e: unknown) => this.context.failJob(e));
    };
    const schedule = (delay: number): void => {
      if (this.closed) return;
      const timer: TimerHandle = clock.setTimer(clock.now() + delay, () => {
        this.timers.delete(timer);
        run();
      });
      this.timers.add(timer);
    };
    if (initialDelayMs > 0) schedule(initialDelayMs);
    else run();
  }

  private deliver(action: () => void): void {
    this.context.runInMailbox(() => {
      if (!this.closed) this.guarded(action);
    });
  }
}
