import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { parseConfigYaml } from "./flatten.js";
import { loadConfiguration, parseDynamicProperty } from "./load.js";
import { readOption } from "./option.js";
import { CoreOptions } from "./options.js";
import { editDistance, suggestKey } from "./suggest.js";
import { unknownKeyMessage } from "./validate.js";

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "weir-conf-test-"));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function writeConf(text: string, dir = path.join(tmp, "conf")): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "weir-conf.yaml"), text);
  return dir;
}

function thrown(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfigYaml", () => {
  it("flattens flat keys, nested maps and mixes to dotted keys with source text values", () => {
    const { entries } = parseConfigYaml(
      [
        "parallelism.default: 4",
        "execution:",
        "  runtime-mode: BATCH",
        "  buffer-timeout: 0.10 s",
        "taskmanager:",
        "  memory.segment-size: 32kb",
        "pipeline.operator-chaining: false",
        "env.java.opts: [-Xmx1g, -Da=b]",
        "maps: [{a: 1, b: 2}, {c: 3}]",
        'quoted: "a: b"',
      ].join("\n"),
      "weir-conf.yaml",
    );
    expect(Object.fromEntries(entries.map((e) => [e.key, e.value]))).toEqual({
      "parallelism.default": "4",
      "execution.runtime-mode": "BATCH",
      "execution.buffer-timeout": "0.10 s",
      "taskmanager.memory.segment-size": "32kb",
      "pipeline.operator-chaining": "false",
      "env.java.opts": "-Xmx1g;-Da=b",
      maps: "a:1,b:2;c:3",
      quoted: "a: b",
    });
    expect(entries.find((e) => e.key === "execution.runtime-mode")?.line).toBe(3);
  });

  it("skips keys without a value with a located warning", () => {
    const { entries, warnings } = parseConfigYaml("a: 1\nb:\nc: null\nd: ''\n", "conf/weir-conf.yaml");
    expect(entries.map((e) => e.key)).toEqual(["a", "d"]);
    expect(warnings).toEqual([
      "conf/weir-conf.yaml:2:1: configuration key 'b' has no value and is ignored",
      "conf/weir-conf.yaml:3:1: configuration key 'c' has no value and is ignored",
    ]);
  });

  it("treats an empty or comment-only file as empty", () => {
    expect(parseConfigYaml("", "f").entries).toEqual([]);
    expect(parseConfigYaml("# nothing\n# here\n", "f").entries).toEqual([]);
  });

  it("reports YAML syntax errors with file:line:column", () => {
    const e = thrown(() => parseConfigYaml("a: 1\nb: [1, 2\nc: 3\n", "conf/weir-conf.yaml"));
    expect(e.message).toMatch(/^conf\/weir-conf\.yaml:\d+:\d+: /);
    expect(e.message).not.toContain("\n");
    const bad = thrown(() => parseConfigYaml("a: 1\n  b: 2\n", "x.yaml"));
    expect(bad.message).toMatch(/^x\.yaml:1:4: /);
  });

  it("rejects duplicate keys, also across flat and nested spellings", () => {
    expect(thrown(() => parseConfigYaml("a: 1\na: 2\n", "f")).message).toMatch(
      /^f:2:1: Map keys must be unique/,
    );
    const e = thrown(() => parseConfigYaml("parallelism.default: 1\nparallelism:\n  default: 2\n", "f"));
    expect(e.message).toBe("f:3:3: configuration key 'parallelism.default' is already defined on line 1");
  });

  it("rejects a top level that is not a map", () => {
    expect(thrown(() => parseConfigYaml("- a\n- b\n", "f")).message).toBe(
      "f:1:1: expected a map of configuration keys at the top level",
    );
  });
});

