/**
 * The stream types of the DataStream API (Flink's `DataStream`, `SingleOutputStreamOperator`,
 * `KeyedStream` and `ConnectedStreams`). They live in one module because they refer to each other
 * (`keyBy` makes a `KeyedStream`, whose aggregations make a `SingleOutputStreamOperator`, ...).
 *
 * Every method only records a transformation (see `transformation.ts`); nothing runs until
 * `execute()`. Element types flow from source to sink: `map<R>` turns a `DataStream<T>` into a
 * `DataStream<R>`, `keyBy` fixes the key type, field expressions are checked against the record type.
 */
import { PrintSink } from "../connectors/index.js";
import { JobDefinitionError } from "../core/errors.js";
import type { PartitionerKind } from "../core/jobgraph.js";
import type { Sink } from "../core/sink.js";
import {
  type AggregationKind,
  createAggregationFunction,
  createInPlaceAggregationFunction,
} from "../operators/aggregation.js";
import type {
  BroadcastProcessFunction,
  KeyedBroadcastProcessFunction,
} from "../operators/broadcast/broadcast-functions.js";
import { CoBroadcastOperator } from "../operators/broadcast/co-broadcast-operator.js";
import { CoStreamFlatMap } from "../operators/co-flat-map.js";
import { CoStreamMap } from "../operators/co-map.js";
import { CollectSinkOperator } from "../operators/collect-sink.js";
import type {
  OneInputStreamOperator,
  OperatorFactory,
  TwoInputStreamOperator,
} from "../operators/contract.js";
import { COLLECT_SINK_OPERATOR_KIND } from "../operators/coordination.js";
import type { CustomPartitionerFn, KeySelectorFn } from "../operators/executor.js";
import type { FieldRef } from "../operators/field-access.js";
import { StreamFilter } from "../operators/filter.js";
import { StreamFlatMap } from "../operators/flat-map.js";
import { copyUserFunction } from "../operators/function-copy.js";
import type {
  CoFlatMapFunction,
  CoMapFunction,
  FilterFunctionLike,
  FlatMapFunctionLike,
  KeySelectorLike,
  MapFunctionLike,
  PartitionerLike,
  ReduceFunctionLike,
  SinkFunctionLike,
} from "../operators/functions.js";
import { StreamGroupedReduceOperator } from "../operators/grouped-reduce.js";
import { KeyedProcessOperator } from "../operators/keyed-process.js";
import {
  DEFAULT_LOCAL_AGGREGATION_MAX_KEYS,
  LocalAggregationOperator,
} from "../operators/local-aggregation.js";
import { StreamMap } from "../operators/map.js";
import type { OutputTag } from "../operators/output-tag.js";
import { ProcessOperator } from "../operators/process.js";
import type { KeyedProcessFunctionLike, ProcessFunctionLike } from "../operators/process-functions.js";
import { StreamSink } from "../operators/sink-function.js";
import { SinkWriterOperator } from "../operators/sink-writer.js";
import type { MapStateDescriptor } from "../operators/state/state-descriptors.js";
import { TimestampsAndWatermarksOperator } from "../operators/timestamps-and-watermarks.js";
import type { WatermarkStrategy } from "../operators/watermark-strategy.js";
import {
  collectAll,
  collectStream,
  type ExecuteAndCollectOptions,
  normalizeCollectOptions,
} from "./collect.js";
import { DataStreamSink } from "./datastream-sink.js";
import type { ComparableField, FieldExpression, FieldType, NumericField } from "./fields.js";
import { toKeySelectorFn, toPartitionerFn } from "./key-selection.js";
import {
  setMaxParallelism,
  setName,
  setParallelism,
  setSlotSharingGroup,
  setUid,
} from "./operator-settings.js";
import {
  type OneInputTransformation,
  type OperatorParams,
  type PhysicalSpec,
  type PhysicalTransformation,
  physicalBase,
  type StreamHost,
  type Transformation,
  type TwoInputTransformation,
} from "./transformation.js";

