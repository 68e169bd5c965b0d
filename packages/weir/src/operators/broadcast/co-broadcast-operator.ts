/**
 * The operator of `stream.connect(broadcastStream).process(fn)` (Flink's
 * `CoBroadcastWithNonKeyedOperator` and `CoBroadcastWithKeyedOperator`): input 1 is the regular
 * (possibly keyed) stream, input 2 the broadcast stream. See `broadcast-functions.ts`.
 *
 * Broadcast state lives in the operator state store (one copy per subtask, restored as one copy).
 * Keyed: the runtime sets the key of input-1 records (`stateKeySelector1`); broadcast records are
 * processed without a key; timers fire `onTimer` with the timer's key.
 */
import { JobDefinitionError } from "../../core/errors.js";
import { AbstractUdfStreamOperator } from "../abstract-operator.js";
import { MIN_WATERMARK, NO_TIMESTAMP, StreamRecord, type TwoInputStreamOperator } from "../contract.js";
import type { OutputTag } from "../output-tag.js";
import { type KeyedStateBackend, VOID_NAMESPACE, type VoidNamespace } from "../state/keyed-state-backend.js";
import type { MapStateDescriptor, StateDescriptor } from "../state/state-descriptors.js";
import type { BroadcastState, ReadOnlyBroadcastState, State } from "../state/state-types.js";
import {
  KeyedTimerService,
  NonKeyedTimerService,
  type TimeDomain,
  type TimerService,
} from "../timer-service.js";
import type { InternalTimer, Triggerable } from "../timers/internal-timer-service.js";
import { TimestampedCollector } from "../timestamped-collector.js";
import type {
  BroadcastProcessFunction,
  KeyedBroadcastContext,
  KeyedBroadcastOnTimerContext,
  KeyedBroadcastProcessFunction,
} from "./broadcast-functions.js";

type AnyBroadcastFunction<IN1, IN2, OUT> =
  | BroadcastProcessFunction<IN1, IN2, OUT>
  | KeyedBroadcastProcessFunction<unknown, IN1, IN2, OUT>;

export class CoBroadcastOperator<IN1, IN2, OUT>
  extends AbstractUdfStreamOperator<OUT>
  implements TwoInputStreamOperator<IN1, IN2, OUT>, Triggerable<unknown, VoidNamespace>
{
  readonly inputArity = 2;
  stateKeySelector1?: (value: IN1) => unknown;
  private collector!: TimestampedCollector<OUT>;
  private ctx!: BroadcastContextImpl;
  private watermark = MIN_WATERMARK;

  /**
   * @param keySelector the key of input 1 for `KeyedBroadcastProcessFunction`s (undefined: non-keyed).
   */
  constructor(
    private readonly fn: AnyBroadcastFunction<IN1, IN2, OUT>,
    private readonly descriptors: readonly MapStateDescriptor<unknown, unknown>[],
    keySelector?: (value: IN1) => unknown,
  ) {
    super(fn);
    if (keySelector !== undefined) this.stateKeySelector1 = keySelector;
  }

  override open(): void | Promise<void> {
    const context = this.context;
    const store = context.operatorStateStore!;
    const states = new Map<string, BroadcastState<unknown, unknown>>();
    for (const d of this.descriptors) states.set(d.name, store.getBroadcastState(d));
    const backend = context.keyedStateBackend;
    let timers: TimerService = new NonKeyedTimerService(context.clock, () => this.watermark);
    if (backend !== undefined && context.getInternalTimerService !== undefined) {
      timers = new KeyedTimerService(
        context.getInternalTimerService<VoidNamespace>(
          "user-timers",
          this as Triggerable<unknown, VoidNamespace>,
        ),
      );
    }
    this.collector = new TimestampedCollector(this.output);
    this.ctx = new BroadcastContextImpl(
      this.output,
      states,
      timers,
      context.clock,
      () => this.watermark,
      backend,
    );
    return super.open();
  }

  processElement1(record: StreamRecord<IN1>): void {
    this.collector.setTimestampFrom(record);
    const ctx = this.ctx;
    ctx.begin(record, false);
    (this.fn.processElement as (v: IN1, c: unknown, o: TimestampedCollector<OUT>) => void).call(
      this.fn,
      record.value,
      ctx,
      this.collector,
    );
    ctx.end();
  }

  processElement2(record: StreamRecord<IN2>): void {
    this.collector.setTimestampFrom(record);
    const ctx = this.ctx;
    ctx.begin(record, true);
    (this.fn.processBroadcastElement as (v: IN2, c: unknown, o: TimestampedCollector<OUT>) => void).call(
      this.fn,
      record.value,
      ctx,
      this.collector,
    );
    ctx.end();
  }

  override processWatermark(watermark: number): void {
    this.watermark = watermark;
    super.processWatermark(watermark);
  }

  onEventTime(timer: InternalTimer<unknown, VoidNamespace>): void {
    this.collector.setAbsoluteTimestamp(timer.timestamp);
    this.fireTimer(timer.timestamp, "EVENT_TIME");
  }

  onProcessingTime(timer: InternalTimer<unknown, VoidNamespace>): void {
    this.collector.setAbsoluteTimestamp(NO_TIMESTAMP);
    this.fireTimer(timer.timestamp, "PROCESSING_TIME");
  }

  private fireTimer(timestamp: number, domain: TimeDomain): void {
    const fn = this.fn as KeyedBroadcastProcessFunction<unknown, IN1, IN2, OUT>;
    if (fn.onTimer === undefined) return;
    const ctx = this.ctx;
    ctx.beginTimer(timestamp, domain);
    fn.onTimer(timestamp, ctx, this.collector);
    ctx.end();
  }
}

