import { describe, expect, it } from "vitest";
import { JobDefinitionError } from "../../core/errors.js";
import type { RuntimeContext } from "../contract.js";
import type { Collector } from "../functions.js";
import { MapStateDescriptor, ValueStateDescriptor } from "../state/keyed-state-backend.js";
import { OperatorTestHarness } from "../testing/harness.js";
import type {
  BroadcastContext,
  BroadcastProcessFunction,
  BroadcastReadOnlyContext,
  KeyedBroadcastContext,
  KeyedBroadcastOnTimerContext,
  KeyedBroadcastProcessFunction,
  KeyedBroadcastReadOnlyContext,
} from "./broadcast-functions.js";
import { CoBroadcastOperator } from "./co-broadcast-operator.js";

const rules = new MapStateDescriptor<string, number>("rules");

describe("BroadcastProcessFunction", () => {
  it("the broadcast side writes the state; the other side reads it and cannot write", async () => {
    class Thresholds implements BroadcastProcessFunction<number, [string, number], string> {
      processElement(value: number, ctx: BroadcastReadOnlyContext, out: Collector<string>): void {
        const limit = ctx.getBroadcastState(rules).get("max");
        out.collect(limit === undefined ? `${value}:no-rule` : `${value}:${value > limit ? "over" : "ok"}`);
        expect((ctx.getBroadcastState(rules) as { put?: unknown }).put).toBeUndefined();
      }
      processBroadcastElement(rule: [string, number], ctx: BroadcastContext): void {
        ctx.getBroadcastState(rules).put(rule[0], rule[1]);
      }
    }
    const op = new CoBroadcastOperator<number, [string, number], string>(new Thresholds(), [
      rules as MapStateDescriptor<unknown, unknown>,
    ]);
    const h = new OperatorTestHarness<number, string, [string, number]>(op);
    await h.open();
    h.processElement(5);
    h.processElement2(["max", 10]);
    h.processElement(5);
    h.processElement(50);
    expect(h.getOutput()).toEqual(["5:no-rule", "5:ok", "50:over"]);
    expect([...h.operatorStateStore.getBroadcastState(rules).entries()]).toEqual([["max", 10]]);
  });

  it("asking for an undeclared broadcast state is a JobDefinitionError", async () => {
    const op = new CoBroadcastOperator<number, number, string>(
      {
        processElement(_v: number, ctx: BroadcastReadOnlyContext) {
          ctx.getBroadcastState(new MapStateDescriptor<string, number>("other"));
        },
        processBroadcastElement() {},
      },
      [rules as MapStateDescriptor<unknown, unknown>],
    );
    const h = new OperatorTestHarness<number, string, number>(op);
    await h.open();
    expect(() => h.processElement(1)).toThrow(JobDefinitionError);
  });
});

describe("KeyedBroadcastProcessFunction", () => {
  it("keyed state and timers on the keyed side; applyToKeyedState on the broadcast side", async () => {
    const seen = new ValueStateDescriptor<number>("seen", 0);
    class Fn implements KeyedBroadcastProcessFunction<string, [string, number], string, string> {
      processElement(
        value: [string, number],
        ctx: KeyedBroadcastReadOnlyContext<string>,
        out: Collector<string>,
      ): void {
        const state = this.stateRef!;
        state.update((state.value() ?? 0) + value[1]);
        ctx.timerService().registerEventTimeTimer(100);
        out.collect(`${ctx.getCurrentKey()}:${state.value()}`);
      }
      processBroadcastElement(command: string, ctx: KeyedBroadcastContext, out: Collector<string>): void {
        if (command === "reset") {
          ctx.applyToKeyedState(seen, (key, state) => {
            out.collect(`reset ${String(key)} from ${state.value()}`);
            state.clear();
          });
        }
      }
      onTimer(ts: number, ctx: KeyedBroadcastOnTimerContext<string>, out: Collector<string>): void {
        out.collect(`timer ${ctx.getCurrentKey()}@${ts} ${ctx.timeDomain()}`);
      }
      private stateRef: { update(v: number): void; value(): number | undefined } | undefined;
      open(rc: RuntimeContext): void {
        this.stateRef = rc.getState(seen);
      }
    }
    const op = new CoBroadcastOperator<[string, number], string, string>(
      new Fn() as KeyedBroadcastProcessFunction<unknown, [string, number], string, string>,
      [],
      (v) => v[0],
    );
    const h = new OperatorTestHarness<[string, number], string, string>(op);
    await h.open();
    h.processElement(["a", 1]);
    h.processElement(["b", 2]);
    h.processElement(["a", 3]);
    h.processElement2("reset");
    h.processWatermark(100);
    expect(h.getOutput()).toEqual([
      "a:1",
      "b:2",
      "a:4",
      "reset a from 4",
      "reset b from 2",
      "timer a@100 EVENT_TIME",
      "timer b@100 EVENT_TIME",
    ]);
    expect(h.numKeyedStateEntries()).toBe(0);
  });
});
