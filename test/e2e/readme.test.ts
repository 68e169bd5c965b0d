/**
 * The README's quick start: its two commands are exactly the install+WordCount and test commands,
 * and its job example type-checks under the project's strict settings and runs.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { lines, REPO_ROOT, runWeir, splitPrefix } from "../helpers/cli.js";

const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");

describe("README", () => {
  it("opens with exactly two commands: install and run WordCount, then the test suite", () => {
    const first = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? "";
    const commands = first.split("\n").filter((l) => l.trim() !== "");
    expect(commands).toHaveLength(2);
    expect(commands[0]).toMatch(/^npm ci && npx weir run .*examples\/wordcount\.ts$/);
    expect(commands[1]).toBe("npm test");
  });

  it("shows a job example that type-checks and runs", async () => {
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toBeDefined();
    const dir = path.join(REPO_ROOT, "test/.tmp");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "readme-job.ts");
    writeFileSync(file, code!);

    const base = ts.readConfigFile(path.join(REPO_ROOT, "tsconfig.base.json"), ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(base.config, ts.sys, REPO_ROOT);
    const program = ts.createProgram([file], { ...parsed.options, noEmit: true });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName === file)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(diagnostics).toEqual([]);

    const r = await runWeir(["run", "-p", "2", file]);
    expect(r.code).toBe(0);
    const counts = lines(r.stdout).map((l) => splitPrefix(l).text);
    expect(counts.sort()).toEqual(["(be,1)", "(be,2)", "(not,1)", "(or,1)", "(to,1)", "(to,2)"]);
  });
});