/** Options of `transform` (custom operators). */
export interface TransformOptions {
  /** `OperatorSpec.kind` (default `custom`). */
  readonly kind?: string;
  readonly params?: OperatorParams;
  /** @internal A BATCH-mode local pre-aggregation (built-in rolling aggregations only). */
  readonly combiner?: OperatorFactory;
}

/** A stream of `T` (Flink's `DataStream`). */
export class DataStream<T> {
  /** Phantom member keeping the element type. */
  declare readonly __elementType?: T;

  /** @internal Streams are created by the environment and by other streams. */
  constructor(
    protected readonly host: StreamHost,
    protected readonly transformation: Transformation,
  ) {}

  /** @internal The transformation that produces this stream. */
  getTransformation(): Transformation {
    return this.transformation;
  }

  /** The environment's default parallelism, or the operator's own for operator streams. */
  getParallelism(): number {
    const t = this.transformation;
    if (!("parallelism" in t)) return this.host.getParallelism();
    return t.nonParallel ? 1 : (t.parallelism ?? this.host.getParallelism());
  }

  map<R>(mapper: MapFunctionLike<T, R>): SingleOutputStreamOperator<R> {
    return this.transform<R>("Map", () => new StreamMap(copyUserFunction(mapper)), { kind: "map" });
  }

  flatMap<R>(flatMapper: FlatMapFunctionLike<T, R>): SingleOutputStreamOperator<R> {
    return this.transform<R>("Flat Map", () => new StreamFlatMap(copyUserFunction(flatMapper)), {
      kind: "flatMap",
    });
  }

  filter(filter: FilterFunctionLike<T>): SingleOutputStreamOperator<T> {
    return this.transform<T>("Filter", () => new StreamFilter(copyUserFunction(filter)), { kind: "filter" });
  }

  /** Runs a `ProcessFunction`; its side outputs are read with `getSideOutput(tag)` on the result. */
  process<R>(fn: ProcessFunctionLike<T, R>): SingleOutputStreamOperator<R> {
    return this.transform<R>("Process", () => new ProcessOperator(copyUserFunction(fn)), { kind: "process" });
  }

  /**
   * Assigns event timestamps and generates watermarks with `strategy` (Flink's operator of the same
   * name); watermarks from upstream are replaced (only the final MAX watermark passes).
   */
  assignTimestampsAndWatermarks(strategy: WatermarkStrategy<T>): SingleOutputStreamOperator<T> {
    return this.transform<T>(
      "Timestamps/Watermarks",
      () => new TimestampsAndWatermarksOperator<T>(strategy),
      {
        kind: "timestampsAndWatermarks",
        params: { watermarks: strategy.describe() },
      },
    );
  }

  /** Applies a custom one-input operator; `operatorFactory` is called once per parallel subtask. */
  transform<R>(
    operatorName: string,
    operatorFactory: () => OneInputStreamOperator<T, R>,
    options: TransformOptions = {},
  ): SingleOutputStreamOperator<R> {
    const spec: PhysicalSpec = {
      name: operatorName,
      operatorKind: options.kind ?? "custom",
      factory: operatorFactory as PhysicalSpec["factory"],
      ...(options.params === undefined ? {} : { params: options.params }),
    };
    const t: OneInputTransformation = {
      ...physicalBase(this.host.nextTransformationId(), spec, "operator"),
      type: "oneInput",
      input: this.transformation,
      ...(options.combiner === undefined ? {} : { combiner: options.combiner }),
    };
    this.host.addOperator(t);
    return new SingleOutputStreamOperator<R>(this.host, t);
  }

  /** Partitions by key: records with equal keys go to the same subtask (key groups). */
  keyBy<K>(keySelector: KeySelectorLike<T, K>): KeyedStream<T, K>;
  /** Partitions by a field: a tuple position or a property name. */
  keyBy<F extends FieldExpression<T>>(field: F): KeyedStream<T, FieldType<T, F>>;
  keyBy(keySelector: KeySelectorLike<T, unknown> | FieldRef): KeyedStream<T, unknown> {
    const fn = toKeySelectorFn(keySelector as KeySelectorLike<never, unknown> | FieldRef, "keyBy");
    return new KeyedStream<T, unknown>(this.host, this.transformation, fn as (value: T) => unknown);
  }

