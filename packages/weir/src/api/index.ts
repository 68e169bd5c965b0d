/**
 * The public API of Weir (re-exported by the package entry): the DataStream API, its function
 * interfaces, the built-in connectors, the graph types `weir info` prints, fingerprints, and the
 * operator test harness for unit-testing user functions.
 */

// Connectors
export {
  type DataGeneratorOptions,
  DataGeneratorSource,
  ElementsSource,
  FileSink,
  FileSource,
  FileSourceBuilder,
  NumberSequenceSource,
  PrintSink,
  RowFormatBuilder,
  SocketTextSource,
  type SourceContext,
  type SourceFunction,
  SourceFunctionSource,
} from "../connectors/index.js";
export { type Clock, ManualClock, SystemClock, type TimerHandle } from "../core/clock.js";
export {
  ConfigError,
  JobDefinitionError,
  JobExecutionError,
  WeirError,
} from "../core/errors.js";
export { canonicalJson, describeFirstDifference, fingerprintJobGraph } from "../core/fingerprint.js";
export type {
  Boundedness,
  ExchangeMode,
  JobEdge,
  JobGraph,
  JobSettings,
  JobVertex,
  OperatorInput,
  OperatorSpec,
  PartitionerKind,
} from "../core/jobgraph.js";
export type { Sink, SinkWriteContext, SinkWriter, SinkWriterContext } from "../core/sink.js";
export type {
  InputStatus,
  ReaderOutput,
  Source,
  SourceReader,
  SourceReaderContext,
  SourceSplit,
  SplitEnumerator,
  SplitEnumeratorContext,
} from "../core/source.js";
export { AbstractStreamOperator, AbstractUdfStreamOperator } from "../operators/abstract-operator.js";
export { type AggregationKind, createAggregationFunction } from "../operators/aggregation.js";
export { CoStreamFlatMap } from "../operators/co-flat-map.js";
export { CoStreamMap } from "../operators/co-map.js";
export { CollectSinkOperator, type CollectSinkOptions } from "../operators/collect-sink.js";
export type { RuntimeContext } from "../operators/contract.js";
export {
  MAX_WATERMARK,
  MIN_WATERMARK,
  NO_TIMESTAMP,
  type OneInputStreamOperator,
  type OperatorContext,
  type Output,
  type SourceStreamOperator,
  type StreamOperator,
  StreamRecord,
  type TwoInputStreamOperator,
} from "../operators/contract.js";
export type {
  JobClient,
  JobExecutionResult,
  JobMain,
  JobStatus,
  Pipeline,
  PipelineExecutor,
} from "../operators/executor.js";
export { StreamFilter } from "../operators/filter.js";
export { StreamFlatMap } from "../operators/flat-map.js";
// User functions
export type {
  CoFlatMapFunction,
  Collector,
  CoMapFunction,
  FilterFunction,
  FilterFunctionLike,
  FlatMapFunction,
  FlatMapFunctionLike,
  KeySelector,
  KeySelectorLike,
  MapFunction,
  MapFunctionLike,
  Partitioner,
  PartitionerLike,
  ReduceFunction,
  ReduceFunctionLike,
  RichFunction,
  SinkFunction,
  SinkFunctionContext,
  SinkFunctionLike,
  TimestampAssigner,
  TimestampAssignerLike,
} from "../operators/functions.js";
export { StreamGroupedReduceOperator } from "../operators/grouped-reduce.js";
export { KeyedProcessOperator } from "../operators/keyed-process.js";
export { StreamMap } from "../operators/map.js";
export { OutputTag } from "../operators/output-tag.js";
export { ProcessOperator } from "../operators/process.js";
export type {
  KeyedOnTimerContext,
  KeyedProcessFunction,
  KeyedProcessFunctionContext,
  KeyedProcessFunctionLike,
  OnTimerContext,
  ProcessFunction,
  ProcessFunctionContext,
  ProcessFunctionLike,
} from "../operators/process-functions.js";
export { StreamSink } from "../operators/sink-function.js";
export { SinkWriterOperator } from "../operators/sink-writer.js";
export { SourceOperator } from "../operators/source.js";
// Operators and the test harness
export {
  type HarnessOperator,
  OperatorTestHarness,
  type OperatorTestHarnessOptions,
  type TestRecord,
} from "../operators/testing/harness.js";
export type { TimeDomain, TimerService } from "../operators/timer-service.js";
export { type WatermarkGeneratorKind, WatermarkStrategy } from "../operators/watermark-strategy.js";
export type { ExecuteAndCollectOptions } from "./collect.js";
export {
  ConnectedStreams,
  DataStream,
  KeyedStream,
  SingleOutputStreamOperator,
  type TransformOptions,
} from "./datastream.js";
export { DataStreamSink } from "./datastream-sink.js";
// Environment and streams
export { type AddSourceOptions, DEFAULT_JOB_NAME, StreamExecutionEnvironment } from "./environment.js";
export { ExecutionConfig } from "./execution-config.js";
export type {
  ComparableField,
  FieldExpression,
  FieldOfType,
  FieldType,
  NumericField,
  TupleIndex,
} from "./fields.js";
// Graphs, execution, fingerprints
export type { StreamEdge, StreamGraph, StreamNode } from "./graph/stream-graph.js";
// Windows and joins (importing these also installs window/join methods on the stream classes)
export * from "./join/index.js";
export { RuntimeExecutionMode } from "./runtime-mode.js";
// Event time, state, timers, broadcast state
export * from "./state/index.js";
export type { ChainingStrategy, OperatorRole } from "./transformation.js";
export * from "./windowing/index.js";
