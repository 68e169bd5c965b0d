/**
 * `env.getConfig()` (Flink's `ExecutionConfig`): typed access to the job-level settings, stored in
 * the environment's flat configuration under Flink's keys, so that what a program sets travels
 * with the JobGraph (`settings.config`) like a `-D` option would.
 */
import { type ConfigOption, readOption } from "../core/config/option.js";
import { CoreOptions } from "../core/config/options.js";
import { JobDefinitionError } from "../core/errors.js";
import { checkParallelism } from "./operator-settings.js";

export class ExecutionConfig {
  /** @internal Views the environment's mutable configuration. */
  constructor(private readonly config: Record<string, string>) {}

  getParallelism(): number {
    return this.read(CoreOptions.DEFAULT_PARALLELISM);
  }

  setParallelism(parallelism: number): this {
    checkParallelism("environment", "setParallelism", parallelism);
    return this.set(CoreOptions.DEFAULT_PARALLELISM.key, String(parallelism));
  }

  /** -1 when derived from each operator's parallelism (Flink's default rule). */
  getMaxParallelism(): number {
    return this.read(CoreOptions.MAX_PARALLELISM);
  }

  setMaxParallelism(maxParallelism: number): this {
    checkParallelism("environment", "setMaxParallelism", maxParallelism);
    return this.set(CoreOptions.MAX_PARALLELISM.key, String(maxParallelism));
  }

  getAutoWatermarkInterval(): number {
    return this.read(CoreOptions.AUTO_WATERMARK_INTERVAL);
  }

  /** Interval of periodic watermarks in ms; 0 disables them. */
  setAutoWatermarkInterval(intervalMs: number): this {
    if (!Number.isInteger(intervalMs) || intervalMs < 0) {
      throw new JobDefinitionError(
        `setAutoWatermarkInterval(${intervalMs}) needs an integer number of ms >= 0`,
      );
    }
    return this.set(CoreOptions.AUTO_WATERMARK_INTERVAL.key, String(intervalMs));
  }

  isObjectReuseEnabled(): boolean {
    return this.read(CoreOptions.OBJECT_REUSE);
  }

  enableObjectReuse(): this {
    return this.set(CoreOptions.OBJECT_REUSE.key, "true");
  }

  disableObjectReuse(): this {
    return this.set(CoreOptions.OBJECT_REUSE.key, "false");
  }

  /** A raw configuration value (flat dotted key). */
  get(key: string): string | undefined {
    return this.config[key];
  }

  /** Sets a raw configuration value (flat dotted key), as `-D key=value` would. */
  set(key: string, value: string): this {
    this.config[key] = value;
    return this;
  }

  /** A copy of the effective configuration. */
  toMap(): Record<string, string> {
    return { ...this.config };
  }

  private read<T>(option: ConfigOption<T>): T {
    return readOption(this.config, option);
  }
}
