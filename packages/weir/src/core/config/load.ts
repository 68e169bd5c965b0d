/**
 * Loads the configuration of a Weir process: `weir-conf.yaml` overlaid with dynamic properties
 * (`-D key=value`), validated against the option registry.
 *
 * Where the file comes from, first match wins:
 * 1. `confDir` (e.g. a CLI flag), 2. the `WEIR_CONF_DIR` environment variable, 3. `<cwd>/conf`.
 * An explicitly named directory (1 or 2) must exist and contain `weir-conf.yaml`; the default
 * location may be absent, which means an empty file.
 *
 * Precedence: dynamic properties override the file. Values are kept as strings; options parse
 * them on read, and `validateConfiguration` has already parsed every registered one, so readers
 * never meet a bad value at run time.
 */
import fs from "node:fs";
import path from "node:path";
import { ConfigError } from "../errors.js";
import { parseConfigYaml } from "./flatten.js";
import type { FlatConfig } from "./option.js";
import { validateConfiguration } from "./validate.js";

export const CONFIG_FILE_NAME = "weir-conf.yaml";
export const ENV_CONF_DIR = "WEIR_CONF_DIR";

export type DynamicProperties = Readonly<Record<string, string>> | readonly (readonly [string, string])[];

export interface LoadConfigurationOptions {
  /** Directory holding `weir-conf.yaml`; overrides `WEIR_CONF_DIR`. */
  readonly confDir?: string;
  /** `-D` properties; they override the file. Later entries win over earlier ones. */
  readonly dynamicProperties?: DynamicProperties;
  /** Environment to read `WEIR_CONF_DIR` from; defaults to `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Base for the default `conf` directory and for relative paths; defaults to `process.cwd()`. */
  readonly cwd?: string;
}

export interface LoadedConfiguration {
  readonly config: FlatConfig;
  /** Human-readable warnings (unknown keys, keys without values), for the launcher to print. */
  readonly warnings: string[];
  /** The file that was read, if any. */
  readonly file?: string;
}

/** Reads, merges and validates the configuration. Throws `ConfigError` for anything invalid. */
export function loadConfiguration(options: LoadConfigurationOptions = {}): LoadedConfiguration {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const file = locateConfigFile(options.confDir, env[ENV_CONF_DIR], cwd);

  const config: Record<string, string> = {};
  const lines = new Map<string, number>();
  const warnings: string[] = [];
  let shownFile = "";
  if (file !== undefined) {
    shownFile = displayPath(file, cwd);
    const parsed = parseConfigYaml(readText(file), shownFile);
    warnings.push(...parsed.warnings);
    for (const entry of parsed.entries) {
      config[entry.key] = entry.value;
      lines.set(entry.key, entry.line);
    }
  }

  for (const [rawKey, value] of dynamicEntries(options.dynamicProperties)) {
    const key = rawKey.trim();
    if (key === "") {
      throw new ConfigError("", `invalid dynamic property '${rawKey}=${value}': the key is empty`, {
        hint: "write dynamic properties as -D key=value, e.g. -D parallelism.default=4",
      });
    }
    config[key] = value;
    lines.delete(key);
  }

  const locate = (key: string): string | undefined => {
    const line = lines.get(key);
    return line === undefined ? undefined : `${shownFile}:${line}`;
  };
  warnings.push(...validateConfiguration(config, locate));
  return file === undefined ? { config, warnings } : { config, warnings, file };
}

/** Splits a `-D` argument `key=value` at the first `=`; throws `ConfigError` without one. */
export function parseDynamicProperty(arg: string): [string, string] {
  const eq = arg.indexOf("=");
  if (eq <= 0 || arg.slice(0, eq).trim() === "") {
    throw new ConfigError(arg, `invalid dynamic property '${arg}': expected key=value`, {
      hint: "write dynamic properties as -D key=value, e.g. -D parallelism.default=4",
    });
  }
  return [arg.slice(0, eq).trim(), arg.slice(eq + 1)];
}

function dynamicEntries(props: DynamicProperties | undefined): (readonly [string, string])[] {
  if (props === undefined) return [];
  if (Array.isArray(props)) return props as (readonly [string, string])[];
  return Object.entries(props as Readonly<Record<string, string>>);
}

function locateConfigFile(
  confDir: string | undefined,
  envDir: string | undefined,
  cwd: string,
): string | undefined {
  const explicit = confDir ?? (envDir !== undefined && envDir !== "" ? envDir : undefined);
  if (explicit === undefined) {
    const candidate = path.join(cwd, "conf", CONFIG_FILE_NAME);
    return fs.existsSync(candidate) ? candidate : undefined;
  }
  const source = confDir !== undefined ? "configuration directory" : ENV_CONF_DIR;
  const dir = path.resolve(cwd, explicit);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new ConfigError("", `${source} '${explicit}' does not exist or is not a directory`, {
      hint:
        confDir !== undefined
          ? `give the directory that contains ${CONFIG_FILE_NAME}`
          : `point ${ENV_CONF_DIR} at the directory that contains ${CONFIG_FILE_NAME}, or unset it`,
    });
  }
  const file = path.join(dir, CONFIG_FILE_NAME);
  if (!fs.existsSync(file)) {
    throw new ConfigError("", `configuration file '${displayPath(file, cwd)}' does not exist`, {
      hint: `create ${CONFIG_FILE_NAME} in '${explicit}' or unset ${ENV_CONF_DIR}`,
    });
  }
  return file;
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new ConfigError("", `cannot read configuration file '${file}': ${reason}`, {
      cause: e,
      hint: "check that the file is readable",
    });
  }
}

/** A path relative to `cwd` when it lies below it, else absolute: what users recognise. */
function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}
