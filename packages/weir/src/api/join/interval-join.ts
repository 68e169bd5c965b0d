/**
 * Interval join (Flink's `KeyedStream.IntervalJoin` / `IntervalJoined`):
 * `a.keyBy(k).intervalJoin(b.keyBy(k)).between(lower, upper).process(fn)` joins each `a` element
 * with the `b` elements of its key whose timestamps lie in `[a.ts + lower, a.ts + upper]`
 * (bounds inclusive unless `lowerBoundExclusive()` / `upperBoundExclusive()`). Event time only.
 */
import { JobDefinitionError } from "../../core/errors.js";
import { copyUserFunction } from "../../operators/function-copy.js";
import { IntervalJoinOperator } from "../../operators/join/interval-join-operator.js";
import type { ProcessJoinFunctionLike } from "../../operators/join/join-functions.js";
import type { OutputTag } from "../../operators/output-tag.js";
import type { KeyedStream, SingleOutputStreamOperator } from "../datastream.js";

export class IntervalJoin<T1, T2, K> {
  /** @internal Created by `KeyedStream.intervalJoin`. */
  constructor(
    private readonly left: KeyedStream<T1, K>,
    private readonly right: KeyedStream<T2, K>,
  ) {}

  /** Joins right elements with timestamps in `[left.ts + lowerBound, left.ts + upperBound]` (ms). */
  between(lowerBound: number, upperBound: number): IntervalJoined<T1, T2, K> {
    if (!Number.isFinite(lowerBound) || !Number.isFinite(upperBound) || lowerBound > upperBound) {
      throw new JobDefinitionError(
        `intervalJoin.between(${lowerBound}, ${upperBound}): lowerBound <= upperBound must be fulfilled`,
      );
    }
    return new IntervalJoined(this.left, this.right, lowerBound, upperBound);
  }
}

export class IntervalJoined<T1, T2, K> {
  private lowerInclusive = true;
  private upperInclusive = true;
  private leftLateTag: OutputTag<T1> | undefined;
  private rightLateTag: OutputTag<T2> | undefined;

  /** @internal */
  constructor(
    private readonly left: KeyedStream<T1, K>,
    private readonly right: KeyedStream<T2, K>,
    private readonly lowerBound: number,
    private readonly upperBound: number,
  ) {}

  lowerBoundExclusive(): this {
    this.lowerInclusive = false;
    return this;
  }

  upperBoundExclusive(): this {
    this.upperInclusive = false;
    return this;
  }

  /** Left elements older than the watermark go to `tag` instead of being dropped. */
  sideOutputLeftLateData(tag: OutputTag<T1>): this {
    this.leftLateTag = tag;
    return this;
  }

  /** Right elements older than the watermark go to `tag` instead of being dropped. */
  sideOutputRightLateData(tag: OutputTag<T2>): this {
    this.rightLateTag = tag;
    return this;
  }

  /** Calls `fn(left, right, ctx, out)` for every joined pair; results carry the larger timestamp. */
  process<R>(fn: ProcessJoinFunctionLike<T1, T2, R>): SingleOutputStreamOperator<R> {
    const lowerBound = this.lowerInclusive ? this.lowerBound : this.lowerBound + 1;
    const upperBound = this.upperInclusive ? this.upperBound : this.upperBound - 1;
    const keySelector1 = this.left.getKeySelector();
    const keySelector2 = this.right.getKeySelector();
    const leftLate = this.leftLateTag;
    const rightLate = this.rightLateTag;
    return this.left.connect(this.right).transform<R>(
      "IntervalJoin",
      () =>
        new IntervalJoinOperator<T1, T2, R>({
          lowerBound,
          upperBound,
          keySelector1,
          keySelector2,
          fn: copyUserFunction(fn),
          leftLateDataOutputTag: leftLate,
          rightLateDataOutputTag: rightLate,
        }),
      { kind: "intervalJoin", params: { lowerBound, upperBound } },
    );
  }
}
