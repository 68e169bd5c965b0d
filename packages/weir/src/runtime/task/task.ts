/**
 * One parallel subtask of a job vertex, running its operator chain on a cooperative mailbox loop
 * (Flink's `Task` + `StreamTask`). Several tasks may share a thread (slot sharing, inline slots),
 * so a task processes at most one input buffer, or a bounded number of source calls, per turn and
 * then yields to the event loop.
 *
 * Lifecycle: `start()` reports RUNNING, builds the chain (operators' `setup`), then
 * `initializeState` and `open` (tail first, so successors are ready before a predecessor emits),
 * runs the input loop until the end of input, emits the maximum watermark for a bounded source,
 * `finish`es the operators head first (finishing one may emit into the next; mails keep running
 * while an asynchronous `finish` is pending, so it can wait for coordinator events), finishes the
 * record writers (end of partition) and `close`s the operators: FINISHED. Any throw from user code,
 * including rejected promises of async lifecycle methods, fails the task (FAILED, with the error
 * serialized and its stack kept as text); `cancel()` stops the loop at the next turn or wait,
 * aborts the writers and closes the operators: CANCELED. Exactly one terminal state is reported.
 *
 * Backpressure: before each input batch (or source turn) the task checks every record writer's
 * availability and every operator's `backpressure()`, and waits while one is blocked. The
 * per-record path (gate batch → `processElement` → chained successors → `RecordWriter.emit`) is
 * synchronous.
 *
 * BATCH: a task whose head has keyed inputs runs the sorted-input driver (sorted-input-loop.ts)
 * instead of the plain input loop: it sees its keyed records sorted, one key at a time.
 *
 * Buffer timeout (`jobGraph.settings.bufferTimeoutMs`): > 0 flushes all writers through the task
 * mailbox every interval of the injected clock; 0 flushes after every turn; -1 only when buffers
 * are full and at the end.
 */
import type { Clock } from "../../core/clock.js";
import { InternalError, serializeError } from "../../core/errors.js";
import { inputEdgesOf, type JobGraph, type JobVertex } from "../../core/jobgraph.js";
import { MAX_WATERMARK, type OperatorContext } from "../../operators/contract.js";
import { createInputGate } from "../network/index.js";
import type { InputGate, NetworkSettings, RecordWriter } from "../network/types.js";
import {
  type ExecutionState,
  isTerminalExecutionState,
  type TaskChannels,
  type TaskDeploymentDescriptor,
  type TaskExecutionStateUpdate,
} from "../taskexecutor/deployment.js";
import type { ChainOutput } from "./chain-output.js";
import { TaskMailbox } from "./mailbox.js";
import { MailboxClock } from "./mailbox-clock.js";
import { buildOperatorChain, type OperatorChain, type UserCode } from "./operator-chain.js";
import { OperatorEventDispatcher } from "./operator-events.js";
import { OutputFlusher } from "./output-flusher.js";
import { type LoopControl, runInputLoop, runSourceLoop } from "./processing-loops.js";
import { TaskRuntimeContext, taskNameWithSubtask } from "./runtime-context.js";
import { runSortedInputLoop, sortedInputSpecOf } from "./sorted-input-loop.js";

export interface TaskListener {
  onStateChange(update: TaskExecutionStateUpdate): void;
  onOperatorEvent(executionAttemptId: string, operatorId: string, event: unknown): void;
}

export interface TaskOptions {
  readonly descriptor: TaskDeploymentDescriptor;
  readonly jobGraph: JobGraph;
  readonly code: UserCode;
  readonly channels: TaskChannels;
  readonly clock: Clock;
  readonly networkSettings: NetworkSettings;
  readonly listener: TaskListener;
}

/** Thrown inside the task loop to unwind after `cancel()`. */
class TaskCanceledSignal extends Error {}

export class Task {
  readonly descriptor: TaskDeploymentDescriptor;
  /** `Name (i+1/p)`. */
  readonly taskName: string;
  private readonly vertex: JobVertex;
  private readonly mailbox = new TaskMailbox();
  /** The operators' clock: timers fire as mails of this task. */
  private readonly operatorClock: MailboxClock;
  private state: ExecutionState = "DEPLOYING";
  private started = false;
  private cancelRequested = false;
  private resolveCancel!: () => void;
  private readonly cancelled = new Promise<void>((resolve) => {
    this.resolveCancel = resolve;
  });
  /** Set when a promise the loop waited on rejected (an operator's backpressure, a writer). */
  private asyncError: { error: unknown } | undefined;
  private readonly operatorEvents = new OperatorEventDispatcher(this.mailbox);
  private readonly writers: RecordWriter[] = [];
  private gate: InputGate | undefined;
  private chain: OperatorChain | undefined;
  private flusher: OutputFlusher | undefined;
  private resolveTerminated!: () => void;
  /** Resolves once the task reached a terminal state and released its resources. */
  readonly terminated = new Promise<void>((resolve) => {
    this.resolveTerminated = resolve;
  });

