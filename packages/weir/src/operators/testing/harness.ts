/**
 * Drives one operator without a runtime (Flink's `OneInputStreamOperatorTestHarness` family, one
 * class for zero-, one- and two-input operators). It gives the operator a recording `Output`, a
 * `RuntimeContext` and a `ManualClock`, records what the operator emits (main output with
 * timestamps, side outputs, watermarks) and the operator events it sends, and lets a test deliver
 * coordinator events.
 *
 * Lifecycle as in a task: `open()` (setup, initializeState, open) → `processElement*` /
 * `processWatermark*` / `setProcessingTime*` → `endInput()` (finish) → `close()`. Configure it
 * with one options object.
 *
 * State and time are wired exactly as the runtime wires them (`OperatorStateServices`): a keyed
 * operator (its `stateKeySelector`, or the `keySelector` option) gets a heap keyed state backend and
 * timer services; `processElement` sets the current key first; `processWatermark` fires due
 * event-time timers before the operator sees the watermark; `setProcessingTime` advances the
 * `ManualClock`, firing processing-time timers. In BATCH, `batchKeyScope` drives end-of-key firing.
 * `snapshot()` and the `restoreFrom` option move state between harnesses (also across parallelism).
 */

import { type Clock, ManualClock } from "../../core/clock.js";
import { readOption } from "../../core/config/option.js";
import { CoreOptions } from "../../core/config/options.js";
import { InternalError, JobDefinitionError } from "../../core/errors.js";
import { computeDefaultMaxParallelism, computeKeyGroupRangeForOperatorIndex } from "../../core/keygroups.js";
import {
  NO_TIMESTAMP,
  type OneInputStreamOperator,
  type OperatorContext,
  type Output,
  type OutputTagRef,
  type SourceStreamOperator,
  StreamRecord,
  type TwoInputStreamOperator,
} from "../contract.js";
import { parseJobParameters } from "../job-parameters.js";
import type { OutputTag } from "../output-tag.js";
import type { BatchKeyScope } from "../state/batch-key-scope.js";
import type { DefaultOperatorStateStore } from "../state/default-operator-state-store.js";
import type { HeapKeyedStateBackend } from "../state/heap/heap-keyed-state-backend.js";
import type { KeyedStateSnapshot } from "../state/keyed-state-backend.js";
import { OperatorRuntimeContext, type TaskRuntimeInfo } from "../state/operator-runtime-context.js";
import { OperatorStateServices } from "../state/operator-state-services.js";
import type { OperatorStateSnapshot } from "../state/operator-state-store.js";
import type { TimerServiceSnapshot } from "../timers/internal-timer-service.js";

export interface OperatorTestHarnessOptions {
  /** Parallelism of the operator (default 1). */
  readonly parallelism?: number;
  /** Index of the simulated subtask (default 0). */
  readonly subtaskIndex?: number;
  /** Default: Flink's rule for `parallelism` (at least 128). */
  readonly maxParallelism?: number;
  readonly runtimeMode?: "STREAMING" | "BATCH";
  /** Effective job configuration (flat dotted keys). */
  readonly config?: Readonly<Record<string, string>>;
  /** Default: a `ManualClock` at 0 (see `harness.clock`). */
  readonly clock?: Clock;
  /** The job's arguments (`getJobArgs`, parsed into `getJobParameters`). */
  readonly jobArgs?: readonly string[];
  readonly attemptNumber?: number;
  readonly operatorName?: string;
  readonly operatorId?: string;
  /** Makes a one-input operator keyed (sets `stateKeySelector` unless the operator has one). */
  readonly keySelector?: (value: never) => unknown;
  /** Two-input operators: key selectors of the first and second input. */
  readonly keySelector1?: (value: never) => unknown;
  readonly keySelector2?: (value: never) => unknown;
  /** State to restore before `initializeState` (snapshots of one or more earlier harnesses). */
  readonly restoreFrom?: readonly HarnessSnapshot[];
}

/** The state of an operator subtask, as `harness.snapshot()` returns it. */
export interface HarnessSnapshot {
  readonly keyed: KeyedStateSnapshot | undefined;
  readonly timers: TimerServiceSnapshot[] | undefined;
  readonly operator: OperatorStateSnapshot;
}

/** A recorded output record; `timestamp` is `undefined` when the record had none. */
export interface TestRecord<T> {
  readonly value: T;
  readonly timestamp: number | undefined;
}

