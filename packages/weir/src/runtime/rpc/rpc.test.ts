import { describe, expect, it } from "vitest";
import { ExternalError } from "../../core/errors.js";
import { RpcEndpoint } from "./endpoint.js";
import { EndpointMailbox } from "./mailbox.js";
import { InProcessRpcService } from "./rpc-service.js";

interface CounterGateway {
  add(n: number): Promise<number>;
  slow(): Promise<string>;
}

class Counter extends RpcEndpoint implements CounterGateway {
  total = 0;
  log: string[] = [];
  release: (() => void) | undefined;
  constructor() {
    super("counter");
  }
  async add(n: number): Promise<number> {
    this.log.push(`add ${n}`);
    this.total += n;
    return this.total;
  }
  async slow(): Promise<string> {
    this.log.push("slow start");
    await new Promise<void>((r) => {
      this.release = r;
    });
    this.log.push("slow end");
    return "done";
  }
}

describe("EndpointMailbox", () => {
  it("runs actions in order, never synchronously", async () => {
    const mailbox = new EndpointMailbox("m");
    const order: number[] = [];
    mailbox.post(() => order.push(1));
    mailbox.post(() => order.push(2));
    expect(order).toEqual([]);
    expect(await mailbox.call(() => order.push(3))).toBe(3);
    expect(order).toEqual([1, 2, 3]);
  });

  it("reports a throwing action to its caller and keeps going", async () => {
    const mailbox = new EndpointMailbox("m");
    await expect(
      mailbox.call(() => {
        throw new Error("bad");
      }),
    ).rejects.toThrow("bad");
    expect(await mailbox.call(() => 7)).toBe(7);
  });
});

describe("InProcessRpcService", () => {
  it("calls gateway methods on the endpoint's mailbox; a pending call does not block the next", async () => {
    const rpc = new InProcessRpcService();
    const counter = new Counter();
    rpc.start(counter);
    const gateway = rpc.connect<CounterGateway>("counter");
    const slow = gateway.slow();
    expect(await gateway.add(2)).toBe(2);
    expect(await gateway.add(3)).toBe(5);
    counter.release?.();
    expect(await slow).toBe("done");
    expect(counter.log).toEqual(["slow start", "add 2", "add 3", "slow end"]);
  });

  it("rejects calls to stopped or unknown endpoints and unknown methods", async () => {
    const rpc = new InProcessRpcService();
    const counter = new Counter();
    rpc.start(counter);
    const gateway = rpc.connect<CounterGateway & { missing(): Promise<void> }>("counter");
    await expect(gateway.missing()).rejects.toThrow(/has no method 'missing'/);
    rpc.stop(counter);
    await expect(gateway.add(1)).rejects.toBeInstanceOf(ExternalError);
    await expect(rpc.connect<CounterGateway>("nobody").add(1)).rejects.toThrow(/no RPC endpoint at 'nobody'/);
  });

  it("a gateway is not a thenable", async () => {
    const rpc = new InProcessRpcService();
    const gateway = rpc.connect<CounterGateway>("x");
    expect(await Promise.resolve(gateway)).toBe(gateway);
  });
});