  constructor(private readonly options: TaskOptions) {
    this.descriptor = options.descriptor;
    const vertex = options.jobGraph.vertices.find((v) => v.id === options.descriptor.vertexId);
    if (!vertex) throw new InternalError(`job graph has no vertex ${options.descriptor.vertexId}`);
    this.vertex = vertex;
    this.taskName = taskNameWithSubtask(vertex.name, options.descriptor.subtaskIndex, vertex.parallelism);
    this.operatorClock = new MailboxClock(options.clock, this.mailbox);
  }

  get executionState(): ExecutionState {
    return this.state;
  }

  /** Starts the task's loop; the outcome is reported through the listener. */
  start(): void {
    if (this.started || this.cancelRequested) return;
    this.started = true;
    void this.run();
  }

  /** Stops the task; it reports CANCELED unless it already reached another terminal state. */
  cancel(): void {
    if (this.cancelRequested || isTerminalExecutionState(this.state)) return;
    this.cancelRequested = true;
    this.resolveCancel();
    this.mailbox.wake();
    if (!this.started) {
      this.releaseResources(true);
      this.operatorClock.cancelAll();
      this.transition("CANCELED");
      this.resolveTerminated();
    }
  }

  /** Delivers an event from the operator's coordinator; handled on the task's mailbox. */
  deliverOperatorEvent(operatorId: string, event: unknown): void {
    if (!isTerminalExecutionState(this.state)) this.operatorEvents.deliver(operatorId, event);
  }

  private async run(): Promise<void> {
    try {
      this.transition("RUNNING");
      const chain = this.buildChain();
      this.chain = chain;
      const inEdges = inputEdgesOf(this.options.jobGraph, this.vertex.id);
      if (inEdges.length > 0) {
        this.gate = createInputGate({
          edges: this.options.channels.inputs.map((ports) => ({ ports })),
          settings: this.options.networkSettings,
        });
      }
      const { jobGraph, clock } = this.options;
      this.flusher = new OutputFlusher(chain.writers, jobGraph.settings.bufferTimeoutMs, clock, this.mailbox);
      this.flusher.start();
      for (let i = chain.operators.length - 1; i >= 0; i--) {
        const op = chain.operators[i]!.operator;
        await this.guard(op.initializeState?.());
        await this.guard(op.open());
      }
      const sorted = this.gate
        ? sortedInputSpecOf(jobGraph, this.vertex, this.options.code, chain)
        : undefined;
      if (chain.source) await runSourceLoop(chain, this.loopControl);
      else if (this.gate && sorted) await runSortedInputLoop(chain, this.gate, this.loopControl, sorted);
      else if (this.gate) await runInputLoop(chain, this.gate, this.loopControl);
      this.endOfInput(chain);
      for (const { operator } of chain.operators) {
        // Mails that arrived since the last turn (timers, coordinator events) run before finishing.
        this.beginTurn();
        await this.awaitFinish(operator.finish());
      }
      this.flusher?.stop();
      await this.guard(Promise.all(chain.writers.map((w) => w.finish())));
      await this.closeOperators(chain, true);
      this.releaseResources(false);
      this.transition("FINISHED");
    } catch (e) {
      this.flusher?.stop();
      this.releaseResources(true);
      if (this.chain) await this.closeOperators(this.chain, false);
      if (this.cancelRequested) this.transition("CANCELED");
      else this.transition("FAILED", e);
    } finally {
      this.operatorClock.cancelAll();
      this.mailbox.clear();
      this.resolveTerminated();
    }
  }

  private buildChain(): OperatorChain {
    const { jobGraph, descriptor } = this.options;
    const info = {
      jobId: descriptor.jobId,
      vertexName: this.vertex.name,
      subtaskIndex: descriptor.subtaskIndex,
      parallelism: this.vertex.parallelism,
      maxParallelism: this.vertex.maxParallelism,
      attemptNumber: descriptor.attemptNumber,
    };
    const runtimeContext = new TaskRuntimeContext(info, jobGraph.settings.args, jobGraph.settings.config);
    return buildOperatorChain({
      jobGraph,
      vertex: this.vertex,
      subtaskIndex: descriptor.subtaskIndex,
      code: this.options.code,
      outputPorts: this.options.channels.outputs,
      networkSettings: this.options.networkSettings,
      onWriterCreated: (w) => this.writers.push(w),
      contextFor: (index, output) => this.operatorContext(index, output, runtimeContext),
    });
  }