export type HarnessOperator<IN, OUT, IN2> =
  | OneInputStreamOperator<IN, OUT>
  | TwoInputStreamOperator<IN, IN2, OUT>
  | SourceStreamOperator<OUT>;

export class OperatorTestHarness<IN, OUT, IN2 = never> {
  /** The clock given to the operator (a `ManualClock` unless one was passed). */
  readonly clock: Clock;
  private readonly records: TestRecord<OUT>[] = [];
  private readonly sideRecords = new Map<string, TestRecord<unknown>[]>();
  private readonly watermarks: number[] = [];
  private readonly sentEvents: unknown[] = [];
  private eventHandler: ((event: unknown) => void) | undefined;
  private readonly input = new StreamRecord<unknown>(undefined);
  private state: "created" | "open" | "finished" | "closed" = "created";
  private readonly context: OperatorContext<OUT>;
  private readonly warnings: string[] = [];
  private readonly services: OperatorStateServices;
  private readonly process1: (record: StreamRecord<unknown>) => void;
  private readonly process2: ((record: StreamRecord<unknown>) => void) | undefined;
  private readonly restoreFrom: readonly HarnessSnapshot[];
  private readonly parallelism: number;
  private readonly subtaskIndex: number;

  constructor(
    readonly operator: HarnessOperator<IN, OUT, IN2>,
    options: OperatorTestHarnessOptions = {},
  ) {
    this.clock = options.clock ?? new ManualClock(0);
    const parallelism = options.parallelism ?? 1;
    const subtaskIndex = options.subtaskIndex ?? 0;
    if (subtaskIndex < 0 || subtaskIndex >= parallelism) {
      throw new JobDefinitionError(`subtaskIndex ${subtaskIndex} is outside [0, ${parallelism})`);
    }
    const config = options.config ?? {};
    const operatorName = options.operatorName ?? operator.constructor.name;
    const maxParallelism = options.maxParallelism ?? computeDefaultMaxParallelism(parallelism);
    applyKeySelectors(operator, options);
    this.parallelism = parallelism;
    this.subtaskIndex = subtaskIndex;
    this.restoreFrom = options.restoreFrom ?? [];
    this.services = new OperatorStateServices(operator, {
      maxParallelism,
      keyGroupRange: computeKeyGroupRangeForOperatorIndex(maxParallelism, parallelism, subtaskIndex),
      runtimeMode: options.runtimeMode ?? "STREAMING",
    });
    if (operator.inputArity === 0) {
      this.process1 = () => {
        throw misuse("a source operator has no input; use emitNext()");
      };
    } else {
      this.process1 = this.services.processorFor(0);
    }
    this.process2 = operator.inputArity === 2 ? this.services.processorFor(1) : undefined;
    const baseContext: OperatorContext<OUT> = {
      output: this.recordingOutput(),
      runtimeContext: new OperatorRuntimeContext(
        harnessRuntimeContext({
          taskName: operatorName,
          subtaskIndex,
          parallelism,
          attemptNumber: options.attemptNumber ?? 0,
          args: options.jobArgs ?? [],
          maxParallelism,
          config,
        }),
        operatorName,
        undefined,
      ),
      clock: this.clock,
      operatorId: options.operatorId ?? "0".repeat(32),
      operatorName,
      runtimeMode: options.runtimeMode ?? "STREAMING",
      sendOperatorEvent: (event) => this.sentEvents.push(event),
      onOperatorEvent: (handler) => {
        this.eventHandler = handler;
      },
      config,
      warn: (message) => {
        this.warnings.push(message);
      },
    };
    this.context = {
      ...this.services.extendContext(baseContext),
      autoWatermarkIntervalMs: intervalOf(config),
    };
  }

  /** The keyed state backend (keyed operators), for assertions. */
  get keyedStateBackend(): HeapKeyedStateBackend<unknown> | undefined {
    return this.services.keyedStateBackend;
  }

  /** The operator (non-keyed) state store, for assertions. */
  get operatorStateStore(): DefaultOperatorStateStore {
    return this.services.operatorStateStore;
  }

  /** BATCH keyed operators: the end-of-key driver (see `batch-key-scope.ts`). */
  get batchKeyScope(): BatchKeyScope | undefined {
    return this.services.batchKeyScope;
  }

  /** Pending timers of all timer services (keyed operators). */
  numTimers(): number {
    let n = 0;
    for (const service of this.services.timeServiceManager?.snapshot() ?? []) {
      for (const group of service.keyGroups) n += group.eventTime.length + group.processingTime.length;
    }
    return n;
  }

