/**
 * The interval join (Flink's `IntervalJoinOperator`): joins each left element `l` of a key with the
 * right elements `r` of the same key whose timestamps satisfy
 * `l.ts + lowerBound <= r.ts <= l.ts + upperBound` (bounds already adjusted for exclusivity).
 *
 * Both sides are buffered in keyed `MapState` by timestamp. An element older than the watermark
 * is late and dropped (it could only join with elements already cleaned up). Each buffered element
 * gets a cleanup timer at the time after which no element of the other side can still join it;
 * results carry `max(left.ts, right.ts)`. Event time only: elements must have timestamps.
 */
import { JobDefinitionError } from "../../core/errors.js";
import { AbstractStreamOperator } from "../abstract-operator.js";
import { type Output, type OutputTagRef, StreamRecord, type TwoInputStreamOperator } from "../contract.js";
import { richOf } from "../functions.js";
import type { OutputTag } from "../output-tag.js";
import { MapStateDescriptor, VOID_NAMESPACE } from "../state/keyed-state-backend.js";
import type { MapState } from "../state/state-types.js";
import type { InternalTimer, InternalTimerService, Triggerable } from "../timers/internal-timer-service.js";
import { TimestampedCollector } from "../timestamped-collector.js";
import type { ProcessJoinFunctionContext, ProcessJoinFunctionLike } from "./join-functions.js";

interface BufferEntry<T> {
  readonly element: T;
  hasBeenJoined: boolean;
}

const CLEANUP_LEFT = "CLEANUP_LEFT";
const CLEANUP_RIGHT = "CLEANUP_RIGHT";
type CleanupNamespace = typeof CLEANUP_LEFT | typeof CLEANUP_RIGHT;

export interface IntervalJoinOperatorOptions<IN1, IN2, OUT> {
  /** Inclusive bounds (ms) relative to the left element's timestamp. */
  readonly lowerBound: number;
  readonly upperBound: number;
  readonly keySelector1: (value: IN1) => unknown;
  readonly keySelector2: (value: IN2) => unknown;
  readonly fn: ProcessJoinFunctionLike<IN1, IN2, OUT>;
  readonly leftLateDataOutputTag?: OutputTagRef | undefined;
  readonly rightLateDataOutputTag?: OutputTagRef | undefined;
}