  /** Merges streams of the same type; no order between them is kept. */
  union(...others: DataStream<T>[]): DataStream<T> {
    for (const other of others) this.checkSameEnvironment(other, "union");
    return new DataStream<T>(this.host, {
      type: "union",
      id: this.host.nextTransformationId(),
      inputs: [this.transformation, ...others.map((s) => s.transformation)],
    });
  }

  /** Pairs this stream with another, possibly of another type, for a two-input function. */
  connect<R>(other: DataStream<R>): ConnectedStreams<T, R>;
  /** Connects with a broadcast stream (`other.broadcast(descriptor)`): the broadcast state pattern. */
  connect<R>(other: BroadcastStream<R>): BroadcastConnectedStream<T, R>;
  connect<R>(
    other: DataStream<R> | BroadcastStream<R>,
  ): ConnectedStreams<T, R> | BroadcastConnectedStream<T, R> {
    if (other instanceof BroadcastStream) {
      if (other.host !== this.host) {
        throw new JobDefinitionError("connect: the streams belong to different execution environments");
      }
      const keySelector =
        this instanceof KeyedStream ? (this.getKeySelector() as (value: T) => unknown) : undefined;
      return new BroadcastConnectedStream<T, R>(this.host, this, other, keySelector);
    }
    this.checkSameEnvironment(other, "connect");
    return new ConnectedStreams<T, R>(this.host, this, other);
  }

  /** Round robin over all consumer subtasks. */
  rebalance(): DataStream<T> {
    return this.partition("rebalance");
  }

  /** Round robin over a local subset of consumer subtasks. */
  rescale(): DataStream<T> {
    return this.partition("rescale");
  }

  /** Uniformly random consumer subtask. */
  shuffle(): DataStream<T> {
    return this.partition("shuffle");
  }

  /** Every record to every consumer subtask. */
  broadcast(): DataStream<T>;
  /**
   * Every record to every consumer subtask, with broadcast state: connect the result to another
   * stream and process it with a (Keyed)BroadcastProcessFunction (the broadcast state pattern).
   */
  broadcast(...descriptors: MapStateDescriptor<unknown, unknown>[]): BroadcastStream<T>;
  broadcast(...descriptors: MapStateDescriptor<unknown, unknown>[]): DataStream<T> | BroadcastStream<T> {
    const partitioned = this.partition("broadcast");
    if (descriptors.length === 0) return partitioned;
    return new BroadcastStream<T>(this.host, partitioned, descriptors);
  }

  /** Subtask i to subtask i; needs equal parallelism (and allows chaining). */
  forward(): DataStream<T> {
    return this.partition("forward");
  }

  /** Every record to the first consumer subtask. */
  global(): DataStream<T> {
    return this.partition("global");
  }

  /** Chooses the consumer subtask of each record with `partitioner` over its key. */
  partitionCustom<K>(partitioner: PartitionerLike<K>, keySelector: KeySelectorLike<T, K>): DataStream<T>;
  partitionCustom<F extends FieldExpression<T>>(
    partitioner: PartitionerLike<FieldType<T, F>>,
    field: F,
  ): DataStream<T>;
  partitionCustom(
    partitioner: PartitionerLike<never>,
    keySelector: KeySelectorLike<T, unknown> | FieldRef,
  ): DataStream<T> {
    return this.partition(
      "custom",
      toKeySelectorFn(keySelector as KeySelectorLike<never, unknown> | FieldRef, "partitionCustom"),
      toPartitionerFn(partitioner),
    );
  }

  /** Prints each record to stdout, prefixed `N> ` at parallelism > 1 (Flink's format). */
  print(sinkIdentifier?: string): DataStreamSink<T> {
    const sink = new PrintSink<T>(false, sinkIdentifier);
    return this.addSinkOperator("Print to Std. Out", "sink", () => new SinkWriterOperator(sink));
  }

