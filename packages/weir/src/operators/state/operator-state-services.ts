/**
 * Creates the state and timer services of one operator subtask and wires them around it. Shared
 * by the runtime (`runtime/task/operator-chain.ts`) and the operator test harness, so that both
 * drive operators identically:
 * - every operator gets an `OperatorStateStore` and its own `RuntimeContext` (keyed state when
 *   keyed, a clear error otherwise);
 * - a *keyed* operator (`stateKeySelector`, or `stateKeySelector1`/`2` on two-input operators) gets a
 *   heap keyed state backend over its key-group range and a timer-service manager;
 * - `processorFor(input)` returns the input's record processor, which sets the backend's current
 *   key from the record before `processElement`;
 * - `onWatermark(w)` advances the timer services (firing due event-time timers; in BATCH the MAX
 *   watermark ends the input, see `batch-key-scope.ts`) and then calls the operator's
 *   `processWatermark(w)`;
 * - in BATCH, `batchKeyScope` is the keyed operator's `BatchKeyScope`.
 */
import type { Clock, TimerHandle } from "../../core/clock.js";
import { InternalError } from "../../core/errors.js";
import type { KeyGroupRange } from "../../core/keygroups.js";
import type { AnyStreamOperator, OperatorContext, StreamRecord } from "../contract.js";
import { HeapInternalTimeServiceManager } from "../timers/heap-time-service-manager.js";
import type { BatchKeyScope } from "./batch-key-scope.js";
import { DefaultOperatorStateStore } from "./default-operator-state-store.js";
import { HeapKeyedStateBackend } from "./heap/heap-keyed-state-backend.js";
import { OperatorRuntimeContext } from "./operator-runtime-context.js";

export interface OperatorStateServicesOptions {
  readonly maxParallelism: number;
  readonly keyGroupRange: KeyGroupRange;
  readonly runtimeMode: "STREAMING" | "BATCH";
}

export class OperatorStateServices {
  readonly keyedStateBackend: HeapKeyedStateBackend<unknown> | undefined;
  readonly timeServiceManager: HeapInternalTimeServiceManager | undefined;
  readonly operatorStateStore = new DefaultOperatorStateStore();
  /** BATCH keyed operators only. */
  readonly batchKeyScope: BatchKeyScope | undefined;
  readonly onWatermark: (watermark: number) => void;
  private readonly clock = new DeferredClock();
  private warnFn: (message: string) => void = defaultWarn;

  constructor(
    private readonly operator: AnyStreamOperator,
    options: OperatorStateServicesOptions,
  ) {
    if (isKeyed(operator)) {
      const backend = new HeapKeyedStateBackend<unknown>({
        maxParallelism: options.maxParallelism,
        keyGroupRange: options.keyGroupRange,
        clock: this.clock,
      });
      this.keyedStateBackend = backend;
      const manager = new HeapInternalTimeServiceManager({
        backend,
        clock: this.clock,
        runtimeMode: options.runtimeMode,
        warn: (message) => this.warnFn(message),
      });
      this.timeServiceManager = manager;
      if (options.runtimeMode === "BATCH") this.batchKeyScope = manager;
    }
    const manager = this.timeServiceManager;
    if (operator.inputArity === 0) {
      this.onWatermark = () => {
        throw new InternalError("a source operator has no input watermark");
      };
    } else if (manager === undefined) {
      this.onWatermark = (w) => operator.processWatermark(w);
    } else {
      this.onWatermark = (w) => {
        manager.advanceWatermark(w);
        operator.processWatermark(w);
      };
    }
  }

  /** The context to give `operator.setup`: `base` plus the services (clock and warnings from `base`). */
  extendContext<OUT>(base: OperatorContext<OUT>): OperatorContext<OUT> {
    this.clock.target = base.clock;
    const baseWarn = base.warn;
    if (baseWarn !== undefined) this.warnFn = (message) => baseWarn(message);
    else this.warnFn = (message) => defaultWarn(`${base.operatorName}: ${message}`);
    const backend = this.keyedStateBackend;
    const manager = this.timeServiceManager;
    return {
      ...base,
      runtimeContext: new OperatorRuntimeContext(base.runtimeContext, base.operatorName, backend),
      operatorStateStore: this.operatorStateStore,
      warn: this.warnFn,
      ...(backend === undefined || manager === undefined
        ? {}
        : {
            keyedStateBackend: backend,
            getInternalTimerService: (name, triggerable) =>
              manager.getInternalTimerService(name, triggerable),
          }),
    };
  }

  /** The processor of input `input` (0 or 1): sets the current key (keyed inputs), then processes. */
  processorFor(input: 0 | 1): (record: StreamRecord<unknown>) => void {
    const op = this.operator;
    const backend = this.keyedStateBackend;
    if (op.inputArity === 0) throw new InternalError("a source operator has no inputs");
    if (op.inputArity === 1) {
      const select = op.stateKeySelector?.bind(op);
      if (backend === undefined || select === undefined) return (r) => op.processElement(r);
      return (r) => {
        backend.setCurrentKey(select(r.value));
        op.processElement(r);
      };
    }
    const select = (input === 0 ? op.stateKeySelector1 : op.stateKeySelector2)?.bind(op);
    const process = input === 0 ? op.processElement1.bind(op) : op.processElement2.bind(op);
    if (backend === undefined || select === undefined) return process;
    return (r) => {
      backend.setCurrentKey(select(r.value));
      process(r);
    };
  }

  /** Stops timers (task end). */
  dispose(): void {
    this.timeServiceManager?.dispose();
  }
}

/** Whether the runtime must give `operator` keyed state and timers. */
export function isKeyed(operator: AnyStreamOperator): boolean {
  if (operator.inputArity === 1) return operator.stateKeySelector !== undefined;
  if (operator.inputArity === 2) {
    return operator.stateKeySelector1 !== undefined || operator.stateKeySelector2 !== undefined;
  }
  return false;
}

function defaultWarn(message: string): void {
  process.emitWarning(message);
}

/** A clock whose target is set after construction (the context's clock arrives at setup). */
class DeferredClock implements Clock {
  target: Clock | undefined;

  now(): number {
    return this.require().now();
  }

  setTimer(at: number, callback: () => void): TimerHandle {
    return this.require().setTimer(at, callback);
  }

  private require(): Clock {
    const target = this.target;
    if (target === undefined) throw new InternalError("operator state services used before setup");
    return target;
  }
}
