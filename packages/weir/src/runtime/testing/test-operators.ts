/**
 * Tiny operators implementing the operator contract directly, for runtime tests (independent of
 * the built-in operators). They record what they see through callbacks the test passes in.
 */
import type { ReaderOutput, Source, SourceReader, SourceSplit, SplitEnumerator } from "../../core/source.js";
import {
  type OneInputStreamOperator,
  type OperatorContext,
  type SourceStreamOperator,
  StreamRecord,
  type TwoInputStreamOperator,
} from "../../operators/contract.js";
import type {
  CollectSinkEvent,
  SourceCoordinatorEvent,
  SourceReaderEvent,
} from "../../operators/coordination.js";

type Status = "MORE_AVAILABLE" | "NOTHING_AVAILABLE" | "END_OF_INPUT";

abstract class TestOperator<OUT> {
  protected ctx!: OperatorContext<OUT>;
  setup(context: OperatorContext<OUT>): void {
    this.ctx = context;
  }
  open(): void | Promise<void> {}
  finish(): void | Promise<void> {}
  close(): void | Promise<void> {}
  processWatermark(watermark: number): void {
    this.ctx.output.emitWatermark(watermark);
  }
}

/** What a `FnSource` poll function gets. */
export interface SourcePoll<T> {
  readonly subtask: number;
  readonly parallelism: number;
  emit(value: T, timestamp?: number): void;
  emitWatermark(watermark: number): void;
}

/** A source driven by a function: `poll` emits and returns the status; `available` for waits. */
export class FnSource<T> extends TestOperator<T> implements SourceStreamOperator<T> {
  readonly inputArity = 0;
  private readonly reuse = new StreamRecord<T>(undefined as T);
  private handle!: SourcePoll<T>;

  constructor(
    private readonly poll: (p: SourcePoll<T>) => Status,
    private readonly available: () => Promise<void> = () => Promise.resolve(),
  ) {
    super();
  }

  override open(): void {
    const rc = this.ctx.runtimeContext;
    this.handle = {
      subtask: rc.getIndexOfThisSubtask(),
      parallelism: rc.getNumberOfParallelSubtasks(),
      emit: (value, timestamp) => {
        this.reuse.value = value;
        this.reuse.timestamp = timestamp ?? Number.NEGATIVE_INFINITY;
        this.ctx.output.collect(this.reuse);
      },
      emitWatermark: (w) => this.ctx.output.emitWatermark(w),
    };
  }

  emitNext(): Status {
    return this.poll(this.handle);
  }

  isAvailable(): Promise<void> {
    return this.available();
  }
}

/** Emits `values` round-robin over its subtasks (value k goes to subtask k % p), `perCall` at a time. */
export function listSource<T>(values: readonly T[], perCall = 16): () => FnSource<T> {
  return () => {
    let next = -1;
    return new FnSource<T>((p) => {
      if (next < 0) next = p.subtask;
      for (let i = 0; i < perCall && next < values.length; i++, next += p.parallelism) p.emit(values[next]!);
      return next < values.length ? "MORE_AVAILABLE" : "END_OF_INPUT";
    });
  };
}

export class MapOp<IN, OUT> extends TestOperator<OUT> implements OneInputStreamOperator<IN, OUT> {
  readonly inputArity = 1;
  private readonly out = new StreamRecord<OUT>(undefined as OUT);
  constructor(private readonly fn: (value: IN, ctx: OperatorContext<OUT>) => OUT) {
    super();
  }
  processElement(record: StreamRecord<IN>): void {
    this.ctx.output.collect(this.out.replace(this.fn(record.value, this.ctx), record));
  }
}

/** Even numbers to the main output, odd ones to side output `odd`. */
export class SplitOddOp extends TestOperator<number> implements OneInputStreamOperator<number, number> {
  readonly inputArity = 1;
  static readonly ODD = { id: "odd" };
  processElement(record: StreamRecord<number>): void {
    if (record.value % 2 === 0) this.ctx.output.collect(record);
    else this.ctx.output.collectSide(SplitOddOp.ODD, record);
  }
}