describe("loadConfiguration", () => {
  it("reads <cwd>/conf by default and is empty when it is absent", () => {
    expect(loadConfiguration({ cwd: tmp, env: {} })).toEqual({ config: {}, warnings: [] });
    writeConf("parallelism.default: 3\n");
    const loaded = loadConfiguration({ cwd: tmp, env: {} });
    expect(loaded.config).toEqual({ "parallelism.default": "3" });
    expect(loaded.file).toBe(path.join(tmp, "conf", "weir-conf.yaml"));
  });

  it("prefers confDir over WEIR_CONF_DIR over <cwd>/conf", () => {
    writeConf("parallelism.default: 1\n");
    const envDir = writeConf("parallelism.default: 2\n", path.join(tmp, "env"));
    const flagDir = writeConf("parallelism.default: 3\n", path.join(tmp, "flag"));
    const env = { WEIR_CONF_DIR: envDir };
    expect(loadConfiguration({ cwd: tmp, env: {} }).config["parallelism.default"]).toBe("1");
    expect(loadConfiguration({ cwd: tmp, env }).config["parallelism.default"]).toBe("2");
    expect(loadConfiguration({ cwd: tmp, env, confDir: flagDir }).config["parallelism.default"]).toBe("3");
  });

  it("fails when an explicitly named directory or its file is missing", () => {
    const missingDir = thrown(() => loadConfiguration({ cwd: tmp, env: { WEIR_CONF_DIR: "nope" } }));
    expect(missingDir.message).toBe("WEIR_CONF_DIR 'nope' does not exist or is not a directory");
    fs.mkdirSync(path.join(tmp, "empty"));
    const missingFile = thrown(() => loadConfiguration({ cwd: tmp, env: {}, confDir: "empty" }));
    expect(missingFile.message).toBe("configuration file 'empty/weir-conf.yaml' does not exist");
  });

  it("lets dynamic properties override the file, in order", () => {
    writeConf("parallelism.default: 2\npipeline.name: from-file\n");
    const fromRecord = loadConfiguration({
      cwd: tmp,
      env: {},
      dynamicProperties: { "parallelism.default": "5" },
    });
    expect(fromRecord.config).toEqual({ "parallelism.default": "5", "pipeline.name": "from-file" });
    const fromPairs = loadConfiguration({
      cwd: tmp,
      env: {},
      dynamicProperties: [
        ["parallelism.default", "6"],
        ["parallelism.default", "7"],
      ],
    });
    expect(fromPairs.config["parallelism.default"]).toBe("7");
    expect(readOption(fromPairs.config, CoreOptions.DEFAULT_PARALLELISM)).toBe(7);
  });

  it("rejects a bad value naming the key and the expected type", () => {
    const fromFlag = thrown(() =>
      loadConfiguration({ cwd: tmp, env: {}, dynamicProperties: { "parallelism.default": "abc" } }),
    );
    expect(fromFlag.key).toBe("parallelism.default");
    expect(fromFlag.message).toBe(
      "invalid value 'abc' for 'parallelism.default': expected an integer in [1, 32768]",
    );
    writeConf("# comment\nexecution:\n  runtime-mode: FAST\n");
    const fromFile = thrown(() => loadConfiguration({ cwd: tmp, env: {} }));
    expect(fromFile.message).toBe(
      "conf/weir-conf.yaml:3: invalid value 'FAST' for 'execution.runtime-mode': expected one of STREAMING, BATCH, AUTOMATIC",
    );
    expect(fromFile.hint).toBe("fix 'execution.runtime-mode' in conf/weir-conf.yaml");
  });

  it("warns about unknown keys with a suggestion and their location", () => {
    writeConf("parallelism.defualt: 4\nkubernetes.cluster-id: demo\n");
    const { config, warnings } = loadConfiguration({
      cwd: tmp,
      env: {},
      dynamicProperties: { "taskmanager.numberOfTaskSlot": "2", "my.own.key": "x" },
    });
    expect(warnings).toEqual([
      "conf/weir-conf.yaml:1: unknown configuration key 'parallelism.defualt' (did you mean 'parallelism.default'?)",
      "conf/weir-conf.yaml:2: configuration key 'kubernetes.cluster-id' is not used by this version of Weir and is ignored",
      "unknown configuration key 'taskmanager.numberOfTaskSlot' (did you mean 'taskmanager.numberOfTaskSlots'?)",
      "unknown configuration key 'my.own.key' is ignored",
    ]);
    expect(config["kubernetes.cluster-id"]).toBe("demo");
  });

  it("reports YAML errors of the file relative to the working directory", () => {
    writeConf("a: [1\n");
    expect(thrown(() => loadConfiguration({ cwd: tmp, env: {} })).message).toMatch(
      /^conf\/weir-conf\.yaml:2:1: /,
    );
  });
});

describe("dynamic properties and suggestions", () => {
  it("splits -D arguments at the first '='", () => {
    expect(parseDynamicProperty("a.b=c=d")).toEqual(["a.b", "c=d"]);
    expect(parseDynamicProperty("a.b=")).toEqual(["a.b", ""]);
    expect(thrown(() => parseDynamicProperty("a.b")).message).toBe(
      "invalid dynamic property 'a.b': expected key=value",
    );
    expect(() => parseDynamicProperty("=x")).toThrow(ConfigError);
  });

  it("counts a transposition as one edit", () => {
    expect(editDistance("defualt", "default")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("suggests close keys, dotted-prefix completions, and nothing for distant keys", () => {
    const known = ["parallelism.default", "execution.runtime-mode", "pipeline.name"];
    expect(suggestKey("Parallelism.Default", known)).toBe("parallelism.default");
    expect(suggestKey("execution.runtime-mod", known)).toBe("execution.runtime-mode");
    expect(suggestKey("parallelism", known)).toBe("parallelism.default");
    expect(suggestKey("state.backend", known)).toBeUndefined();
  });

  it("says Flink keys of later features are not used rather than unknown", () => {
    expect(unknownKeyMessage("high-availability", ["parallelism.default"])).toBe(
      "configuration key 'high-availability' is not used by this version of Weir and is ignored",
    );
    expect(unknownKeyMessage("state.checkpoints.dir", ["parallelism.default"])).toContain("not used");
  });
});
