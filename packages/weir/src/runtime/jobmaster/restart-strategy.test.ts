import { describe, expect, it } from "vitest";
import { ConfigError } from "../../core/errors.js";
import {
  checkpointingConfigured,
  ExponentialDelayRestartStrategy,
  FailureRateRestartStrategy,
  FixedDelayRestartStrategy,
  NoRestartStrategy,
  restartStrategyFrom,
} from "./restart-strategy.js";

describe("restart strategies", () => {
  it("defaults to none without checkpointing and to unlimited fixed-delay with it", () => {
    expect(restartStrategyFrom({}, false)).toBeInstanceOf(NoRestartStrategy);
    const withCp = restartStrategyFrom({}, true);
    expect(withCp).toBeInstanceOf(FixedDelayRestartStrategy);
    for (let i = 0; i < 1000; i++) withCp.notifyFailure(i);
    expect(withCp.canRestart()).toBe(true);
    expect(withCp.getBackoffTime()).toBe(1000);
    expect(checkpointingConfigured({ "execution.checkpointing.interval": "10 s" })).toBe(true);
    expect(checkpointingConfigured({ "execution.checkpointing.interval": "0" })).toBe(false);
    expect(checkpointingConfigured({})).toBe(false);
  });

  it("parses every alias of Flink's restart-strategy values", () => {
    for (const none of ["none", "off", "disable", "NONE"])
      expect(restartStrategyFrom({ "restart-strategy": none }, true)).toBeInstanceOf(NoRestartStrategy);
    for (const fixed of ["fixed-delay", "fixeddelay"])
      expect(restartStrategyFrom({ "restart-strategy": fixed }, false)).toBeInstanceOf(
        FixedDelayRestartStrategy,
      );
    for (const rate of ["failure-rate", "failurerate"])
      expect(restartStrategyFrom({ "restart-strategy": rate }, false)).toBeInstanceOf(
        FailureRateRestartStrategy,
      );
    for (const exp of ["exponential-delay", "exponentialdelay"])
      expect(restartStrategyFrom({ "restart-strategy": exp }, false)).toBeInstanceOf(
        ExponentialDelayRestartStrategy,
      );
    expect(() => restartStrategyFrom({ "restart-strategy": "sometimes" }, false)).toThrow(ConfigError);
    expect(() =>
      restartStrategyFrom(
        { "restart-strategy": "fixed-delay", "restart-strategy.fixed-delay.delay": "soon" },
        false,
      ),
    ).toThrow(/restart-strategy.fixed-delay.delay/);
  });

  it("fixed-delay: Flink's defaults (1 attempt, 1 s), then the configured ones", () => {
    const d = restartStrategyFrom({ "restart-strategy": "fixed-delay" }, false);
    d.notifyFailure(0);
    expect(d.canRestart()).toBe(true);
    expect(d.getBackoffTime()).toBe(1000);
    d.notifyFailure(1);
    expect(d.canRestart()).toBe(false);
    const c = restartStrategyFrom(
      {
        "restart-strategy": "fixed-delay",
        "restart-strategy.fixed-delay.attempts": "3",
        "restart-strategy.fixed-delay.delay": "250 ms",
      },
      false,
    );
    for (let i = 0; i < 3; i++) {
      c.notifyFailure(i);
      expect(c.canRestart()).toBe(true);
    }
    expect(c.getBackoffTime()).toBe(250);
    c.notifyFailure(4);
    expect(c.canRestart()).toBe(false);
  });

  it("failure-rate: counts failures within the interval", () => {
    const r = restartStrategyFrom(
      {
        "restart-strategy": "failure-rate",
        "restart-strategy.failure-rate.max-failures-per-interval": "2",
        "restart-strategy.failure-rate.failure-rate-interval": "10 s",
        "restart-strategy.failure-rate.delay": "2 s",
      },
      false,
    );
    r.notifyFailure(0);
    r.notifyFailure(5_000);
    expect(r.canRestart()).toBe(true);
    expect(r.getBackoffTime()).toBe(2000);
    r.notifyFailure(9_000);
    expect(r.canRestart()).toBe(false);
    r.notifyFailure(20_000);
    expect(r.canRestart()).toBe(true);
  });

  it("exponential-delay: doubles up to the max, resets after the threshold, jitters within the factor", () => {
    const e = new ExponentialDelayRestartStrategy(1000, 5000, 2, 60_000, 0, () => 0.5);
    const delays: number[] = [];
    for (let t = 0; t < 5; t++) {
      e.notifyFailure(t * 100);
      delays.push(e.getBackoffTime());
    }
    expect(delays).toEqual([1000, 2000, 4000, 5000, 5000]);
    e.notifyFailure(1_000_000);
    expect(e.getBackoffTime()).toBe(1000);
    expect(e.canRestart()).toBe(true);
    const jittered = restartStrategyFrom({ "restart-strategy": "exponential-delay" }, false, () => 1);
    jittered.notifyFailure(0);
    expect(jittered.getBackoffTime()).toBe(1100);
  });
});