  /** Prints each record to stderr. */
  printToErr(sinkIdentifier?: string): DataStreamSink<T> {
    const sink = new PrintSink<T>(true, sinkIdentifier);
    return this.addSinkOperator("Print to Std. Err", "sink", () => new SinkWriterOperator(sink));
  }

  /** Writes to a unified `Sink` (e.g. `FileSink`). */
  sinkTo(sink: Sink<T>): DataStreamSink<T> {
    return this.addSinkOperator("Unnamed", "sink", () => new SinkWriterOperator(sink));
  }

  /** Writes with a legacy `SinkFunction` (`invoke` per record). */
  addSink(sinkFunction: SinkFunctionLike<T>): DataStreamSink<T> {
    return this.addSinkOperator(
      "Unnamed",
      "sinkFunction",
      () => new StreamSink(copyUserFunction(sinkFunction)),
    );
  }

  /**
   * Runs the job (with everything else defined on the environment) and returns this stream's
   * values. For bounded jobs, or with `limit`: the job is cancelled once `limit` values arrived.
   */
  async executeAndCollect(jobNameOrOptions?: string | ExecuteAndCollectOptions): Promise<T[]> {
    const options = normalizeCollectOptions(jobNameOrOptions);
    const sink = this.addCollectSink();
    const { client, operatorId } = await this.host.executeAsyncFor(options.jobName, sink);
    return collectAll<T>(client, operatorId, options.limit);
  }

  /**
   * Runs the job when iteration starts and yields this stream's values as they arrive (for
   * unbounded jobs); leaving the loop early cancels the job.
   */
  executeAndCollectStream(jobName?: string): AsyncGenerator<T, void, undefined> {
    return collectStream<T>(this.host, jobName, this.addCollectSink());
  }

  private checkSameEnvironment<X>(other: DataStream<X>, call: string): void {
    if (other.host !== this.host) {
      throw new JobDefinitionError(`${call}: the streams belong to different execution environments`, {
        hint: "create all streams of a job from one StreamExecutionEnvironment",
      });
    }
  }

  private addCollectSink(): OneInputTransformation {
    return this.addSinkOperator(
      "Data stream collect sink",
      COLLECT_SINK_OPERATOR_KIND,
      () => new CollectSinkOperator<T>(),
      true,
    ).getTransformation();
  }

  private addSinkOperator(
    name: string,
    kind: string,
    factory: () => OneInputStreamOperator<T, unknown>,
    nonParallel = false,
  ): DataStreamSink<T> {
    const spec: PhysicalSpec = {
      name,
      operatorKind: kind,
      factory: factory as PhysicalSpec["factory"],
      nonParallel,
    };
    const t: OneInputTransformation = {
      ...physicalBase(this.host.nextTransformationId(), spec, "sink"),
      type: "oneInput",
      input: this.transformation,
    };
    if (nonParallel) t.parallelism = 1;
    this.host.addOperator(t);
    return new DataStreamSink<T>(t);
  }

  private partition(
    partitioner: PartitionerKind,
    keySelector?: KeySelectorFn,
    customPartitioner?: CustomPartitionerFn,
  ): DataStream<T> {
    return new DataStream<T>(this.host, {
      type: "partition",
      id: this.host.nextTransformationId(),
      input: this.transformation,
      partitioner,
      keySelector,
      customPartitioner,
    });
  }
}

/** A stream produced by one operator, whose settings can be changed (Flink's `SingleOutputStreamOperator`). */
export class SingleOutputStreamOperator<T> extends DataStream<T> {
  /** @internal */
  constructor(
    host: StreamHost,
    private readonly operator: PhysicalTransformation,
  ) {
    super(host, operator);
  }

  name(name: string): this {
    setName(this.operator, name);
    return this;
  }

  getName(): string {
    return this.operator.name;
  }

  /** Stable id for state and savepoints; unique within the job. Without it the id derives from the graph's shape. */
  uid(uid: string): this {
    setUid(this.operator, uid);
    return this;
  }

  setParallelism(parallelism: number): this {
    setParallelism(this.operator, parallelism);
    return this;
  }

