/**
 * Test utilities of the runtime (Flink's `Testing*` classes): hand-built JobGraphs and Pipelines,
 * tiny operators implementing the operator contract directly, and event-loop helpers that wait
 * without wall-clock time.
 */
export {
  type InputRef,
  type OperatorOptions,
  TestJobBuilder,
  type VertexOptions,
} from "./test-job-builder.js";
export {
  CallbackSink,
  FnSource,
  KeyedCountOp,
  listSource,
  MapOp,
  ReaderSourceOp,
  type SourcePoll,
  SplitOddOp,
  TestCollectSink,
  TwoInputOp,
  type ValuesSplit,
  ValuesSplitSource,
} from "./test-operators.js";
export { activeMessagePorts, turnUntil } from "./wait.js";
