/**
 * Turns the CLI's configuration flags into the job's configuration: `weir-conf.yaml`, then each
 * `-D key=value` in order, then `-p N` (as `parallelism.default`) and `-d` (as
 * `execution.attached: false`), the way Flink's CLI maps its flags onto configuration.
 * Warnings go to stderr as `Warning: …` and never stop the command.
 */
import { loadConfiguration, parseDynamicProperty } from "../core/config/load.js";
import type { FlatConfig } from "../core/config/option.js";
import { CoreOptions, DeploymentOptions } from "../core/config/options.js";
import { ConfigError } from "../core/errors.js";
import type { CliIO } from "./io.js";

/** Flags shared by the commands that take a job. */
export interface JobCommandFlags {
  /** `-D key=value` arguments in order (absent when none was given). */
  readonly D?: readonly string[];
  readonly parallelism?: string;
  readonly detached?: boolean;
  readonly verbose?: boolean;
}

/** The `-D`, `-p` and `-d` flags as ordered dynamic properties. Throws `ConfigError` for bad ones. */
export function dynamicPropertiesOf(flags: JobCommandFlags): [string, string][] {
  const props = (flags.D ?? []).map(parseDynamicProperty);
  if (flags.parallelism !== undefined) {
    const p = flags.parallelism.trim();
    if (!/^\d+$/.test(p) || Number(p) < 1) {
      throw new ConfigError(
        CoreOptions.DEFAULT_PARALLELISM.key,
        `invalid value '${flags.parallelism}' for -p: expected a positive integer`,
        {
          hint: "give the parallelism as a number, e.g. -p 4",
        },
      );
    }
    props.push([CoreOptions.DEFAULT_PARALLELISM.key, p]);
  }
  if (flags.detached === true) props.push([DeploymentOptions.ATTACHED.key, "false"]);
  return props;
}

/** Loads the configuration for a command and prints its warnings. */
export function loadCliConfiguration(flags: JobCommandFlags, io: CliIO): FlatConfig {
  const { config, warnings } = loadConfiguration({
    dynamicProperties: dynamicPropertiesOf(flags),
    env: io.env,
    cwd: io.cwd,
  });
  for (const warning of warnings) io.err(`Warning: ${warning}`);
  return config;
}