  setMaxParallelism(maxParallelism: number): this {
    setMaxParallelism(this.operator, maxParallelism);
    return this;
  }

  /** Operators of different groups never share a slot (and are never chained together). */
  slotSharingGroup(group: string): this {
    setSlotSharingGroup(this.operator, group);
    return this;
  }

  /** Neither chains this operator to its input nor its successors to it. */
  disableChaining(): this {
    this.operator.chainingStrategy = "never";
    return this;
  }

  /** Starts a new chain at this operator (its successors may still chain to it). */
  startNewChain(): this {
    this.operator.chainingStrategy = "head";
    return this;
  }

  /** The side output `tag` of this operator (emitted with `ctx.output(tag, value)`). */
  getSideOutput<X>(tag: OutputTag<X>): DataStream<X> {
    return new DataStream<X>(this.host, {
      type: "sideOutput",
      id: this.host.nextTransformationId(),
      input: this.operator,
      tagId: tag.id,
    });
  }
}

/** A stream partitioned by key `K` (Flink's `KeyedStream`): keyed aggregations and process functions. */
export class KeyedStream<T, K> extends DataStream<T> {
  /** @internal Created by `keyBy`. */
  constructor(
    host: StreamHost,
    input: Transformation,
    private readonly keySelector: (value: T) => K,
  ) {
    super(host, {
      type: "partition",
      id: host.nextTransformationId(),
      input,
      partitioner: "hash",
      keySelector: keySelector as unknown as KeySelectorFn,
      customPartitioner: undefined,
    });
  }

  getKeySelector(): (value: T) => K {
    return this.keySelector;
  }

  /**
   * Operators applied to a keyed stream are keyed: they get keyed state (`getRuntimeContext`-style
   * `ctx.getState(...)` in rich functions) and timers, scoped to each record's key.
   */
  override transform<R>(
    operatorName: string,
    operatorFactory: () => OneInputStreamOperator<T, R>,
    options: TransformOptions = {},
  ): SingleOutputStreamOperator<R> {
    // Rolling aggregations keep their own per-key store; giving them a backend would only cost.
    if (options.kind === "keyedReduce") return super.transform<R>(operatorName, operatorFactory, options);
    const keySelector = this.keySelector as (value: T) => unknown;
    return super.transform<R>(
      operatorName,
      () => {
        const operator = operatorFactory();
        if (operator.stateKeySelector === undefined) operator.stateKeySelector = keySelector;
        return operator;
      },
      options,
    );
  }

  /** Rolling reduce: one updated value per record in STREAMING, the final value per key in BATCH. */
  reduce(reducer: ReduceFunctionLike<T>): SingleOutputStreamOperator<T> {
    const keySelector = this.keySelector;
    return this.transform<T>(
      "Keyed Reduce",
      () => new StreamGroupedReduceOperator<T>(copyUserFunction(reducer), keySelector),
      {
        kind: "keyedReduce",
        params: { aggregation: "reduce" },
      },
    );
  }

  /** Rolling sum of a numeric field; other fields keep the values of the key's first record. */
  sum(field: NumericField<T>): SingleOutputStreamOperator<T> {
    return this.aggregate("sum", field as FieldRef, true);
  }

  /** Rolling minimum of a field; other fields keep the values of the key's first record. */
  min(field: ComparableField<T>): SingleOutputStreamOperator<T> {
    return this.aggregate("min", field as FieldRef, true);
  }

  /** Rolling maximum of a field; other fields keep the values of the key's first record. */
  max(field: ComparableField<T>): SingleOutputStreamOperator<T> {
    return this.aggregate("max", field as FieldRef, true);
  }

  /** The record with the smallest field so far; on ties the earlier one when `first` (default). */
  minBy(field: ComparableField<T>, first = true): SingleOutputStreamOperator<T> {
    return this.aggregate("minBy", field as FieldRef, first);
  }

  /** The record with the largest field so far; on ties the earlier one when `first` (default). */
  maxBy(field: ComparableField<T>, first = true): SingleOutputStreamOperator<T> {
    return this.aggregate("maxBy", field as FieldRef, first);
  }