  /** Keyed state entries (state, key, namespace) currently held. */
  numKeyedStateEntries(): number {
    return this.services.keyedStateBackend?.numEntries() ?? 0;
  }

  /** Warnings the operator logged (e.g. "Timer service is quiesced"). */
  getWarnings(): string[] {
    return [...this.warnings];
  }

  /** Moves the `ManualClock` to `time`, firing processing-time timers and periodic callbacks. */
  setProcessingTime(time: number): void {
    const clock = this.clock;
    if (!(clock instanceof ManualClock)) throw misuse("setProcessingTime() needs the harness's ManualClock");
    clock.advanceTo(time);
  }

  /** The operator's state (keyed, timers, operator state), for restoring into another harness. */
  snapshot(): HarnessSnapshot {
    return {
      keyed: this.services.keyedStateBackend?.snapshot(),
      timers: this.services.timeServiceManager?.snapshot(),
      operator: this.services.operatorStateStore.snapshot(),
    };
  }

  /** `setup`, `initializeState` and `open`, as a task does before the first record. */
  async open(): Promise<void> {
    if (this.state !== "created") throw misuse("open() may be called once");
    this.operator.setup(this.context);
    this.restoreState();
    await this.operator.initializeState?.();
    await this.operator.open();
    this.state = "open";
  }

  /** Feeds `value` to the (first) input; `timestamp` omitted means the record has none. */
  processElement(value: IN, timestamp?: number): void {
    const operator = this.requireOpen();
    if (operator.inputArity === 0) throw misuse("a source operator has no input; use emitNext()");
    this.process1(this.nextInput(value, timestamp));
  }

  /** Feeds `value` to the second input of a two-input operator. */
  processElement2(value: IN2, timestamp?: number): void {
    const operator = this.requireOpen();
    if (operator.inputArity !== 2 || this.process2 === undefined) {
      throw misuse("processElement2() needs a two-input operator");
    }
    this.process2(this.nextInput(value, timestamp));
  }

  processWatermark(watermark: number): void {
    const operator = this.requireOpen();
    if (operator.inputArity === 0) throw misuse("a source operator has no input watermark");
    this.services.onWatermark(watermark);
  }

  /** Source operators: one `emitNext()` call. */
  emitNext(): "MORE_AVAILABLE" | "NOTHING_AVAILABLE" | "END_OF_INPUT" {
    const operator = this.requireOpen();
    if (operator.inputArity !== 0) throw misuse("emitNext() needs a source operator");
    return operator.emitNext();
  }

  /** Source operators: calls `emitNext()` until it stops returning `MORE_AVAILABLE` (at most `maxCalls` times). */
  emitAvailable(maxCalls = 100_000): "MORE_AVAILABLE" | "NOTHING_AVAILABLE" | "END_OF_INPUT" {
    let status: "MORE_AVAILABLE" | "NOTHING_AVAILABLE" | "END_OF_INPUT" = "MORE_AVAILABLE";
    for (let i = 0; i < maxCalls && status === "MORE_AVAILABLE"; i++) status = this.emitNext();
    return status;
  }

  /** Delivers an event from the operator's coordinator (e.g. `source.addSplits`). */
  sendOperatorEvent(event: unknown): void {
    this.requireOpen();
    const handler = this.eventHandler;
    if (handler === undefined) throw misuse("the operator registered no operator-event handler");
    handler(event);
  }

  /** Events the operator sent to its coordinator, in order. */
  getOperatorEvents(): unknown[] {
    return [...this.sentEvents];
  }

  /** End of all input: the operator's `finish()`. */
  async endInput(): Promise<void> {
    this.requireOpen();
    await this.operator.finish();
    this.state = "finished";
  }

  async close(): Promise<void> {
    const wasOpened = this.state !== "created";
    if (this.state === "closed") return;
    this.state = "closed";
    this.services.dispose();
    if (wasOpened) await this.operator.close();
  }

  private restoreState(): void {
    const snapshots = this.restoreFrom;
    if (snapshots.length === 0) return;
    const keyed = snapshots.flatMap((s) => (s.keyed === undefined ? [] : [s.keyed]));
    this.services.keyedStateBackend?.restore(keyed);
    this.services.timeServiceManager?.restore(
      snapshots.flatMap((s) => (s.timers === undefined ? [] : [s.timers])),
    );
    this.services.operatorStateStore.restore(
      snapshots.map((s) => s.operator),
      this.subtaskIndex,
      this.parallelism,
    );
  }

