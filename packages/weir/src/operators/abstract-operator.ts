/**
 * Base classes of the built-in operators (Flink's `AbstractStreamOperator` and
 * `AbstractUdfStreamOperator`). They keep the context given at `setup`, forward watermarks by
 * default, and run the rich lifecycle of the user function: `open(runtimeContext)` from the
 * operator's `open`, `close()` from its `close`.
 *
 * Operators never mutate a record they receive (chained successors get records by reference);
 * they emit through their own reused `StreamRecord`.
 */
import { InternalError } from "../core/errors.js";
import type { OperatorContext, Output } from "./contract.js";
import { type RichFunction, richOf } from "./functions.js";
import { isCheckpointedFunction } from "./state/operator-state-store.js";

export abstract class AbstractStreamOperator<OUT> {
  private operatorContext: OperatorContext<OUT> | undefined;
  /** The context's output, kept in a field for the per-record path (set by `setup`). */
  protected output!: Output<OUT>;

  setup(context: OperatorContext<OUT>): void {
    this.operatorContext = context;
    this.output = context.output;
  }

  /** The context given at `setup`; throws if the operator was not set up. */
  protected get context(): OperatorContext<OUT> {
    const context = this.operatorContext;
    if (context === undefined) throw new InternalError(`${this.constructor.name} used before setup()`);
    return context;
  }

  open(): void | Promise<void> {}

  finish(): void | Promise<void> {}

  close(): void | Promise<void> {}

  /** Default: forward the watermark unchanged. */
  processWatermark(watermark: number): void {
    this.output.emitWatermark(watermark);
  }
}

/**
 * An operator running one user function, which may be rich (`open`/`close`) and may have operator
 * state (`CheckpointedFunction.initializeState`, called from the operator's `initializeState`).
 */
export abstract class AbstractUdfStreamOperator<OUT> extends AbstractStreamOperator<OUT> {
  private readonly rich: RichFunction | undefined;

  /** @param userFunction the function as the user gave it (lambda or object). */
  constructor(userFunction: unknown) {
    super();
    this.rich = richOf(userFunction);
  }

  /** Runs the function's `initializeState` (Flink's `StreamingFunctionUtils.restoreFunctionState`). */
  initializeState(): void | Promise<void> {
    const fn = this.rich;
    if (!isCheckpointedFunction(fn)) return;
    const context = this.context;
    const store = context.operatorStateStore;
    if (store === undefined) {
      throw new InternalError(`${this.constructor.name}: the runtime gave no operator state store`);
    }
    return fn.initializeState({
      isRestored: () => store.isRestored(),
      getOperatorStateStore: () => store,
      getKeyedStateStore: () =>
        context.keyedStateBackend === undefined ? undefined : context.runtimeContext,
    });
  }

  override open(): void | Promise<void> {
    return this.rich?.open?.(this.context.runtimeContext);
  }

  override close(): void | Promise<void> {
    return this.rich?.close?.();
  }
}