  private operatorContext(
    index: number,
    output: ChainOutput,
    runtimeContext: TaskRuntimeContext,
  ): OperatorContext<unknown> {
    const spec = this.vertex.operators[index]!;
    const { jobGraph, listener, descriptor } = this.options;
    return {
      output,
      runtimeContext,
      clock: this.operatorClock,
      operatorId: spec.id,
      operatorName: spec.name,
      runtimeMode: jobGraph.settings.runtimeMode,
      config: jobGraph.settings.config,
      sendOperatorEvent: (event) => listener.onOperatorEvent(descriptor.executionAttemptId, spec.id, event),
      onOperatorEvent: (handler) => this.operatorEvents.register(spec.id, handler),
    };
  }

  /** A bounded source ended: Flink's `advanceToEndOfEventTime`. */
  private endOfInput(chain: OperatorChain): void {
    if (chain.source) chain.operators[0]!.output.emitWatermark(MAX_WATERMARK);
  }

  private readonly loopControl: LoopControl = {
    beginTurn: () => this.beginTurn(),
    endTurn: () => this.endTurn(),
    waitFor: (promise) => this.waitFor(promise),
  };

  private beginTurn(): void {
    this.throwIfStopped();
    this.mailbox.drain();
    this.throwIfStopped();
  }

  private endTurn(): void {
    this.flusher?.flushAfterTurn();
  }

  private throwIfStopped(): void {
    if (this.cancelRequested) throw new TaskCanceledSignal("task canceled");
    if (this.asyncError) throw this.asyncError.error;
  }

  /**
   * Waits until `promise` settles, a mail arrives or the task is cancelled. A rejection is
   * rethrown at the next turn. One small allocation per wait (per batch, not per record), and no
   * reaction is left on long-lived promises.
   */
  private async waitFor(promise: Promise<unknown>): Promise<void> {
    if (this.mailbox.hasMail() || this.cancelRequested) return;
    await new Promise<void>((resolve) => {
      this.mailbox.setWaker(resolve);
      promise.then(
        () => resolve(),
        (error: unknown) => {
          this.asyncError ??= { error };
          resolve();
        },
      );
    });
    this.mailbox.setWaker(undefined);
  }

  /**
   * Awaits an operator's `finish()` while still running the task's mails (as Flink's operators
   * yield to the mailbox while finishing): a finish that waits for coordinator events gets them
   * (the collect sink waits for `collect.ack` credits to send its last batches). Stops at
   * cancellation; a rejection fails the task like any other. No turn starts once the finish
   * settled (checked before each turn).
   */
  private async awaitFinish(result: void | Promise<void>): Promise<void> {
    this.throwIfStopped();
    if (!(result instanceof Promise)) return;
    let done = false;
    const settled = result.then(
      () => {
        done = true;
      },
      (error: unknown) => {
        this.asyncError ??= { error };
        done = true;
      },
    );
    while (!done) {
      this.beginTurn();
      if (done) break;
      await this.waitFor(settled);
    }
    this.throwIfStopped();
  }

  /** Awaits a lifecycle call of user code (may be sync), unless the task is cancelled first. */
  private async guard(result: unknown): Promise<void> {
    if (this.cancelRequested) throw new TaskCanceledSignal("task canceled");
    if (!(result instanceof Promise)) return;
    const cancelled = this.cancelled.then(() => {
      throw new TaskCanceledSignal("task canceled");
    });
    await Promise.race([result, cancelled]);
  }

  private async closeOperators(chain: OperatorChain, rethrow: boolean): Promise<void> {
    let first: { error: unknown } | undefined;
    for (const { operator } of chain.operators) {
      try {
        const result = operator.close();
        if (result instanceof Promise)
          await (rethrow ? this.guard(result) : awaitUnlessStopped(result, this.cancelled));
      } catch (e) {
        first ??= { error: e };
      }
    }
    if (rethrow && first) throw first.error;
  }

  /** Failure/cancel: drop unsent data; success: writers already finished, only the gate remains. */
  private releaseResources(abort: boolean): void {
    if (abort) for (const writer of this.writers) writer.abort();
    this.gate?.close();
    if (abort) {
      // Ports never handed to a writer or gate (the chain failed to build) must not linger.
      for (const ports of [...this.options.channels.outputs, ...this.options.channels.inputs]) {
        for (const port of ports) port.close();
      }
    }
  }

  private transition(state: ExecutionState, error?: unknown): void {
    if (isTerminalExecutionState(this.state)) return;
    this.state = state;
    const { descriptor, listener } = this.options;
    const update: TaskExecutionStateUpdate =
      error === undefined
        ? { jobId: descriptor.jobId, executionAttemptId: descriptor.executionAttemptId, state }
        : {
            jobId: descriptor.jobId,
            executionAttemptId: descriptor.executionAttemptId,
            state,
            error: serializeError(error),
          };
    listener.onStateChange(update);
  }
}

/** Waits for `promise` unless `stop` settles first; never rejects. */
async function awaitUnlessStopped(promise: Promise<unknown>, stop: Promise<void>): Promise<void> {
  await Promise.race([promise.catch(() => undefined), stop]);
}
