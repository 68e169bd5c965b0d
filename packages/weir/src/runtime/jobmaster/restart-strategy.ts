/**
 * Restart strategies (Flink's `RestartBackoffTimeStrategy` family, same keys and defaults as
 * `RestartStrategyOptions`, flink-facts §C):
 * - `none` / `off` / `disable`: never restart;
 * - `fixed-delay`: at most `attempts` restarts (default 1), each after `delay` (1 s);
 * - `failure-rate`: restart after `delay` (1 s) unless more than `max-failures-per-interval` (1)
 *   failures happened within `failure-rate-interval` (1 min);
 * - `exponential-delay`: always restart, after `initial-backoff` (1 s) multiplied by
 *   `backoff-multiplier` (2.0) per failure up to `max-backoff` (5 min), ± `jitter-factor` (0.1);
 *   a failure more than `reset-backoff-threshold` (1 h) after the previous one starts over.
 * - unset: `none` without checkpointing, fixed-delay with unlimited attempts and 1 s with it.
 *
 * Protocol (one per job, used from the JobMaster's mailbox): on each failure call
 * `notifyFailure(now)`, then `canRestart()`; if true, restart after `getBackoffTime()` ms of the
 * injected clock.
 */
import { readOption } from "../../core/config/option.js";
import { RestartOptions } from "../../core/config/options.js";

export interface RestartBackoffTimeStrategy {
  /** The strategy's name and parameters, for messages. */
  readonly description: string;
  notifyFailure(timestamp: number): void;
  canRestart(): boolean;
  /** Delay before the restart, in ms. */
  getBackoffTime(): number;
}

export class NoRestartStrategy implements RestartBackoffTimeStrategy {
  readonly description = "restart-strategy none";
  notifyFailure(): void {}
  canRestart(): boolean {
    return false;
  }
  getBackoffTime(): number {
    return 0;
  }
}

export class FixedDelayRestartStrategy implements RestartBackoffTimeStrategy {
  private failures = 0;
  readonly description: string;

  constructor(
    private readonly attempts: number,
    private readonly delayMs: number,
  ) {
    this.description = `restart-strategy fixed-delay (attempts ${attempts === Number.MAX_SAFE_INTEGER ? "unlimited" : attempts}, delay ${delayMs} ms)`;
  }

  notifyFailure(): void {
    this.failures++;
  }
  canRestart(): boolean {
    return this.failures <= this.attempts;
  }
  getBackoffTime(): number {
    return this.delayMs;
  }
}

export class FailureRateRestartStrategy implements RestartBackoffTimeStrategy {
  private readonly failures: number[] = [];
  readonly description: string;

  constructor(
    private readonly maxFailuresPerInterval: number,
    private readonly intervalMs: number,
    private readonly delayMs: number,
  ) {
    this.description = `restart-strategy failure-rate (max ${maxFailuresPerInterval} failures per ${intervalMs} ms, delay ${delayMs} ms)`;
  }

  notifyFailure(timestamp: number): void {
    this.failures.push(timestamp);
    while (this.failures.length > 0 && this.failures[0]! <= timestamp - this.intervalMs)
      this.failures.shift();
  }
  canRestart(): boolean {
    return this.failures.length <= this.maxFailuresPerInterval;
  }
  getBackoffTime(): number {
    return this.delayMs;
  }
}

export class ExponentialDelayRestartStrategy implements RestartBackoffTimeStrategy {
  private current: number;
  private lastFailure: number | undefined;
  readonly description: string;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
    private readonly multiplier: number,
    private readonly resetThresholdMs: number,
    private readonly jitter: number,
    private readonly random: () => number = Math.random,
  ) {
    this.current = initialMs;
    this.description = `restart-strategy exponential-delay (initial ${initialMs} ms, max ${maxMs} ms, x${multiplier})`;
  }

  notifyFailure(timestamp: number): void {
    if (this.lastFailure === undefined || timestamp - this.lastFailure >= this.resetThresholdMs) {
      this.current = this.initialMs;
    } else {
      this.current = Math.min(this.maxMs, this.current * this.multiplier);
    }
    this.lastFailure = timestamp;
  }
  canRestart(): boolean {
    return true;
  }
  getBackoffTime(): number {
    const spread = this.current * this.jitter;
    const jittered = this.current + (this.random() * 2 - 1) * spread;
    return Math.max(0, Math.min(this.maxMs, Math.round(jittered)));
  }
}

/** Whether the configuration enables checkpointing (a positive `execution.checkpointing.interval`). */
export function checkpointingConfigured(config: Readonly<Record<string, string>>): boolean {
  const raw = config["execution.checkpointing.interval"];
  return raw !== undefined && raw.trim() !== "" && !/^(-|0\s*[a-z]*$)/i.test(raw.trim());
}

/**
 * The job's strategy from its configuration. `checkpointing` says whether checkpointing is on
 * (it decides the default); BATCH passes false, as checkpointing is off there.
 */
export function restartStrategyFrom(
  config: Readonly<Record<string, string>>,
  checkpointing: boolean,
  random?: () => number,
): RestartBackoffTimeStrategy {
  const configured = config[RestartOptions.STRATEGY.key] !== undefined;
  if (!configured) {
    return checkpointing
      ? new FixedDelayRestartStrategy(Number.MAX_SAFE_INTEGER, 1000)
      : new NoRestartStrategy();
  }
  switch (readOption(config, RestartOptions.STRATEGY)) {
    case "none":
    case "off":
    case "disable":
      return new NoRestartStrategy();
    case "fixed-delay":
    case "fixeddelay":
      return new FixedDelayRestartStrategy(
        readOption(config, RestartOptions.FIXED_DELAY_ATTEMPTS),
        readOption(config, RestartOptions.FIXED_DELAY_DELAY),
      );
    case "failure-rate":
    case "failurerate":
      return new FailureRateRestartStrategy(
        readOption(config, RestartOptions.FAILURE_RATE_MAX_FAILURES),
        readOption(config, RestartOptions.FAILURE_RATE_INTERVAL),
        readOption(config, RestartOptions.FAILURE_RATE_DELAY),
      );
    case "exponential-delay":
    case "exponentialdelay":
      return new ExponentialDelayRestartStrategy(
        readOption(config, RestartOptions.EXPONENTIAL_INITIAL_BACKOFF),
        readOption(config, RestartOptions.EXPONENTIAL_MAX_BACKOFF),
        readOption(config, RestartOptions.EXPONENTIAL_MULTIPLIER),
        readOption(config, RestartOptions.EXPONENTIAL_RESET_THRESHOLD),
        readOption(config, RestartOptions.EXPONENTIAL_JITTER),
        random,
      );
  }
}
