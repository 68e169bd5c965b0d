/**
 * Routes coordinator events to the operators of a task (Flink's `OperatorEventDispatcher`).
 * Each operator registers one handler (`OperatorContext.onOperatorEvent`); events run as mails of
 * the task, in arrival order. Events that arrive before their operator registered (a source
 * registers at `open`) are kept and delivered, in order, once it does.
 */
import type { TaskMailbox } from "./mailbox.js";

export class OperatorEventDispatcher {
  private readonly handlers = new Map<string, (event: unknown) => void>();
  private readonly pending = new Map<string, unknown[]>();

  constructor(private readonly mailbox: TaskMailbox) {}

  deliver(operatorId: string, event: unknown): void {
    const handler = this.handlers.get(operatorId);
    if (handler) {
      this.mailbox.put(() => handler(event));
      return;
    }
    const queued = this.pending.get(operatorId);
    if (queued) queued.push(event);
    else this.pending.set(operatorId, [event]);
  }

  register(operatorId: string, handler: (event: unknown) => void): void {
    this.handlers.set(operatorId, handler);
    const queued = this.pending.get(operatorId);
    if (!queued) return;
    this.pending.delete(operatorId);
    for (const event of queued) this.mailbox.put(() => handler(event));
  }
}
