/**
 * The one generic operator contract (ARCHITECTURE "Layout": operators). The runtime builds an
 * operator chain per task from these, and the operator test harness drives them directly.
 *
 * Lifecycle, in this order, each called once: `setup` → `initializeState` → `open` →
 * (`processElement*` / `processWatermark*`)* → `finish` (end of all input; flush buffered
 * results) → `close` (release resources; also called after a failure, possibly without `finish`).
 *
 * The per-record path (`processElement` → `Output.collect` → next chained operator) is
 * synchronous and must not allocate per record where avoidable: operators reuse one output
 * `StreamRecord` (see `StreamRecord.replace`). Records handed to `collect` may be reused by the
 * caller after `collect` returns; a consumer that keeps a record keeps its `value`, not the record.
 * Chained operators receive values by reference; values crossing a network edge are serialized.
 */
import type { Clock } from "../core/clock.js";
import type { KeyedStateAccess } from "./state/keyed-state-access.js";
import type { KeyedStateBackend } from "./state/keyed-state-backend.js";
import type { OperatorStateStore } from "./state/operator-state-store.js";
import type { InternalTimerService, Triggerable } from "./timers/internal-timer-service.js";

/** Event time of records without a timestamp. */
export const NO_TIMESTAMP = Number.NEGATIVE_INFINITY;
/** Watermark that means "end of event time". */
export const MAX_WATERMARK = Number.POSITIVE_INFINITY;
/** Initial watermark of every operator. */
export const MIN_WATERMARK = Number.NEGATIVE_INFINITY;

/** A value with its optional event timestamp. Mutable so that operators can reuse instances. */
export class StreamRecord<T> {
  value: T;
  /** Event timestamp in ms, or `NO_TIMESTAMP`. */
  timestamp: number;

  constructor(value: T, timestamp: number = NO_TIMESTAMP) {
    this.value = value;
    this.timestamp = timestamp;
  }

  hasTimestamp(): boolean {
    return this.timestamp !== NO_TIMESTAMP;
  }

  /** Reuses this record for `value`, keeping the timestamp of `from` (or its own). */
  replace<U>(value: U, from?: StreamRecord<unknown>): StreamRecord<U> {
    const self = this as unknown as StreamRecord<U>;
    self.value = value;
    if (from !== undefined) self.timestamp = from.timestamp;
    return self;
  }
}

/** Identifies a side output; `id` must be unique within a job. */
export interface OutputTagRef {
  readonly id: string;
}

/** Where an operator sends results. Implementations are chain links or record writers. */
export interface Output<T> {
  collect(record: StreamRecord<T>): void;
  /** Sends `value` to the side output `tag` (records for unknown tags are dropped). */
  collectSide<X>(tag: OutputTagRef, record: StreamRecord<X>): void;
  emitWatermark(watermark: number): void;
  /**
   * The output becomes idle (`true`) or active again (`false`): while idle it does not hold back the
   * watermark of downstream operators (Flink's `WatermarkStatus`). Emitted by sources and
   * watermark assigners with `withIdleness`; forwarded by the runtime.
   */
  emitWatermarkStatus?(idle: boolean): void;
}

/**
 * What a rich function sees of where it runs (Flink's `RuntimeContext`). The keyed-state methods
 * (`getState`, `getListState`, ...) work on keyed streams only (the operator's input is keyed);
 * elsewhere they throw a `JobDefinitionError`. Each operator gets its own context.
 */
export interface RuntimeContext extends KeyedStateAccess {
  /** The task's name, e.g. `Map -> Sink: out` (Flink's `getTaskName`). */
  getTaskName(): string;
  /** The task's name with the subtask, e.g. `Map -> Sink: out (2/4)`. */
  getTaskNameWithSubtasks(): string;
  getIndexOfThisSubtask(): number;
  getNumberOfParallelSubtasks(): number;
  getMaxNumberOfParallelSubtasks(): number;
  getAttemptNumber(): number;
  getJobId(): string;
  /** The job's `main(args)` arguments. */
  getJobArgs(): readonly string[];
  /** Job parameters: `--key value` pairs parsed from the job arguments, plus the effective config. */
  getJobParameters(): Readonly<Record<string, string>>;
}

/**
 * Services the runtime (or the test harness) gives an operator at `setup`.
 *
 * Keyed operators (those with `stateKeySelector` set) additionally get `keyedStateBackend` and
 * `getInternalTimerService`, created per operator by the runtime (`runtime/task/operator-chain.ts`)
 * or the harness (`operators/testing/harness.ts`); both set the backend's current key from the
 * record before each `processElement`. Every operator gets `operatorStateStore`.
 */
