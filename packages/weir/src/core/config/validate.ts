/**
 * Checks a flat configuration against the option registry (`allOptions()`):
 * - every registered key that is present is parsed now, so a bad value fails at start-up with a
 *   `ConfigError` naming the key and the expected type, not later inside a worker;
 * - every other key yields one warning: a "did you mean" when it looks like a typo of a registered
 *   key, "not used by this version" when it is a Flink key for a feature Weir does not configure
 *   yet, or plain "unknown". Unknown keys are kept in the configuration (later components may read
 *   them), never an error.
 */
import { ConfigError } from "../errors.js";
import { type FlatConfig, readOption } from "./option.js";
import { allOptions } from "./options.js";
import { suggestKey } from "./suggest.js";

/**
 * Flink key families a configuration written for Flink (or for a later Weir) may contain. A key
 * under one of these that is not registered gets the "not used by this version" warning.
 */
const FLINK_KEY_FAMILIES: readonly string[] = [
  "akka",
  "blob",
  "classloader",
  "client",
  "cluster",
  "env",
  "execution",
  "fs",
  "heartbeat",
  "high-availability",
  "historyserver",
  "io.tmp.dirs",
  "jobmanager",
  "kubernetes",
  "metrics",
  "parallelism",
  "pekko",
  "pipeline",
  "resourcemanager",
  "rest",
  "restart-strategy",
  "s3",
  "security",
  "slot",
  "state",
  "table",
  "taskmanager",
  "web",
];

function isFlinkFamily(key: string): boolean {
  return FLINK_KEY_FAMILIES.some((family) => key === family || key.startsWith(`${family}.`));
}

/**
 * Validates `config`. `locate(key)` returns where a key was set (`conf/weir-conf.yaml:3`) or
 * `undefined` (a `-D` property); it prefixes warnings and errors. Returns the warnings; throws the
 * first `ConfigError` for an unparsable value.
 */
export function validateConfiguration(
  config: FlatConfig,
  locate: (key: string) => string | undefined = () => undefined,
): string[] {
  const options = allOptions();
  const known = new Set<string>();
  for (const option of options) {
    known.add(option.key);
    for (const k of option.fallbackKeys ?? []) known.add(k);
  }

  for (const option of options) {
    try {
      readOption(config, option);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      const where = locate(e.key);
      if (where === undefined) throw e;
      throw new ConfigError(e.key, `${where}: ${e.message}`, {
        cause: e,
        hint: `fix '${e.key}' in ${where.replace(/:\d+$/, "")}`,
      });
    }
  }

  const warnings: string[] = [];
  const knownList = [...known];
  for (const key of Object.keys(config)) {
    if (known.has(key)) continue;
    const where = locate(key);
    const prefix = where === undefined ? "" : `${where}: `;
    warnings.push(prefix + unknownKeyMessage(key, knownList));
  }
  return warnings;
}

/** The warning for an unregistered key (exported for the CLI's own checks and for tests). */
export function unknownKeyMessage(key: string, known: readonly string[]): string {
  const suggestion = suggestKey(key, known);
  if (suggestion !== undefined) {
    return `unknown configuration key '${key}' (did you mean '${suggestion}'?)`;
  }
  if (isFlinkFamily(key)) {
    return `configuration key '${key}' is not used by this version of Weir and is ignored`;
  }
  return `unknown configuration key '${key}' is ignored`;
}