class BroadcastContextImpl implements KeyedBroadcastContext, KeyedBroadcastOnTimerContext<unknown> {
  private current: StreamRecord<unknown> | undefined;
  private writable = false;
  private timerTimestamp = NO_TIMESTAMP;
  private domain: TimeDomain | undefined;
  private readonly side = new StreamRecord<unknown>(undefined);
  private readonly readOnly = new Map<string, ReadOnlyBroadcastState<unknown, unknown>>();

  constructor(
    private readonly out: { collectSide<X>(tag: OutputTag<X>, record: StreamRecord<X>): void },
    private readonly states: ReadonlyMap<string, BroadcastState<unknown, unknown>>,
    private readonly timers: TimerService,
    private readonly clock: { now(): number },
    private readonly watermarkOf: () => number,
    private readonly backend: KeyedStateBackend<unknown> | undefined,
  ) {
    for (const [name, state] of states) {
      this.readOnly.set(name, {
        get: (key) => state.get(key),
        contains: (key) => state.contains(key),
        immutableEntries: () => state.immutableEntries(),
      });
    }
  }

  begin(record: StreamRecord<unknown>, writable: boolean): void {
    this.current = record;
    this.writable = writable;
  }

  beginTimer(timestamp: number, domain: TimeDomain): void {
    this.current = undefined;
    this.writable = false;
    this.timerTimestamp = timestamp;
    this.domain = domain;
  }

  end(): void {
    this.current = undefined;
    this.domain = undefined;
  }

  timestamp(): number | undefined {
    if (this.domain !== undefined) return this.timerTimestamp;
    return this.current?.hasTimestamp() ? this.current.timestamp : undefined;
  }

  output<X>(tag: OutputTag<X>, value: X): void {
    const side = this.side;
    side.value = value;
    side.timestamp =
      this.domain !== undefined ? this.timerTimestamp : (this.current?.timestamp ?? NO_TIMESTAMP);
    this.out.collectSide(tag, side as StreamRecord<X>);
  }

  currentProcessingTime(): number {
    return this.clock.now();
  }

  currentWatermark(): number {
    return this.watermarkOf();
  }

  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): BroadcastState<K, V> {
    const map = this.writable ? this.states : this.readOnly;
    const state = map.get(descriptor.name);
    if (state === undefined) {
      throw new JobDefinitionError(
        `broadcast state '${descriptor.name}' does not exist: declare it in stream.broadcast(descriptor)`,
        { hint: "check the descriptor's name, or pass the descriptor to the broadcast(...) call" },
      );
    }
    return state as BroadcastState<K, V>;
  }

  timerService(): TimerService {
    return this.timers;
  }

  getCurrentKey(): unknown {
    return this.backend?.getCurrentKey();
  }

  timeDomain(): TimeDomain {
    return this.domain ?? "EVENT_TIME";
  }

  applyToKeyedState<S extends State>(
    descriptor: StateDescriptor<S>,
    fn: (key: unknown, state: S) => void,
  ): void {
    const backend = this.backend;
    if (backend === undefined) {
      throw new JobDefinitionError("applyToKeyedState needs a keyed stream (KeyedBroadcastProcessFunction)");
    }
    backend.applyToAllKeys(VOID_NAMESPACE, descriptor, fn);
  }
}
