/**
 * The RPC service: how components find each other's gateways by address (Flink's `RpcService`).
 *
 * `InProcessRpcService` wires endpoints of one process: a gateway is a proxy whose every method
 * call is queued on the target endpoint's mailbox and returns a promise. Arguments travel by
 * reference (no copy); callers nevertheless pass plain data only (plus the transferable channel
 * ports of task deployments), so that a network transport can carry the same gateways later.
 *
 * Not guaranteed: delivery to an endpoint that was stopped (the call rejects with an
 * `ExternalError`), ordering between calls from different callers.
 */
import { ExternalError } from "../../core/errors.js";
import type { RpcEndpoint } from "./endpoint.js";

export interface RpcService {
  /** Makes `endpoint` reachable at `endpoint.address`. */
  start(endpoint: RpcEndpoint): void;
  /** Makes the endpoint unreachable and closes its mailbox. */
  stop(endpoint: RpcEndpoint): void;
  /**
   * A gateway to the endpoint at `address`. The caller names the gateway interface `G`; every
   * method of `G` must return a promise. Resolution is lazy: calls reject if nothing is there.
   */
  connect<G extends object>(address: string): G;
}

export class InProcessRpcService implements RpcService {
  private readonly endpoints = new Map<string, RpcEndpoint>();

  start(endpoint: RpcEndpoint): void {
    if (this.endpoints.has(endpoint.address)) {
      throw new ExternalError(`an endpoint is already registered at '${endpoint.address}'`);
    }
    this.endpoints.set(endpoint.address, endpoint);
  }

  stop(endpoint: RpcEndpoint): void {
    if (this.endpoints.get(endpoint.address) === endpoint) this.endpoints.delete(endpoint.address);
    endpoint.mailbox.close();
  }

  connect<G extends object>(address: string): G {
    const methods = new Map<PropertyKey, (...args: unknown[]) => Promise<unknown>>();
    return new Proxy({} as G, {
      get: (_target, property) => {
        if (property === "then") return undefined; // a gateway is not a thenable
        let method = methods.get(property);
        if (!method) {
          method = (...args: unknown[]) => this.invoke(address, property, args);
          methods.set(property, method);
        }
        return method;
      },
    });
  }

  private invoke(address: string, property: PropertyKey, args: unknown[]): Promise<unknown> {
    const endpoint = this.endpoints.get(address);
    if (!endpoint || endpoint.mailbox.isClosed) {
      return Promise.reject(
        new ExternalError(`no RPC endpoint at '${address}' (it stopped or never started)`),
      );
    }
    return endpoint.mailbox.call(() => {
      const fn = (endpoint as unknown as Record<PropertyKey, unknown>)[property];
      if (typeof fn !== "function") {
        throw new ExternalError(`RPC endpoint '${address}' has no method '${String(property)}'`);
      }
      return (fn as (...a: unknown[]) => unknown).apply(endpoint, args);
    });
  }
}