/** Emits `[key, running count]` per record (STREAMING rolling count). */
export class KeyedCountOp<T>
  extends TestOperator<[unknown, number]>
  implements OneInputStreamOperator<T, [unknown, number]>
{
  readonly inputArity = 1;
  private readonly counts = new Map<unknown, number>();
  private readonly out = new StreamRecord<[unknown, number]>([undefined, 0]);
  constructor(private readonly key: (value: T) => unknown) {
    super();
  }
  processElement(record: StreamRecord<T>): void {
    const k = this.key(record.value);
    const n = (this.counts.get(k) ?? 0) + 1;
    this.counts.set(k, n);
    this.ctx.output.collect(this.out.replace([k, n], record));
  }
}

export class TwoInputOp<A, B, OUT> extends TestOperator<OUT> implements TwoInputStreamOperator<A, B, OUT> {
  readonly inputArity = 2;
  private readonly out = new StreamRecord<OUT>(undefined as OUT);
  constructor(
    private readonly fn1: (value: A) => OUT,
    private readonly fn2: (value: B) => OUT,
    private readonly onWatermark?: (watermark: number) => void,
  ) {
    super();
  }
  processElement1(record: StreamRecord<A>): void {
    this.ctx.output.collect(this.out.replace(this.fn1(record.value), record));
  }
  processElement2(record: StreamRecord<B>): void {
    this.ctx.output.collect(this.out.replace(this.fn2(record.value), record));
  }
  override processWatermark(watermark: number): void {
    this.onWatermark?.(watermark);
    super.processWatermark(watermark);
  }
}

/** Calls `onRecord` / `onWatermark` / `onFinish`; optionally backpressures through `backpressure`. */
export class CallbackSink<T> extends TestOperator<never> implements OneInputStreamOperator<T, never> {
  readonly inputArity = 1;
  constructor(
    private readonly hooks: {
      onRecord?: (value: T, ctx: OperatorContext<never>, timestamp: number) => void;
      onWatermark?: (watermark: number) => void;
      onOpen?: (ctx: OperatorContext<never>) => void | Promise<void>;
      onFinish?: () => void | Promise<void>;
      onClose?: () => void;
      backpressure?: () => Promise<void> | undefined;
    } = {},
  ) {
    super();
  }
  override open(): void | Promise<void> {
    return this.hooks.onOpen?.(this.ctx);
  }
  processElement(record: StreamRecord<T>): void {
    this.hooks.onRecord?.(record.value, this.ctx, record.timestamp);
  }
  override processWatermark(watermark: number): void {
    this.hooks.onWatermark?.(watermark);
  }
  override finish(): void | Promise<void> {
    return this.hooks.onFinish?.();
  }
  override close(): void {
    this.hooks.onClose?.();
  }
  backpressure(): Promise<void> | undefined {
    return this.hooks.backpressure?.();
  }
}

/** A collect sink speaking the collect protocol (operator kind `collectSink`). */
export class TestCollectSink<T> extends TestOperator<never> implements OneInputStreamOperator<T, never> {
  readonly inputArity = 1;
  private batch: unknown[] = [];
  constructor(private readonly batchSize = 32) {
    super();
  }
  processElement(record: StreamRecord<T>): void {
    this.batch.push(record.value);
    if (this.batch.length >= this.batchSize) this.flush();
  }
  override processWatermark(): void {}
  override finish(): void {
    this.flush();
    this.send({ kind: "collect.end" });
  }
  private flush(): void {
    if (this.batch.length === 0) return;
    const values = this.batch;
    this.batch = [];
    this.send({ kind: "collect.batch", values });
  }
  private send(event: CollectSinkEvent): void {
    this.ctx.sendOperatorEvent(event);
  }
}

// ---- a FLIP-27 source over fixed splits, with its reader operator ----

export interface ValuesSplit extends SourceSplit {
  readonly values: readonly number[];
}

