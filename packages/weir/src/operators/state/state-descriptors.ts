/**
 * State descriptors (Flink's `StateDescriptor` family): a state's name, kind and, per kind, its
 * default value, reduce function or aggregate function, plus an optional TTL.
 *
 * A state is identified by its name within one operator: asking twice for the same name returns
 * the same state; asking for an existing name with another kind is a `JobDefinitionError`.
 * Descriptors are matched by their `kind` string, never by `instanceof`, because a job module may
 * see another copy of this module (see `operators/executor.ts`).
 */
import { JobDefinitionError } from "../../core/errors.js";
import type { StateTtlConfig } from "./state-ttl-config.js";
import type {
  AggregateFunction,
  AggregatingState,
  ListState,
  MapState,
  ReducingState,
  State,
  ValueState,
} from "./state-types.js";

/**
 * A reduce function as a lambda or an object (structurally `ReduceFunctionLike` of `functions.ts`,
 * restated here because `functions.ts` depends on the operator contract, which depends on state).
 */
export type StateReduceFunction<T> = { reduce(value1: T, value2: T): T } | ((value1: T, value2: T) => T);

export type StateKind = "value" | "list" | "map" | "reducing" | "aggregating";

/** Base of all descriptors; `S` is the handle type the descriptor yields. */
export abstract class StateDescriptor<S extends State> {
  /** Phantom member keeping the handle type. */
  declare readonly __stateType?: S;
  abstract readonly kind: StateKind;
  private ttl: StateTtlConfig | undefined;

  constructor(readonly name: string) {
    if (typeof name !== "string" || name.length === 0) {
      throw new JobDefinitionError("a state descriptor needs a non-empty name", {
        hint: 'e.g. new ValueStateDescriptor<number>("count")',
      });
    }
  }

  /** Expires entries `config.ttlMs` after their last write (or read); see `StateTtlConfig`. */
  enableTimeToLive(config: StateTtlConfig): void {
    this.ttl = config;
  }

  getTtlConfig(): StateTtlConfig | undefined {
    return this.ttl;
  }

  isTtlEnabled(): boolean {
    return this.ttl !== undefined;
  }
}

export class ValueStateDescriptor<T> extends StateDescriptor<ValueState<T>> {
  readonly kind = "value" as const;

  /** @param defaultValue returned by `value()` when there is no value (Flink deprecates it; kept for ports). */
  constructor(
    name: string,
    readonly defaultValue?: T,
  ) {
    super(name);
  }
}

export class ListStateDescriptor<T> extends StateDescriptor<ListState<T>> {
  readonly kind = "list" as const;
}

export class MapStateDescriptor<UK, UV> extends StateDescriptor<MapState<UK, UV>> {
  readonly kind = "map" as const;
  /** Phantom members keeping the key and value types (broadcast state reads them). */
  declare readonly __keyType?: UK;
  declare readonly __valueType?: UV;
}

export class ReducingStateDescriptor<T> extends StateDescriptor<ReducingState<T>> {
  readonly kind = "reducing" as const;
  /** The reduce function as a plain function. */
  readonly reduce: (value1: T, value2: T) => T;

  constructor(name: string, reduceFunction: StateReduceFunction<T>) {
    super(name);
    this.reduce =
      typeof reduceFunction === "function" ? reduceFunction : (a, b) => reduceFunction.reduce(a, b);
  }
}

export class AggregatingStateDescriptor<IN, ACC, OUT> extends StateDescriptor<AggregatingState<IN, OUT>> {
  readonly kind = "aggregating" as const;

  constructor(
    name: string,
    readonly aggregateFunction: AggregateFunction<IN, ACC, OUT>,
  ) {
    super(name);
  }
}

/** Any descriptor, with its handle type erased (what backends take). */
export type AnyStateDescriptor = StateDescriptor<State> & { readonly kind: StateKind };