  /** Values of the main output, in emission order. */
  getOutput(): OUT[] {
    return this.records.map((r) => r.value);
  }

  getRecords(): TestRecord<OUT>[] {
    return [...this.records];
  }

  getWatermarks(): number[] {
    return [...this.watermarks];
  }

  getSideOutput<X>(tag: OutputTag<X>): X[] {
    return (this.sideRecords.get(tag.id) ?? []).map((r) => r.value as X);
  }

  getSideOutputRecords<X>(tag: OutputTag<X>): TestRecord<X>[] {
    return [...(this.sideRecords.get(tag.id) ?? [])] as TestRecord<X>[];
  }

  /** Forgets everything recorded so far (outputs, side outputs, watermarks, sent events). */
  clearOutput(): void {
    this.records.length = 0;
    this.sideRecords.clear();
    this.watermarks.length = 0;
    this.sentEvents.length = 0;
  }

  private recordingOutput(): Output<OUT> {
    return {
      collect: (record) => {
        this.records.push(toTestRecord(record));
      },
      collectSide: <X>(tag: OutputTagRef, record: StreamRecord<X>) => {
        const list = this.sideRecords.get(tag.id);
        if (list === undefined) this.sideRecords.set(tag.id, [toTestRecord(record)]);
        else list.push(toTestRecord(record));
      },
      emitWatermark: (watermark) => {
        this.watermarks.push(watermark);
      },
    };
  }

  private nextInput(value: unknown, timestamp: number | undefined): StreamRecord<unknown> {
    // One reused input record, as a task does: catches operators that keep records.
    const record = this.input;
    record.value = value;
    record.timestamp = timestamp ?? NO_TIMESTAMP;
    return record;
  }

  private requireOpen(): HarnessOperator<IN, OUT, IN2> {
    if (this.state === "created") throw misuse("call `await harness.open()` first");
    if (this.state === "closed") throw misuse("the harness is closed");
    return this.operator;
  }
}

function applyKeySelectors(
  operator: HarnessOperator<unknown, unknown, unknown>,
  options: OperatorTestHarnessOptions,
): void {
  if (
    operator.inputArity === 1 &&
    options.keySelector !== undefined &&
    operator.stateKeySelector === undefined
  ) {
    operator.stateKeySelector = options.keySelector as (value: unknown) => unknown;
  }
  if (operator.inputArity === 2) {
    if (options.keySelector1 !== undefined && operator.stateKeySelector1 === undefined) {
      operator.stateKeySelector1 = options.keySelector1 as (value: unknown) => unknown;
    }
    if (options.keySelector2 !== undefined && operator.stateKeySelector2 === undefined) {
      operator.stateKeySelector2 = options.keySelector2 as (value: unknown) => unknown;
    }
  }
}

function intervalOf(config: Readonly<Record<string, string>>): number {
  return readOption(config, CoreOptions.AUTO_WATERMARK_INTERVAL);
}

function toTestRecord<T>(record: StreamRecord<T>): TestRecord<T> {
  return { value: record.value, timestamp: record.hasTimestamp() ? record.timestamp : undefined };
}

function misuse(message: string): InternalError {
  return new InternalError(`OperatorTestHarness: ${message}`);
}

interface HarnessTaskInfo {
  readonly taskName: string;
  readonly subtaskIndex: number;
  readonly parallelism: number;
  readonly maxParallelism: number;
  readonly attemptNumber: number;
  readonly args: readonly string[];
  readonly config: Readonly<Record<string, string>>;
}

function harnessRuntimeContext(info: HarnessTaskInfo): TaskRuntimeInfo {
  const parameters = Object.freeze({ ...info.config, ...parseJobParameters(info.args) });
  return {
    getTaskName: () => info.taskName,
    getTaskNameWithSubtasks: () => `${info.taskName} (${info.subtaskIndex + 1}/${info.parallelism})`,
    getIndexOfThisSubtask: () => info.subtaskIndex,
    getNumberOfParallelSubtasks: () => info.parallelism,
    getMaxNumberOfParallelSubtasks: () => info.maxParallelism,
    getAttemptNumber: () => info.attemptNumber,
    getJobId: () => "00000000000000000000000000000000",
    getJobArgs: () => info.args,
    getJobParameters: () => parameters,
  };
}
