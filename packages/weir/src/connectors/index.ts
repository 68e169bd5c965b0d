/**
 * Built-in sources and sinks. Sources implement the FLIP-27 contract of `core/source.ts`, sinks
 * the contract of `core/sink.ts`; both may also be written by users directly.
 */
export { type DataGeneratorOptions, DataGeneratorSource } from "./datagen/datagen-source.js";
export { ElementsSource, type ElementsSplit } from "./elements-source.js";
export type { FileEnumeratorState } from "./file/file-enumerator.js";
export { FileSource, FileSourceBuilder } from "./file/file-source.js";
export type { FileSourceSplit } from "./file/file-split.js";
export type { BucketAssignerKind } from "./filesink/bucket-assigner.js";
export {
  FileSink,
  type OutputFileConfig,
  type RollingPolicy,
  RowFormatBuilder,
} from "./filesink/file-sink.js";
export {
  type SourceContext,
  type SourceFunction,
  type SourceFunctionRuntimeInfo,
  SourceFunctionSource,
  type SourceFunctionSplit,
} from "./legacy/source-function.js";
export { NumberSequenceSource } from "./number-sequence-source.js";
export { formatForPrint } from "./print/format.js";
export { PrintSink, type PrintTarget, printPrefix } from "./print/print-sink.js";
export { SocketTextSource } from "./socket/socket-text-source.js";
export type { IndexRangeSplit } from "./util/index-range.js";
export type { QueueEnumeratorState } from "./util/queue-split-enumerator.js";
export type { SubtaskEnumeratorState } from "./util/subtask-split-enumerator.js";
