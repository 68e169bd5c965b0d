/**
 * Base class of Weir's components (Dispatcher, ResourceManager, JobMaster, TaskExecutor): a
 * single-threaded endpoint with an address and a mailbox (ARCHITECTURE §8). Gateway calls from
 * other components arrive through the RPC service and run on the mailbox; the endpoint's own
 * asynchronous continuations hop back onto it with `runAsync` / `callAsync`.
 */
import { EndpointMailbox } from "./mailbox.js";

export abstract class RpcEndpoint {
  readonly address: string;
  /** The endpoint's mailbox; only the RPC service and the endpoint itself post to it. */
  readonly mailbox: EndpointMailbox;

  protected constructor(address: string) {
    this.address = address;
    this.mailbox = new EndpointMailbox(address);
  }

  /** Runs `action` on this endpoint's mailbox; an exception goes to `onFatalError`. */
  protected runAsync(action: () => void): void {
    this.mailbox.post(action, (e) => this.onFatalError(e));
  }

  /** Runs `fn` on this endpoint's mailbox and resolves with its result. */
  protected callAsync<T>(fn: () => T | Promise<T>): Promise<T> {
    return this.mailbox.call(fn);
  }

  /**
   * An action posted with `runAsync` threw: a bug in the endpoint (Flink's fatal error handler).
   * The default reports it on stderr; subclasses may fail what they own.
   */
  protected onFatalError(error: unknown): void {
    console.error(`[weir] fatal error in ${this.address}:`, error);
  }
}
