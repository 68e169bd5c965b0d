/**
 * Public join API: window join and coGroup, interval join, and their functions. Importing this
 * module installs `join`, `coGroup` and `intervalJoin` on the stream classes.
 */
import "./stream-methods.js";

export { IntervalJoinOperator } from "../../operators/join/interval-join-operator.js";
export type {
  CoGroupFunction,
  CoGroupFunctionLike,
  FlatJoinFunction,
  JoinFunction,
  JoinFunctionLike,
  ProcessJoinFunction,
  ProcessJoinFunctionContext,
  ProcessJoinFunctionLike,
} from "../../operators/join/join-functions.js";
export {
  CoGroupEqualTo,
  CoGroupedStreams,
  CoGroupWhere,
  type JoinKind,
  WithWindow,
} from "./co-grouped-streams.js";
export { IntervalJoin, IntervalJoined } from "./interval-join.js";
