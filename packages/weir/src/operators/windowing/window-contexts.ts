/**
 * The reusable context objects of the window operator: the trigger context (Flink's
 * `WindowOperator.Context`), the process-window-function context (`WindowContext`) and the
 * per-window / per-key state stores. Each is one instance per operator, re-pointed at the current
 * key and window before each call.
 */
import { JobDefinitionError } from "../../core/errors.js";
import { type Output, type OutputTagRef, StreamRecord } from "../contract.js";
import type { OutputTag } from "../output-tag.js";
import type { KeyedStateAccess } from "../state/keyed-state-access.js";
import { type KeyedStateBackend, VOID_NAMESPACE } from "../state/keyed-state-backend.js";
import type { StateDescriptor } from "../state/state-descriptors.js";
import type { State } from "../state/state-types.js";
import type { InternalTimerService } from "../timers/internal-timer-service.js";
import type { OnMergeContext } from "./triggers/trigger.js";
import type { ProcessWindowFunctionContext } from "./window-functions.js";
import { type Window, windowNamespace } from "./windows.js";

/** Keyed state bound to one namespace (a window, or the void namespace). */
export class NamespacedStateStore implements KeyedStateAccess {
  namespace: unknown = VOID_NAMESPACE;

  constructor(
    private readonly backend: KeyedStateBackend<unknown>,
    private readonly forbidden: string | undefined,
  ) {}

  private get<S extends State>(descriptor: StateDescriptor<S>): S {
    if (this.forbidden !== undefined) throw new JobDefinitionError(this.forbidden);
    return this.backend.getPartitionedState(this.namespace, descriptor);
  }

  getState = this.get as KeyedStateAccess["getState"];
  getListState = this.get as KeyedStateAccess["getListState"];
  getMapState = this.get as KeyedStateAccess["getMapState"];
  getReducingState = this.get as KeyedStateAccess["getReducingState"];
  getAggregatingState = this.get as KeyedStateAccess["getAggregatingState"];
}

/** The trigger's view: timers and state of the current key and `window`. */
export class TriggerContextImpl<W extends Window> implements OnMergeContext {
  window!: W;
  /** `windowNamespace(window)`. */
  private ns: unknown;
  /** The windows merged into `window` (during `onMerge` only). */
  private mergedWindows: readonly W[] = [];

  constructor(
    private readonly backend: KeyedStateBackend<unknown>,
    private readonly timers: InternalTimerService<unknown>,
  ) {}

  setWindow(window: W): void {
    this.window = window;
    this.ns = windowNamespace(window);
  }

  setMergedWindows(windows: readonly W[]): void {
    this.mergedWindows = windows;
  }

  getCurrentProcessingTime(): number {
    return this.timers.currentProcessingTime();
  }

  getCurrentWatermark(): number {
    return this.timers.currentWatermark();
  }

  registerProcessingTimeTimer(time: number): void {
    this.timers.registerProcessingTimeTimer(this.ns, time);
  }

  registerEventTimeTimer(time: number): void {
    this.timers.registerEventTimeTimer(this.ns, time);
  }

  deleteProcessingTimeTimer(time: number): void {
    this.timers.deleteProcessingTimeTimer(this.ns, time);
  }

  deleteEventTimeTimer(time: number): void {
    this.timers.deleteEventTimeTimer(this.ns, time);
  }

  getPartitionedState<S extends State>(descriptor: StateDescriptor<S>): S {
    return this.backend.getPartitionedState(this.ns, descriptor);
  }

  mergePartitionedState(descriptor: StateDescriptor<State>): void {
    if (this.mergedWindows.length === 0) return;
    const state = this.backend.getOrCreateKeyedState<unknown, State>(descriptor);
    if (state.mergeNamespaces === undefined) {
      throw new JobDefinitionError(
        `the trigger state '${descriptor.name}' cannot be merged: only list, reducing and aggregating state merge`,
      );
    }
    state.mergeNamespaces(this.ns, this.mergedWindows.map(windowNamespace));
  }
}

/** The process window function's view of the current window. */
export class WindowContextImpl<W extends Window> implements ProcessWindowFunctionContext<W> {
  currentWindow!: W;
  private readonly sideRecord = new StreamRecord<unknown>(undefined);
  private readonly perWindow: NamespacedStateStore;
  private readonly perKey: NamespacedStateStore;

  constructor(
    backend: KeyedStateBackend<unknown>,
    private readonly timers: InternalTimerService<unknown>,
    private readonly out: Output<unknown>,
    merging: boolean,
  ) {
    this.perWindow = new NamespacedStateStore(
      backend,
      merging ? "Per-window state is not allowed when using merging windows." : undefined,
    );
    this.perKey = new NamespacedStateStore(backend, undefined);
  }

  window(): W {
    return this.currentWindow;
  }

  currentProcessingTime(): number {
    return this.timers.currentProcessingTime();
  }

  currentWatermark(): number {
    return this.timers.currentWatermark();
  }

  windowState(): KeyedStateAccess {
    this.perWindow.namespace = windowNamespace(this.currentWindow);
    return this.perWindow;
  }

  globalState(): KeyedStateAccess {
    return this.perKey;
  }

  output<X>(tag: OutputTag<X>, value: X): void {
    const side = this.sideRecord;
    side.value = value;
    side.timestamp = this.currentWindow.maxTimestamp();
    this.out.collectSide(tag as OutputTagRef, side);
  }
}