  /** Runs a `KeyedProcessFunction` (`ctx.getCurrentKey()`; timers arrive with event time). */
  override process<R>(fn: KeyedProcessFunctionLike<K, T, R>): SingleOutputStreamOperator<R> {
    const keySelector = this.keySelector;
    return this.transform<R>(
      "KeyedProcess",
      () => new KeyedProcessOperator<K, T, R>(copyUserFunction(fn), keySelector),
      {
        kind: "keyedProcess",
      },
    );
  }

  private aggregate(kind: AggregationKind, field: FieldRef, first: boolean): SingleOutputStreamOperator<T> {
    const keySelector = this.keySelector;
    const params: OperatorParams = { aggregation: kind, field };
    if (kind === "minBy" || kind === "maxBy") params.first = first;
    return this.transform<T>(
      "Keyed Aggregation",
      () => new StreamGroupedReduceOperator<T>(createAggregationFunction<T>(kind, field, first), keySelector),
      {
        kind: "keyedReduce",
        params,
        combiner: (() =>
          new LocalAggregationOperator<T>(
            createAggregationFunction<T>(kind, field, first),
            keySelector,
            DEFAULT_LOCAL_AGGREGATION_MAX_KEYS,
            createInPlaceAggregationFunction<T>(kind, field),
          )) as unknown as OperatorFactory,
      },
    );
  }
}

/** Two streams for one two-input function (Flink's `ConnectedStreams`). */
export class ConnectedStreams<IN1, IN2> {
  /** @internal Created by `DataStream.connect`. */
  constructor(
    private readonly host: StreamHost,
    private readonly input1: DataStream<IN1>,
    private readonly input2: DataStream<IN2>,
  ) {}

  getFirstInput(): DataStream<IN1> {
    return this.input1;
  }

  getSecondInput(): DataStream<IN2> {
    return this.input2;
  }

  /** Partitions both inputs by key, so that equal keys of both meet in the same subtask. */
  keyBy<K1, K2>(
    keySelector1: KeySelectorLike<IN1, K1>,
    keySelector2: KeySelectorLike<IN2, K2>,
  ): ConnectedStreams<IN1, IN2>;
  keyBy<F1 extends FieldExpression<IN1>, F2 extends FieldExpression<IN2>>(
    field1: F1,
    field2: F2,
  ): ConnectedStreams<IN1, IN2>;
  keyBy(
    key1: KeySelectorLike<IN1, unknown> | FieldRef,
    key2: KeySelectorLike<IN2, unknown> | FieldRef,
  ): ConnectedStreams<IN1, IN2> {
    const selector1 = toKeySelectorFn(key1 as KeySelectorLike<never, unknown> | FieldRef, "keyBy");
    const selector2 = toKeySelectorFn(key2 as KeySelectorLike<never, unknown> | FieldRef, "keyBy");
    return new ConnectedStreams<IN1, IN2>(
      this.host,
      new KeyedStream<IN1, unknown>(this.host, this.input1.getTransformation(), selector1),
      new KeyedStream<IN2, unknown>(this.host, this.input2.getTransformation(), selector2),
    );
  }

  map<R>(mapper: CoMapFunction<IN1, IN2, R>): SingleOutputStreamOperator<R> {
    return this.transform<R>("Co-Map", () => new CoStreamMap(copyUserFunction(mapper)), { kind: "coMap" });
  }

  flatMap<R>(flatMapper: CoFlatMapFunction<IN1, IN2, R>): SingleOutputStreamOperator<R> {
    return this.transform<R>("Co-Flat Map", () => new CoStreamFlatMap(copyUserFunction(flatMapper)), {
      kind: "coFlatMap",
    });
  }

