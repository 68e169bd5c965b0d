import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JobDefinitionError } from "../core/errors.js";
import { loadJobMain, storeArtifact, weirPackageRoot } from "../runtime/artifact/index.js";
import { bundleJob } from "./bundle.js";

let tmp: string;
beforeEach(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "weir-bundle-test-")));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function write(rel: string, text: string): string {
  const file = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

async function failure(promise: Promise<unknown>): Promise<JobDefinitionError> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(JobDefinitionError);
  return e as JobDefinitionError;
}

describe("bundleJob", () => {
  it("reports a missing job file", async () => {
    const e = await failure(bundleJob("jobs/missing.ts", tmp));
    expect(e.message).toBe("job file not found: jobs/missing.ts");
    expect(e.hint).toContain(tmp);
  });

  it("reports a syntax error as file:line:column relative to the working directory", async () => {
    write("jobs/bad.ts", "export default function main() {\n  const a: number = ;\n}\n");
    const e = await failure(bundleJob("jobs/bad.ts", tmp));
    expect(e.message).toBe('jobs/bad.ts:2:21: Unexpected ";"');
    expect(e.hint).toBe("fix the code at that location and run again");
  });

  it("reports an unresolvable import with an install hint", async () => {
    write("job.ts", 'import { x } from "left-pad-nonexistent/sub";\nexport default () => x;\n');
    const e = await failure(bundleJob(path.join(tmp, "job.ts"), tmp));
    expect(e.message).toMatch(/^job\.ts:1:19: Could not resolve "left-pad-nonexistent\/sub"/);
    expect(e.hint).toContain("npm install left-pad-nonexistent");
  });

  it("bundles the job's own dependencies, keeps weir external and maps stacks to TypeScript", async () => {
    write(
      "node_modules/cjs-dep/index.js",
      'const path = require("node:path");\nmodule.exports = { base: (p) => path.basename(p) };\n',
    );
    write("node_modules/cjs-dep/package.json", JSON.stringify({ name: "cjs-dep", main: "index.js" }));
    write("lib/util.ts", 'export function fail(n: number): never {\n  throw new Error("bad " + n);\n}\n');
    const job = write(
      "job.ts",
      [
        'import dep from "cjs-dep";',
        'import { fail } from "./lib/util.js";',
        "interface Args { readonly list: string[] }",
        "export default function main(args: string[]): string {",
        "  const a: Args = { list: args };",
        '  if (a.list[0] === "fail") fail(a.list.length);',
        '  return dep.base("/x/y.txt");',
        "}",
      ].join("\n"),
    );
    const bundle = await bundleJob("job.ts", tmp);
    expect(bundle.entry).toBe(job);
    const text = new TextDecoder().decode(bundle.code);
    expect(text).toContain("sourceMappingURL=data:application/json;base64,");
    const stored = await storeArtifact(bundle.code, path.join(tmp, "artifacts"));
    const main = await loadJobMain(stored.path, "job.ts");
    expect(await main([])).toBe("y.txt");
    const wasEnabled = process.sourceMapsEnabled;
    process.setSourceMapsEnabled(true);
    try {
      const error = (() => {
        try {
          void main(["fail"]);
        } catch (e) {
          return e as Error;
        }
        return undefined;
      })();
      expect(error?.message).toBe("bad 1");
      expect(error?.stack).toContain(`${path.join(tmp, "lib/util.ts")}:2:9`);
      expect(error?.stack).toContain(`${job}:6:`);
    } finally {
      process.setSourceMapsEnabled(wasEnabled);
    }
  });

  it("lets a job outside the repository import weir, resolved to this package", async () => {
    const distEntry = path.join(weirPackageRoot(), "dist", "index.js");
    // The package entry is built by `npm run build`; until it exists and loads, a stub package
    // proves the link.
    const distLoads = await import(pathToFileURL(distEntry).href).then(
      () => true,
      () => false,
    );
    const root = distLoads ? weirPackageRoot() : stubWeir();
    write(
      "job.ts",
      'import * as weir from "weir";\nexport default function main(): unknown {\n  return weir;\n}\n',
    );
    const bundle = await bundleJob("job.ts", tmp);
    expect(new TextDecoder().decode(bundle.code)).toMatch(/from "weir"/);
    const stored = await storeArtifact(bundle.code, path.join(tmp, "artifacts"), { packageRoot: root });
    const imported = await (await loadJobMain(stored.path))([]);
    const entry = root === weirPackageRoot() ? distEntry : path.join(root, "index.js");
    const direct: unknown = await import(pathToFileURL(entry).href);
    expect(imported).toBe(direct);
  });
});

function stubWeir(): string {
  const root = path.join(tmp, "stub-weir");
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(
    path.join(root, "package.json"),
    JSON.stringify({ name: "weir", type: "module", exports: "./index.js" }),
  );
  fs.writeFileSync(path.join(root, "index.js"), "export const stub = true;\n");
  return root;
}
