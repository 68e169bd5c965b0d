/**
 * BATCH runtime behaviour: mode selection and its errors, staged scheduling on fewer slots than
 * the parallelism, region failover that re-runs only the failed region (producers are not re-run),
 * restart-strategy delays on the injected clock, and the checkpointing info line.
 */
import { describe, expect, it } from "vitest";
import {
  type CoMapFunction,
  JobDefinitionError,
  ManualClock,
  type MapFunction,
  type RuntimeContext,
  RuntimeExecutionMode,
  StreamExecutionEnvironment,
} from "weir";
import { MiniClusterExecutor } from "weir/runtime";
import { contiguous, env } from "./helpers.js";

async function turnUntil(condition: () => boolean, maxTurns = 50_000): Promise<void> {
  for (let i = 0; i < maxTurns; i++) {
    if (condition()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`condition not reached within ${maxTurns} turns`);
}

/** Where probes record the attempts they ran in (a class instance: function copies share it). */
class OpenLog {
  readonly entries: { subtask: number; attempt: number }[] = [];
  get length(): number {
    return this.entries.length;
  }
}

/** Counts the subtask attempts it runs in; fails subtask `failSubtask` on its first attempt. */
class Probe<T> implements MapFunction<T, T> {
  private ctx!: RuntimeContext;
  constructor(
    private readonly opened: OpenLog,
    private readonly failSubtask = -1,
  ) {}
  open(ctx: RuntimeContext): void {
    this.ctx = ctx;
    this.opened.entries.push({ subtask: ctx.getIndexOfThisSubtask(), attempt: ctx.getAttemptNumber() });
  }
  map(value: T): T {
    if (this.ctx.getIndexOfThisSubtask() === this.failSubtask && this.ctx.getAttemptNumber() === 0) {
      throw new Error("injected failure");
    }
    return value;
  }
}

const data = Array.from({ length: 2000 }, (_, i): [string, number] => [`k${i % 50}`, 1]);
const expected = new Map(Array.from({ length: 50 }, (_, i) => [`k${i}`, 40]));
const asMap = (out: [string, number][]) => new Map(out.map((t) => [t[0], t[1]]));

describe("mode selection", () => {
  it("AUTOMATIC runs bounded jobs as BATCH (one final record per key)", async () => {
    const e = StreamExecutionEnvironment.getExecutionEnvironment().setRuntimeMode(
      RuntimeExecutionMode.AUTOMATIC,
    );
    const out = await e
      .fromCollection(data)
      .keyBy((t) => t[0])
      .sum(1)
      .executeAndCollect();
    expect(asMap(out)).toEqual(expected);
    expect(out).toHaveLength(50);
  });

  it("BATCH with an unbounded source fails before anything runs, naming it and suggesting STREAMING/AUTOMATIC", async () => {
    const e = StreamExecutionEnvironment.getExecutionEnvironment({ "execution.runtime-mode": "BATCH" });
    e.socketTextStream("localhost", 1).name("my-socket").print();
    const error = await e.execute().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(JobDefinitionError);
    expect((error as Error).message).toMatch(/UNBOUNDED.*my-socket/);
    expect((error as JobDefinitionError).hint).toMatch(/STREAMING.*AUTOMATIC/);
  });
});

describe("staged scheduling", () => {
  it.each([4, 8])("runs a p=%i BATCH job on a 2-slot MiniCluster", async (p) => {
    const opened = new OpenLog();
    const out = await env("BATCH", p, { "taskmanager.numberOfTaskSlots": "2" })
      .fromCollection(data)
      .rebalance()
      .map(new Probe<[string, number]>(opened))
      .keyBy((t) => t[0])
      .sum(1)
      .executeAndCollect();
    expect(asMap(out)).toEqual(expected);
    expect(out).toHaveLength(50);
    expect(opened.entries).toHaveLength(p);
  });

  it("STREAMING needs every slot at once and says so", async () => {
    const error = await env("STREAMING", 4, { "taskmanager.numberOfTaskSlots": "2" })
      .fromCollection(data)
      .keyBy((t) => t[0])
      .sum(1)
      .executeAndCollect()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(String((error as Error).message)).toMatch(/needs 4 task slots.*has 2/);
  });
});

describe("failover", () => {
  it("BATCH re-runs only the failed region from persisted blocking results; producers are not re-run", async () => {
    const producers = new OpenLog();
    const consumers = new OpenLog();
    const out = await env("BATCH", 4, {
      "taskmanager.numberOfTaskSlots": "2",
      "restart-strategy": "fixed-delay",
      "restart-strategy.fixed-delay.delay": "0 ms",
    })
      .fromCollection(data)
      .rebalance()
      .map(new Probe<[string, number]>(producers))
      .keyBy((t) => t[0])
      .sum(1)
      .map(new Probe<[string, number]>(consumers, 2))
      .executeAndCollect();
    expect(asMap(out)).toEqual(expected);
    expect(out).toHaveLength(50);
    expect(producers.entries.map((o) => o.attempt)).toEqual([0, 0, 0, 0]);
    expect(consumers.entries).toHaveLength(5);
    expect(consumers.entries.filter((o) => o.attempt === 1)).toEqual([{ subtask: 2, attempt: 1 }]);
  });

  it("without a restart strategy (the default) the failure fails the job", async () => {
    const error = await env("BATCH", 2)
      .fromCollection(data)
      .keyBy((t) => t[0])
      .sum(1)
      .map(new Probe<[string, number]>(new OpenLog(), 0))
      .executeAndCollect()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(String(error)).toMatch(/injected failure/);
  });

  it.each(["BATCH", "STREAMING"] as const)(
    "%s waits for the fixed-delay backoff on the injected clock before restarting",
    async (mode) => {
      const clock = new ManualClock(1_000_000);
      const consumers = new OpenLog();
      const e = env(mode, 2, {
        "taskmanager.numberOfTaskSlots": "4",
        "restart-strategy": "fixed-delay",
        "restart-strategy.fixed-delay.delay": "10 s",
        "execution.buffer-timeout": "-1",
      });
      const results: [string, number][] = [];
      e.fromCollection(data)
        .keyBy((t) => t[0])
        .sum(1)
        .map(new Probe<[string, number]>(consumers, 0))
        .addSink((v: [string, number]) => {
          results.push(v);
        });
      const executor = new MiniClusterExecutor({ config: {}, clock });
      const client = await executor.execute(e.getPipeline());
      await turnUntil(() => consumers.length === 2);
      // The failure happened; the restart waits for the clock.
      for (let i = 0; i < 200; i++) await new Promise<void>((r) => setImmediate(r));
      clock.advance(9_999);
      for (let i = 0; i < 200; i++) await new Promise<void>((r) => setImmediate(r));
      expect(consumers.entries).toHaveLength(2);
      clock.advance(1);
      await client.getJobExecutionResult();
      expect(consumers.entries.filter((o) => o.attempt === 1).length).toBeGreaterThan(0);
      expect(new Map([...asMap(results)])).toEqual(expected);
    },
  );
});

describe("sorted inputs", () => {
  it("a broadcast input is consumed before the keyed input, which arrives key by key", async () => {
    class Order {
      readonly seen: string[][] = [];
      push(subtask: number, what: string): void {
        const list = this.seen[subtask] ?? [];
        list.push(what);
        this.seen[subtask] = list;
      }
    }
    const order = new Order();
    class Tag implements CoMapFunction<[string, number], string, string> {
      private subtask = 0;
      open(ctx: RuntimeContext): void {
        this.subtask = ctx.getIndexOfThisSubtask();
      }
      map1(v: [string, number]): string {
        order.push(this.subtask, v[0]);
        return v[0];
      }
      map2(v: string): string {
        order.push(this.subtask, `rule:${v}`);
        return v;
      }
    }
    const e = env("BATCH", 2);
    await e
      .fromCollection(data)
      .keyBy((t) => t[0])
      .connect(e.fromElements("r1", "r2", "r3").broadcast())
      .map(new Tag())
      .executeAndCollect();
    const perSubtask = order.seen.filter((x) => x !== undefined);
    expect(perSubtask).toHaveLength(2);
    for (const seen of perSubtask) {
      expect(seen.slice(0, 3)).toEqual(["rule:r1", "rule:r2", "rule:r3"]);
      expect(seen.slice(3).some((s) => s.startsWith("rule:"))).toBe(false);
      expect(contiguous(seen.slice(3))).toBe(true);
    }
  });
});

describe("checkpointing in BATCH", () => {
  it("is ignored with one info line", async () => {
    const lines: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => {
      lines.push(args.map(String).join(" "));
    };
    try {
      const out = await env("BATCH", 1, { "execution.checkpointing.interval": "1 s" })
        .fromCollection(data)
        .keyBy((t) => t[0])
        .sum(1)
        .executeAndCollect();
      expect(out).toHaveLength(50);
    } finally {
      console.error = original;
    }
    const info = lines.filter((l) => /checkpointing/.test(l));
    expect(info).toHaveLength(1);
    expect(info[0]).toMatch(/INFO.*BATCH.*execution\.checkpointing\.interval/);
  });
});
