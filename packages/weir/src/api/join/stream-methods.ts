/**
 * Adds `DataStream.join`, `DataStream.coGroup` and `KeyedStream.intervalJoin`, installed on the
 * prototypes with a module augmentation for their types (for the same reason as
 * `api/windowing/stream-methods.ts`: declaring them in `datastream.ts` would create an import cycle).
 */
import { DataStream, KeyedStream } from "../datastream.js";
import { CoGroupedStreams } from "./co-grouped-streams.js";
import { IntervalJoin } from "./interval-join.js";

declare module "../datastream.js" {
  interface DataStream<T> {
    /** Window join: `a.join(b).where(k1).equalTo(k2).window(assigner).apply(fn)` (inner join per window). */
    join<T2>(other: DataStream<T2>): CoGroupedStreams<T, T2, "join">;
    /** Window coGroup: `a.coGroup(b).where(k1).equalTo(k2).window(assigner).apply(fn)`. */
    coGroup<T2>(other: DataStream<T2>): CoGroupedStreams<T, T2, "coGroup">;
  }
  interface KeyedStream<T, K> {
    /** Interval join with another keyed stream: `.between(lower, upper).process(fn)`. */
    intervalJoin<T2>(other: KeyedStream<T2, K>): IntervalJoin<T, T2, K>;
  }
}

DataStream.prototype.join = function join<T, T2>(this: DataStream<T>, other: DataStream<T2>) {
  return new CoGroupedStreams<T, T2, "join">(this, other, "join");
};

DataStream.prototype.coGroup = function coGroup<T, T2>(this: DataStream<T>, other: DataStream<T2>) {
  return new CoGroupedStreams<T, T2, "coGroup">(this, other, "coGroup");
};

KeyedStream.prototype.intervalJoin = function intervalJoin<T, K, T2>(
  this: KeyedStream<T, K>,
  other: KeyedStream<T2, K>,
) {
  return new IntervalJoin<T, T2, K>(this, other);
};
