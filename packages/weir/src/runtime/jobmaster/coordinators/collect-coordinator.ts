/**
 * The coordinator of a collect sink (operator kind `collectSink`): queues the values its subtasks
 * send (`collect.batch`) in arrival order until `JobClient.collect(operatorId)` polls them.
 *
 * Guarantees: values are handed out once, in arrival order, to one consumer; after the job ended
 * (`close()`), polls drain what is left and then answer `end`. Not bounded yet: the collect
 * protocol has no flow control back to the sink, so an unconsumed stream grows in memory.
 */
import type { CollectSinkEvent } from "../../../operators/coordination.js";
import type { CollectResultBatch } from "../gateway.js";
import type { OperatorCoordinator } from "./coordinator.js";

export class CollectCoordinator implements OperatorCoordinator {
  private values: unknown[] = [];
  private ended = false;
  private waiters: (() => void)[] = [];

  async start(): Promise<void> {}

  handleEventFromSubtask(_subtask: number, event: unknown): void {
    const e = event as CollectSinkEvent;
    if (e.kind !== "collect.batch" || this.ended) return;
    for (const v of e.values) this.values.push(v);
    this.wake();
  }

  /** Values since the last poll; waits for at least one unless the job ended. */
  async poll(): Promise<CollectResultBatch> {
    while (this.values.length === 0 && !this.ended) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    const values = this.values;
    this.values = [];
    return { values, end: this.ended && values.length === 0 };
  }

  async close(): Promise<void> {
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