export class IntervalJoinOperator<IN1, IN2, OUT>
  extends AbstractStreamOperator<OUT>
  implements TwoInputStreamOperator<IN1, IN2, OUT>, Triggerable<unknown, CleanupNamespace>
{
  readonly inputArity = 2;
  readonly stateKeySelector1: (value: IN1) => unknown;
  readonly stateKeySelector2: (value: IN2) => unknown;
  private readonly lowerBound: number;
  private readonly upperBound: number;
  private readonly process: (
    left: IN1,
    right: IN2,
    ctx: ProcessJoinFunctionContext,
    out: TimestampedCollector<OUT>,
  ) => void;
  private leftBuffer!: MapState<number, BufferEntry<IN1>[]>;
  private rightBuffer!: MapState<number, BufferEntry<IN2>[]>;
  private timers!: InternalTimerService<CleanupNamespace>;
  private collector!: TimestampedCollector<OUT>;
  private readonly ctx = new JoinContext();

  constructor(private readonly options: IntervalJoinOperatorOptions<IN1, IN2, OUT>) {
    super();
    this.lowerBound = options.lowerBound;
    this.upperBound = options.upperBound;
    this.stateKeySelector1 = options.keySelector1;
    this.stateKeySelector2 = options.keySelector2;
    const fn = options.fn;
    this.process = typeof fn === "function" ? fn : (l, r, c, o) => fn.processElement(l, r, c, o);
  }

  override open(): void | Promise<void> {
    const context = this.context;
    const backend = context.keyedStateBackend;
    if (backend === undefined || context.getInternalTimerService === undefined) {
      throw new JobDefinitionError(
        "an interval join needs keyed inputs: a.keyBy(...).intervalJoin(b.keyBy(...))",
      );
    }
    this.leftBuffer = backend.getPartitionedState(
      VOID_NAMESPACE,
      new MapStateDescriptor<number, BufferEntry<IN1>[]>("LEFT_BUFFER"),
    );
    this.rightBuffer = backend.getPartitionedState(
      VOID_NAMESPACE,
      new MapStateDescriptor<number, BufferEntry<IN2>[]>("RIGHT_BUFFER"),
    );
    this.timers = context.getInternalTimerService<CleanupNamespace>("IntervalJoinOperator", this);
    this.collector = new TimestampedCollector<OUT>(this.output);
    this.ctx.out = this.output;
    return richOf(this.options.fn)?.open?.(context.runtimeContext);
  }

  override close(): void | Promise<void> {
    return richOf(this.options.fn)?.close?.();
  }

  processElement1(record: StreamRecord<IN1>): void {
    const ts = this.checkTimestamp(record.timestamp);
    if (this.isLate(ts)) {
      this.late(this.options.leftLateDataOutputTag, record);
      return;
    }
    addToBuffer(this.leftBuffer, record.value, ts);
    for (const [rightTs, entries] of this.rightBuffer.entries()) {
      if (rightTs < ts + this.lowerBound || rightTs > ts + this.upperBound) continue;
      for (const entry of entries) {
        entry.hasBeenJoined = true;
        this.collect(record.value, entry.element, ts, rightTs);
      }
    }
    this.timers.registerEventTimeTimer(CLEANUP_LEFT, this.upperBound > 0 ? ts + this.upperBound : ts);
  }

  processElement2(record: StreamRecord<IN2>): void {
    const ts = this.checkTimestamp(record.timestamp);
    if (this.isLate(ts)) {
      this.late(this.options.rightLateDataOutputTag, record);
      return;
    }
    addToBuffer(this.rightBuffer, record.value, ts);
    // Seen from the right element the interval is mirrored: [ts - upperBound, ts - lowerBound].
    for (const [leftTs, entries] of this.leftBuffer.entries()) {
      if (leftTs < ts - this.upperBound || leftTs > ts - this.lowerBound) continue;
      for (const entry of entries) {
        entry.hasBeenJoined = true;
        this.collect(entry.element, record.value, leftTs, ts);
      }
    }
    this.timers.registerEventTimeTimer(CLEANUP_RIGHT, -this.lowerBound > 0 ? ts - this.lowerBound : ts);
  }

  onEventTime(timer: InternalTimer<unknown, CleanupNamespace>): void {
    if (timer.namespace === CLEANUP_LEFT) {
      this.leftBuffer.remove(this.upperBound <= 0 ? timer.timestamp : timer.timestamp - this.upperBound);
    } else {
      this.rightBuffer.remove(this.lowerBound <= 0 ? timer.timestamp + this.lowerBound : timer.timestamp);
    }
  }

  onProcessingTime(): void {}

  private collect(left: IN1, right: IN2, leftTs: number, rightTs: number): void {
    const ctx = this.ctx;
    ctx.leftTimestamp = leftTs;
    ctx.rightTimestamp = rightTs;
    ctx.resultTimestamp = Math.max(leftTs, rightTs);
    this.collector.setAbsoluteTimestamp(ctx.resultTimestamp);
    this.process(left, right, ctx, this.collector);
  }

  private isLate(timestamp: number): boolean {
    const watermark = this.timers.currentWatermark();
    return watermark !== Number.NEGATIVE_INFINITY && timestamp < watermark;
  }

  private late(tag: OutputTagRef | undefined, record: StreamRecord<unknown>): void {
    if (tag !== undefined) this.context.output.collectSide(tag, record);
  }

  private checkTimestamp(timestamp: number): number {
    if (timestamp === Number.NEGATIVE_INFINITY) {
      throw new JobDefinitionError(
        "Elements used in interval stream joins need to have meaningful timestamps (the record has none)",
        { hint: "assign timestamps with a WatermarkStrategy before the interval join" },
      );
    }
    return timestamp;
  }
}

function addToBuffer<T>(buffer: MapState<number, BufferEntry<T>[]>, value: T, timestamp: number): void {
  const entries = buffer.get(timestamp);
  if (entries === undefined) buffer.put(timestamp, [{ element: value, hasBeenJoined: false }]);
  else {
    entries.push({ element: value, hasBeenJoined: false });
    buffer.put(timestamp, entries);
  }
}

/** The reused context handed to the `ProcessJoinFunction`. */
class JoinContext implements ProcessJoinFunctionContext {
  leftTimestamp = 0;
  rightTimestamp = 0;
  resultTimestamp = 0;
  out!: Output<unknown>;
  private readonly sideRecord = new StreamRecord<unknown>(undefined);

  getLeftTimestamp(): number {
    return this.leftTimestamp;
  }

  getRightTimestamp(): number {
    return this.rightTimestamp;
  }

  getTimestamp(): number {
    return this.resultTimestamp;
  }

  output<X>(tag: OutputTag<X>, value: X): void {
    const side = this.sideRecord;
    side.value = value;
    side.timestamp = this.resultTimestamp;
    this.out.collectSide(tag, side);
  }
}