  /** Applies a custom two-input operator; `operatorFactory` is called once per parallel subtask. */
  transform<R>(
    operatorName: string,
    operatorFactory: () => TwoInputStreamOperator<IN1, IN2, R>,
    options: TransformOptions = {},
  ): SingleOutputStreamOperator<R> {
    const key1 =
      this.input1 instanceof KeyedStream ? (this.input1.getKeySelector() as (v: IN1) => unknown) : undefined;
    const key2 =
      this.input2 instanceof KeyedStream ? (this.input2.getKeySelector() as (v: IN2) => unknown) : undefined;
    const factory =
      key1 === undefined && key2 === undefined
        ? operatorFactory
        : () => {
            const operator = operatorFactory();
            if (key1 !== undefined && operator.stateKeySelector1 === undefined)
              operator.stateKeySelector1 = key1;
            if (key2 !== undefined && operator.stateKeySelector2 === undefined)
              operator.stateKeySelector2 = key2;
            return operator;
          };
    const spec: PhysicalSpec = {
      name: operatorName,
      operatorKind: options.kind ?? "custom",
      factory: factory as PhysicalSpec["factory"],
      chainingStrategy: "head",
      ...(options.params === undefined ? {} : { params: options.params }),
    };
    const t: TwoInputTransformation = {
      ...physicalBase(this.host.nextTransformationId(), spec, "operator"),
      type: "twoInput",
      input1: this.input1.getTransformation(),
      input2: this.input2.getTransformation(),
    };
    this.host.addOperator(t);
    return new SingleOutputStreamOperator<R>(this.host, t);
  }
}

/** A stream broadcast with broadcast state descriptors (Flink's `BroadcastStream`): connect it to another stream. */
export class BroadcastStream<T> {
  /** Phantom member keeping the element type. */
  declare readonly __elementType?: T;

  /** @internal Created by `DataStream.broadcast(descriptors...)`. */
  constructor(
    /** @internal */
    readonly host: StreamHost,
    /** @internal The broadcast-partitioned input. */
    readonly stream: DataStream<T>,
    readonly descriptors: readonly MapStateDescriptor<unknown, unknown>[],
  ) {}
}

/**
 * A (keyed or non-keyed) stream connected with a broadcast stream (Flink's `BroadcastConnectedStream`).
 * `process` takes a `KeyedBroadcastProcessFunction` when the first stream is keyed, else a
 * `BroadcastProcessFunction`.
 */
export class BroadcastConnectedStream<IN1, IN2> {
  /** @internal Created by `DataStream.connect(broadcastStream)`. */
  constructor(
    private readonly host: StreamHost,
    private readonly input1: DataStream<IN1>,
    private readonly broadcastStream: BroadcastStream<IN2>,
    private readonly keySelector: ((value: IN1) => unknown) | undefined,
  ) {}

  process<K, R>(fn: KeyedBroadcastProcessFunction<K, IN1, IN2, R>): SingleOutputStreamOperator<R>;
  process<R>(fn: BroadcastProcessFunction<IN1, IN2, R>): SingleOutputStreamOperator<R>;
  process<R>(
    fn: BroadcastProcessFunction<IN1, IN2, R> | KeyedBroadcastProcessFunction<unknown, IN1, IN2, R>,
  ): SingleOutputStreamOperator<R> {
    const keySelector = this.keySelector;
    const descriptors = this.broadcastStream.descriptors;
    const keyed = keySelector !== undefined;
    const spec: PhysicalSpec = {
      name: keyed ? "Co-Process-Broadcast-Keyed" : "Co-Process-Broadcast",
      operatorKind: keyed ? "coBroadcastKeyed" : "coBroadcast",
      factory: (() =>
        new CoBroadcastOperator<IN1, IN2, R>(
          copyUserFunction(fn),
          descriptors,
          keySelector,
        )) as PhysicalSpec["factory"],
      chainingStrategy: "head",
      params: { broadcastStates: descriptors.map((d) => d.name).join(",") },
    };
    const t: TwoInputTransformation = {
      ...physicalBase(this.host.nextTransformationId(), spec, "operator"),
      type: "twoInput",
      input1: this.input1.getTransformation(),
      input2: this.broadcastStream.stream.getTransformation(),
    };
    this.host.addOperator(t);
    return new SingleOutputStreamOperator<R>(this.host, t);
  }
}
