/**
 * The real `weir` binary in a child process. It runs the compiled CLI from dist/, so these tests
 * need `npm run build` first (the workspace's test command builds before vitest); without a build
 * the first test fails. Each runs in a fresh temporary directory, so no repository configuration
 * applies.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { weirPackageRoot } from "../runtime/artifact/index.js";

const ROOT = weirPackageRoot();
const BIN = path.join(ROOT, "bin", "weir.js");
const BUILT = fs.existsSync(path.join(ROOT, "dist", "cli", "main.js"));

let tmp: string;
beforeEach(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "weir-bin-test-")));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string[];
}

function weir(args: string[], env: NodeJS.ProcessEnv = {}, bin = BIN): Result {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: tmp,
    env: { ...process.env, WEIR_CONF_DIR: "", ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.split("\n").filter((l) => l !== "") };
}

function write(rel: string, text: string): void {
  const file = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const noStack = (lines: string[]): boolean => lines.every((l) => !/^\s+at /.test(l));

describe("the weir binary", () => {
  it("is built (npm test builds before running vitest)", () => {
    expect(BUILT).toBe(true);
  });

  it("prints its version", () => {
    const r = weir(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^weir \d+\.\d+\.\d+/);
  });

  it("reports a missing job file in one line with a hint, exit 1", () => {
    const r = weir(["run", "missing.ts"]);
    expect(r.code).toBe(1);
    expect(r.stderr[0]).toBe("Error: job file not found: missing.ts");
    expect(r.stderr[1]).toMatch(/^Hint: /);
    expect(r.stderr).toHaveLength(2);
  });

  it("locates a TypeScript syntax error", () => {
    write("jobs/bad.ts", "export default function main(args: string[]) {\n  const n: number = ;\n}\n");
    const r = weir(["run", "jobs/bad.ts"]);
    expect(r.code).toBe(1);
    expect(r.stderr[0]).toBe('Error: jobs/bad.ts:2:21: Unexpected ";"');
    expect(noStack(r.stderr)).toBe(true);
  });

  it("warns about an unknown -D key and carries on", () => {
    const r = weir(["run", "-Dparallelism.defualt=2", "missing.ts"]);
    expect(r.stderr[0]).toBe(
      "Warning: unknown configuration key 'parallelism.defualt' (did you mean 'parallelism.default'?)",
    );
    expect(r.stderr[1]).toBe("Error: job file not found: missing.ts");
  });

  it("rejects a bad -D value naming the key and the expected type", () => {
    write("job.ts", "export default function main() {}\n");
    const r = weir(["run", "-D", "parallelism.default=abc", "job.ts"]);
    expect(r.code).toBe(1);
    expect(r.stderr[0]).toBe(
      "Error: invalid value 'abc' for 'parallelism.default': expected an integer in [1, 32768]",
    );
    expect(noStack(r.stderr)).toBe(true);
  });

  it("locates a YAML error in conf/weir-conf.yaml", () => {
    write("conf/weir-conf.yaml", "parallelism.default: 2\nexecution: [oops\n");
    const r = weir(["run", "job.ts"]);
    expect(r.code).toBe(1);
    expect(r.stderr[0]).toMatch(/^Error: conf\/weir-conf\.yaml:\d+:\d+: /);
  });

  it("fails when WEIR_CONF_DIR names a missing directory", () => {
    const r = weir(["run", "job.ts"], { WEIR_CONF_DIR: path.join(tmp, "nope") });
    expect(r.code).toBe(1);
    expect(r.stderr[0]).toContain("does not exist");
  });

  it("requires a default-exported main", () => {
    write("job.ts", "export const main = () => {};\n");
    const r = weir(["info", "job.ts"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toEqual([
      "Error: job.ts has no default export main(args)",
      "Hint: add `export default async function main(args: string[]) { ... }` to the job file",
    ]);
  });

  it("shows an error thrown by main with its TypeScript lines", () => {
    write(
      "job.ts",
      [
        "interface Options { readonly input?: string }",
        "function parse(args: string[]): Options {",
        "  if (args.length === 0) throw new Error('missing --input');",
        "  return { input: args[0] };",
        "}",
        "export default function main(args: string[]): void {",
        "  parse(args);",
        "}",
      ].join("\n"),
    );
    const r = weir(["info", "job.ts"]);
    expect(r.code).toBe(1);
    expect(r.stderr[0]).toBe("Error: The main method caused an error: missing --input");
    expect(r.stderr[1]).toMatch(/^ {4}at parse \(job\.ts:3:32\)$/);
    expect(r.stderr[2]).toMatch(/^ {4}at main \(job\.ts:7:3\)$/);
    expect(r.stderr).toHaveLength(3);
  });

  it("explains how to build when dist/ is missing", () => {
    const bin = path.join(tmp, "pkg", "bin", "weir.js");
    fs.mkdirSync(path.dirname(bin), { recursive: true });
    fs.copyFileSync(BIN, bin);
    fs.writeFileSync(path.join(tmp, "pkg", "package.json"), JSON.stringify({ name: "weir", type: "module" }));
    const r = weir(["--version"], {}, bin);
    expect(r.code).toBe(2);
    expect(r.stderr[1]).toBe("Hint: run `npm run build` in the weir repository");
  });
});