/** Splits handed out on request; bounded. `onEnumeratorClosed` observes the coordinator's close. */
export class ValuesSplitSource implements Source<number, ValuesSplit, readonly ValuesSplit[]> {
  constructor(
    private readonly splits: readonly ValuesSplit[],
    private readonly hooks: { onEnumeratorClosed?: () => void } = {},
  ) {}
  getBoundedness(): "BOUNDED" {
    return "BOUNDED";
  }
  createEnumerator(context: Parameters<Source<number, ValuesSplit>["createEnumerator"]>[0]) {
    const remaining = [...this.splits];
    const hooks = this.hooks;
    const enumerator: SplitEnumerator<ValuesSplit, readonly ValuesSplit[]> = {
      start() {},
      handleSplitRequest(subtask) {
        const split = remaining.shift();
        if (split) context.assignSplits(subtask, [split]);
        else context.signalNoMoreSplits(subtask);
      },
      addSplitsBack(splits) {
        remaining.push(...splits);
      },
      addReader() {},
      snapshotState: () => remaining,
      close() {
        hooks.onEnumeratorClosed?.();
      },
    };
    return enumerator;
  }
  createReader(
    context: Parameters<Source<number, ValuesSplit>["createReader"]>[0],
  ): SourceReader<number, ValuesSplit> {
    const queue: ValuesSplit[] = [];
    let current: { split: ValuesSplit; next: number } | undefined;
    let noMore = false;
    let waiting = false;
    let wake: (() => void) | undefined;
    const notify = () => {
      wake?.();
      wake = undefined;
    };
    return {
      start() {
        waiting = true;
        context.sendSplitRequest();
      },
      pollNext(output: ReaderOutput<number>) {
        if (!current) {
          const split = queue.shift();
          if (split) current = { split, next: 0 };
        }
        if (!current) {
          if (noMore) return "END_OF_INPUT";
          if (!waiting) {
            waiting = true;
            context.sendSplitRequest();
          }
          return "NOTHING_AVAILABLE";
        }
        for (let i = 0; i < 8 && current.next < current.split.values.length; i++) {
          output.collect(current.split.values[current.next++]!);
        }
        if (current.next >= current.split.values.length) current = undefined;
        return "MORE_AVAILABLE";
      },
      isAvailable() {
        if (queue.length > 0 || noMore) return Promise.resolve();
        return new Promise<void>((resolve) => {
          wake = resolve;
        });
      },
      addSplits(splits) {
        waiting = false;
        queue.push(...splits);
        notify();
      },
      notifyNoMoreSplits() {
        noMore = true;
        notify();
      },
      snapshotState: () => [...queue],
      close() {},
    };
  }
}

/** Runs a FLIP-27 reader at the head of a source task (operator kind `source`). */
export class ReaderSourceOp<T> extends TestOperator<T> implements SourceStreamOperator<T> {
  readonly inputArity = 0;
  private reader!: SourceReader<T, SourceSplit>;
  private readonly reuse = new StreamRecord<T>(undefined as T);
  constructor(private readonly source: Source<T, SourceSplit, unknown>) {
    super();
  }
  override open(): void | Promise<void> {
    const rc = this.ctx.runtimeContext;
    const send = (event: SourceReaderEvent) => this.ctx.sendOperatorEvent(event);
    this.ctx.onOperatorEvent((e) => {
      const event = e as SourceCoordinatorEvent;
      if (event.kind === "source.addSplits") this.reader.addSplits(event.splits);
      else if (event.kind === "source.noMoreSplits") this.reader.notifyNoMoreSplits();
      else this.reader.handleSourceEvent?.(event.event);
    });
    this.reader = this.source.createReader({
      subtaskIndex: rc.getIndexOfThisSubtask(),
      parallelism: rc.getNumberOfParallelSubtasks(),
      config: this.ctx.config,
      clock: this.ctx.clock,
      sendSplitRequest: () => send({ kind: "source.splitRequest" }),
      sendSourceEventToCoordinator: (event) => send({ kind: "source.custom", event }),
    });
    send({ kind: "source.register" });
    return this.reader.start();
  }
  emitNext(): Status {
    return this.reader.pollNext({
      collect: (value, timestamp) => {
        this.reuse.value = value;
        this.reuse.timestamp = timestamp ?? Number.NEGATIVE_INFINITY;
        this.ctx.output.collect(this.reuse);
      },
    });
  }
  isAvailable(): Promise<void> {
    return this.reader.isAvailable();
  }
  override close(): void | Promise<void> {
    return this.reader?.close();
  }
}
