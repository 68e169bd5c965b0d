/**
 * Window coGroup and join (Flink's `CoGroupedStreams` and `JoinedStreams`):
 * `a.coGroup(b).where(k1).equalTo(k2).window(assigner)[.trigger/.evictor/.allowedLateness].apply(fn)`.
 *
 * Built as Flink builds them: both inputs are tagged and unioned, keyed by their own key selector,
 * windowed, and each window's elements are split back into the two sides for the coGroup
 * function. `join` is a coGroup whose function emits every pair of the two sides (an inner join
 * per window and key). Keys of both sides compare by value.
 */
import { copyUserFunction } from "../../operators/function-copy.js";
import type { KeySelectorLike } from "../../operators/functions.js";
import { keySelectorFn } from "../../operators/functions.js";
import {
  type CoGroupFunctionLike,
  coGroupFn,
  coGroupWindowContents,
  flatJoinFn,
  type JoinFunctionLike,
  joinAsCoGroup,
  type TaggedUnion,
} from "../../operators/join/join-functions.js";
import type { WindowAssigner } from "../../operators/windowing/assigners/window-assigner.js";
import type { Evictor } from "../../operators/windowing/evictors/evictor.js";
import type { Trigger } from "../../operators/windowing/triggers/trigger.js";
import { listContents } from "../../operators/windowing/window-contents.js";
import type { InternalWindowFunction } from "../../operators/windowing/window-functions.js";
import type { Window } from "../../operators/windowing/windows.js";
import type { DataStream, SingleOutputStreamOperator } from "../datastream.js";
import { WindowedStream } from "../windowing/windowed-stream.js";

type Tagged<T1, T2> = TaggedUnion<T1, T2>;

/** Whether the windowed two-input operation is a coGroup or an inner join. */
export type JoinKind = "coGroup" | "join";

/** `a.coGroup(b)` / `a.join(b)`: choose the first key next. */
export class CoGroupedStreams<T1, T2, KIND extends JoinKind> {
  /** @internal */
  constructor(
    private readonly input1: DataStream<T1>,
    private readonly input2: DataStream<T2>,
    private readonly kind: KIND,
  ) {}

  where<K>(keySelector1: KeySelectorLike<T1, K>): CoGroupWhere<T1, T2, K, KIND> {
    return new CoGroupWhere(this.input1, this.input2, keySelectorFn(keySelector1), this.kind);
  }
}

export class CoGroupWhere<T1, T2, K, KIND extends JoinKind> {
  /** @internal */
  constructor(
    private readonly input1: DataStream<T1>,
    private readonly input2: DataStream<T2>,
    private readonly key1: (value: T1) => K,
    private readonly kind: KIND,
  ) {}

  equalTo(keySelector2: KeySelectorLike<T2, K>): CoGroupEqualTo<T1, T2, K, KIND> {
    return new CoGroupEqualTo(this.input1, this.input2, this.key1, keySelectorFn(keySelector2), this.kind);
  }
}

export class CoGroupEqualTo<T1, T2, K, KIND extends JoinKind> {
  /** @internal */
  constructor(
    private readonly input1: DataStream<T1>,
    private readonly input2: DataStream<T2>,
    private readonly key1: (value: T1) => K,
    private readonly key2: (value: T2) => K,
    private readonly kind: KIND,
  ) {}

  window<W extends Window>(assigner: WindowAssigner<Tagged<T1, T2>, W>): WithWindow<T1, T2, K, W, KIND> {
    const tagged1 = this.input1.map((one: T1): Tagged<T1, T2> => ({ one, isOne: true })).name("Map");
    const tagged2 = this.input2.map((two: T2): Tagged<T1, T2> => ({ two, isOne: false })).name("Map");
    const key1 = this.key1;
    const key2 = this.key2;
    const keyed = tagged1
      .union(tagged2)
      .keyBy((t: Tagged<T1, T2>): K => (t.isOne ? key1(t.one as T1) : key2(t.two as T2)));
    return new WithWindow<T1, T2, K, W, KIND>(new WindowedStream(keyed, assigner), this.kind);
  }
}

/** A windowed coGroup/join: optional trigger, evictor and lateness, then `apply`. */
export class WithWindow<T1, T2, K, W extends Window, KIND extends JoinKind> {
  /** @internal */
  constructor(
    private readonly windowed: WindowedStream<Tagged<T1, T2>, K, W>,
    private readonly kind: KIND,
  ) {}

  trigger(trigger: Trigger<Tagged<T1, T2>, W>): this {
    this.windowed.trigger(trigger);
    return this;
  }

  evictor(evictor: Evictor<Tagged<T1, T2>, W>): this {
    this.windowed.evictor(evictor);
    return this;
  }

  allowedLateness(lateness: number): this {
    this.windowed.allowedLateness(lateness);
    return this;
  }

  /**
   * coGroup: `fn(first, second, out)` once per window and key with the elements of each side.
   * join: `fn(first, second)` returning one result, or `fn(first, second, out)` (flat join), per pair.
   */
  apply<R>(
    fn: KIND extends "join" ? JoinFunctionLike<T1, T2, R> : CoGroupFunctionLike<T1, T2, R>,
  ): SingleOutputStreamOperator<R> {
    const kind: JoinKind = this.kind;
    return this.windowed.build<Tagged<T1, T2>, R>(
      kind === "join" ? "Join" : "CoGroup",
      listContents,
      (): InternalWindowFunction<Tagged<T1, T2>, R, K, W> => {
        const user = copyUserFunction(fn);
        const coGroup =
          kind === "join"
            ? joinAsCoGroup(flatJoinFn(user as JoinFunctionLike<T1, T2, R>))
            : coGroupFn(user as CoGroupFunctionLike<T1, T2, R>);
        return {
          rich: user,
          process: (_key, _ctx, elements, out) => coGroupWindowContents(coGroup, elements, out),
          clear: () => {},
        };
      },
    );
  }
}
