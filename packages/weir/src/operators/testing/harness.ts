/**
 * Drives one operator without a runtime (Flink's `OneInputStreamOperatorTestHarness` family, one
 * class for zero-, one- and two-input operators). It gives the operator a recording `Output`, a
 * `RuntimeContext` and a `ManualClock`, records what the operator emits (main output with
 * timestamps, side outputs, watermarks) and the operator events it sends, and lets a test deliver
 * coordinator events.
 *
 * Lifecycle as in a task: `open()` (setup, initializeState, open) → `processElement*` /
 * `processWatermark*` → `endInput()` (finish) → `close()`. Configure it with one options object.
 */
import { type Clock, ManualClock } from "../../core/clock.js";
import { InternalError, JobDefinitionError } from "../../core/errors.js";
import { computeDefaultMaxParallelism } from "../../core/keygroups.js";
import {
  NO_TIMESTAMP,
  type OneInputStreamOperator,
  type OperatorContext,
  type Output,
  type OutputTagRef,
  type RuntimeContext,
  type SourceStreamOperator,
  StreamRecord,
  type TwoInputStreamOperator,
} from "../contract.js";
import type { OutputTag } from "../output-tag.js";

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
    this.context = {
      output: this.recordingOutput(),
      runtimeContext: harnessRuntimeContext({
        taskName: `${operatorName} (${subtaskIndex + 1}/${parallelism})`,
        subtaskIndex,
        parallelism,
        maxParallelism: options.maxParallelism ?? computeDefaultMaxParallelism(parallelism),
        attemptNumber: options.attemptNumber ?? 0,
        args: options.jobArgs ?? [],
        config,
      }),
      clock: this.clock,
      operatorId: options.operatorId ?? "0".repeat(32),
      operatorName,
      runtimeMode: options.runtimeMode ?? "STREAMING",
      sendOperatorEvent: (event) => this.sentEvents.push(event),
      onOperatorEvent: (handler) => {
        this.eventHandler = handler;
      },
      config,
    };
  }

  /** `setup`, `initializeState` and `open`, as a task does before the first record. */
  async open(): Promise<void> {
    if (this.state !== "created") throw misuse("open() may be called once");
    this.operator.setup(this.context);
    await this.operator.initializeState?.();
    await this.operator.open();
    this.state = "open";
  }

  /** Feeds `value` to the (first) input; `timestamp` omitted means the record has none. */
  processElement(value: IN, timestamp?: number): void {
    const operator = this.requireOpen();
    const record = this.nextInput(value, timestamp);
    if (operator.inputArity === 1) operator.processElement(record as StreamRecord<IN>);
    else if (operator.inputArity === 2) operator.processElement1(record as StreamRecord<IN>);
    else throw misuse("a source operator has no input; use emitNext()");
  }

  /** Feeds `value` to the second input of a two-input operator. */
  processElement2(value: IN2, timestamp?: number): void {
    const operator = this.requireOpen();
    if (operator.inputArity !== 2) throw misuse("processElement2() needs a two-input operator");
    operator.processElement2(this.nextInput(value, timestamp) as StreamRecord<IN2>);
  }

  processWatermark(watermark: number): void {
    const operator = this.requireOpen();
    if (operator.inputArity === 0) throw misuse("a source operator has no input watermark");
    operator.processWatermark(watermark);
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
    if (wasOpened) await this.operator.close();
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

function harnessRuntimeContext(info: HarnessTaskInfo): RuntimeContext {
  const parameters = Object.freeze({ ...info.config, ...parseArgs(info.args) });
  return {
    getTaskName: () => info.taskName,
    getIndexOfThisSubtask: () => info.subtaskIndex,
    getNumberOfParallelSubtasks: () => info.parallelism,
    getMaxNumberOfParallelSubtasks: () => info.maxParallelism,
    getAttemptNumber: () => info.attemptNumber,
    getJobId: () => "00000000000000000000000000000000",
    getJobArgs: () => info.args,
    getJobParameters: () => parameters,
  };
}

/** `--key value`, `-key value`, `--key=value`; a bare `--flag` means "true" (as the runtime parses them). */
function parseArgs(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const isKey = (token: string | undefined): token is string =>
    token !== undefined && /^--?[^-\d.]/.test(token) && Number.isNaN(Number(token));
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    if (!isKey(token)) continue;
    const body = token.replace(/^--?/, "");
    const eq = body.indexOf("=");
    if (eq > 0) {
      out[body.slice(0, eq)] = body.slice(eq + 1);
    } else if (!isKey(args[i + 1]) && args[i + 1] !== undefined) {
      out[body] = args[++i]!;
    } else {
      out[body] = "true";
    }
  }
  return out;
}