export interface OperatorContext<OUT> {
  readonly output: Output<OUT>;
  readonly runtimeContext: RuntimeContext;
  readonly clock: Clock;
  /** Operator id (stable, 32 hex) and display name. */
  readonly operatorId: string;
  readonly operatorName: string;
  /** "STREAMING" or "BATCH": operators whose semantics differ (rolling aggregations) read this. */
  readonly runtimeMode: "STREAMING" | "BATCH";
  /** Sends an event to this operator's coordinator on the JobMaster (sources, collect sink). */
  sendOperatorEvent(event: unknown): void;
  /** Registers a handler for events from the coordinator (one handler per operator). */
  onOperatorEvent(handler: (event: unknown) => void): void;
  /** Effective job configuration (flat dotted keys). */
  readonly config: Readonly<Record<string, string>>;
  /** Keyed operators only: the operator's keyed state backend (see `state/keyed-state-backend.ts`). */
  readonly keyedStateBackend?: KeyedStateBackend<unknown>;
  /**
   * Keyed operators only: the named timer service of this operator (see
   * `timers/internal-timer-service.ts`); the same name returns the same service.
   */
  getInternalTimerService?<N>(name: string, triggerable: Triggerable<unknown, N>): InternalTimerService<N>;
  /** Non-keyed list, union and broadcast state of this operator (see `state/operator-state-store.ts`). */
  readonly operatorStateStore?: OperatorStateStore;
  /** `pipeline.auto-watermark-interval` in ms (0: no periodic watermarks); default 200. */
  readonly autoWatermarkIntervalMs?: number;
  /** Logs a warning attributed to this operator (default: stderr). */
  warn?(message: string): void;
}

export interface StreamOperator<OUT> {
  setup(context: OperatorContext<OUT>): void;
  /**
   * Initializes state before `open`: the runtime has restored the context's stores (keyed backend,
   * operator state store) by now; operators run their functions' `CheckpointedFunction.initializeState`.
   */
  initializeState?(): void | Promise<void>;
  open(): void | Promise<void>;
  /** Called when all inputs reached the end (bounded jobs). May emit. */
  finish(): void | Promise<void>;
  close(): void | Promise<void>;
  /**
   * When the operator cannot take more input right now (a sink's buffers are full), returns a
   * promise that resolves when it can; otherwise `undefined`. Checked between input batches.
   */
  backpressure?(): Promise<void> | undefined;
}

export interface OneInputStreamOperator<IN, OUT> extends StreamOperator<OUT> {
  readonly inputArity: 1;
  /**
   * Set when the input is keyed (by the operator, or by `KeyedStream.transform`): the runtime and
   * the harness then give the operator a keyed state backend and timer services, and set the
   * backend's current key to `stateKeySelector(record.value)` before each `processElement`.
   */
  stateKeySelector?(value: IN): unknown;
  processElement(record: StreamRecord<IN>): void;
  /** The combined watermark of the input advanced. Default behaviour: forward it. */
  processWatermark(watermark: number): void;
}

export interface TwoInputStreamOperator<IN1, IN2, OUT> extends StreamOperator<OUT> {
  readonly inputArity: 2;
  /**
   * Key selectors of keyed inputs (as `OneInputStreamOperator.stateKeySelector`); an operator is
   * keyed when either is set. A broadcast input of a keyed broadcast operator has none: its
   * records are processed without a current key.
   */
  stateKeySelector1?(value: IN1): unknown;
  stateKeySelector2?(value: IN2): unknown;
  processElement1(record: StreamRecord<IN1>): void;
  processElement2(record: StreamRecord<IN2>): void;
  /** The combined watermark of both inputs advanced (the runtime takes the minimum). */
  processWatermark(watermark: number): void;
}

/**
 * The operator that runs a FLIP-27 `SourceReader` at the head of a source task. The task drives it:
 * `emitNext` while the output is available, `isAvailable()` when it says nothing is available.
 */
export interface SourceStreamOperator<OUT> extends StreamOperator<OUT> {
  readonly inputArity: 0;
  emitNext(): "MORE_AVAILABLE" | "NOTHING_AVAILABLE" | "END_OF_INPUT";
  isAvailable(): Promise<void>;
}

export type AnyStreamOperator =
  | OneInputStreamOperator<unknown, unknown>
  | TwoInputStreamOperator<unknown, unknown, unknown>
  | SourceStreamOperator<unknown>;

/** Creates a fresh operator instance for one parallel subtask (called once per subtask attempt). */
export type OperatorFactory = () => AnyStreamOperator;
