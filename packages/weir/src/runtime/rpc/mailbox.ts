/**
 * The mailbox of an RPC endpoint (Flink's main-thread executor of an `RpcEndpoint`).
 *
 * Guarantees:
 * - Actions run one at a time, in the order they were posted, never synchronously inside `post`
 *   or `call` (so a gateway call never re-enters the caller's stack).
 * - An action that returns a promise does not hold the mailbox while the promise is pending: the
 *   next action may run at the action's first `await`. Endpoint methods therefore keep their
 *   invariants at every `await` point and do their follow-up state changes through the mailbox
 *   (`RpcEndpoint.runAsync`), exactly as Flink's endpoints complete futures on the main thread.
 *
 * Not guaranteed: fairness between endpoints; actions posted after `close()` are rejected.
 */
import { ExternalError } from "../../core/errors.js";

type Action = () => void;

export class EndpointMailbox {
  private readonly queue: Action[] = [];
  private scheduled = false;
  private closed = false;

  constructor(private readonly name: string) {}

  /** Runs `action` later on this mailbox; exceptions are reported to `onError` (default: rethrown async). */
  post(action: () => void, onError: (error: unknown) => void = rethrowAsync): void {
    if (this.closed) {
      onError(new ExternalError(`endpoint '${this.name}' is closed`));
      return;
    }
    this.queue.push(() => {
      try {
        action();
      } catch (e) {
        try {
          onError(e);
        } catch (e2) {
          rethrowAsync(e2);
        }
      }
    });
    this.schedule();
  }

  /** Runs `fn` on this mailbox and resolves with its (awaited) result. */
  call<T>(fn: () => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.post(() => {
        const result = fn();
        if (result instanceof Promise) result.then(resolve, reject);
        else resolve(result);
      }, reject);
    });
  }

  /** Rejects every later `post`/`call`. Actions already queued still run. */
  close(): void {
    this.closed = true;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.drain());
  }

  private drain(): void {
    this.scheduled = false;
    // Bounded by the queue length at entry; actions posted meanwhile run in a later macrotask so
    // that an endpoint posting to itself cannot starve I/O.
    let n = this.queue.length;
    while (n-- > 0) this.queue.shift()!();
    if (this.queue.length > 0) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }
}

function rethrowAsync(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
