import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { JobDefinitionError } from "../../core/errors.js";
import { loadJobMain } from "./load.js";
import { weirPackageRoot } from "./package-root.js";
import { artifactDirFromConfig, artifactId, defaultArtifactDir, storeArtifact } from "./store.js";

let tmp: string;
beforeEach(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "weir-artifact-test-")));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const encode = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A package named `weir` whose entry exports an object identifying the module instance. */
function stubPackage(name: string): string {
  const root = path.join(tmp, name);
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(
    path.join(root, "package.json"),
    JSON.stringify({ name: "weir", type: "module", exports: { ".": "./index.js", "./extra": "./extra.js" } }),
  );
  fs.writeFileSync(
    path.join(root, "index.js"),
    `export const instance = { stub: ${JSON.stringify(name)} };\n`,
  );
  fs.writeFileSync(path.join(root, "extra.js"), "export const extra = 42;\n");
  return root;
}

const IMPORTING_JOB = [
  'import { instance } from "weir";',
  'import { extra } from "weir/extra";',
  "export default function main(args) { return { instance, extra, args }; }",
].join("\n");

describe("storeArtifact", () => {
  it("addresses artifacts by content and is idempotent", async () => {
    const root = stubPackage("pkg");
    const dir = path.join(tmp, "artifacts");
    const a = await storeArtifact(encode("export default () => 1;\n"), dir, { packageRoot: root });
    const b = await storeArtifact(encode("export default () => 1;\n"), dir, { packageRoot: root });
    const c = await storeArtifact(encode("export default () => 2;\n"), dir, { packageRoot: root });
    expect(a).toEqual(b);
    expect(c.id).not.toBe(a.id);
    expect(a.id).toBe(artifactId(encode("export default () => 1;\n")));
    expect(a.id).toMatch(/^[0-9a-f]{64}$/);
    expect(a.path).toBe(path.join(dir, `${a.id}.mjs`));
    expect(fs.readFileSync(a.path, "utf8")).toBe("export default () => 1;\n");
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("rewrites a truncated artifact file", async () => {
    const root = stubPackage("pkg");
    const dir = path.join(tmp, "artifacts");
    const code = encode("export default () => 'complete';\n");
    const first = await storeArtifact(code, dir, { packageRoot: root });
    fs.writeFileSync(first.path, "export");
    await storeArtifact(code, dir, { packageRoot: root });
    expect(fs.readFileSync(first.path, "utf8")).toBe("export default () => 'complete';\n");
  });

  it("makes a bare import of weir resolve to the given package, one module instance", async () => {
    const root = stubPackage("pkg");
    const stored = await storeArtifact(encode(IMPORTING_JOB), path.join(tmp, "artifacts"), {
      packageRoot: root,
    });
    expect(fs.realpathSync(path.join(tmp, "artifacts", "node_modules", "weir"))).toBe(root);
    const main = await loadJobMain(stored.path);
    const result = (await main(["x"])) as unknown as { instance: unknown; extra: number; args: string[] };
    const direct = (await import(pathToFileURL(path.join(root, "index.js")).href)) as { instance: unknown };
    expect(result.instance).toBe(direct.instance);
    expect(result.extra).toBe(42);
    expect(result.args).toEqual(["x"]);
  });

  it("keeps another installation's link and uses its own subdirectory", async () => {
    const first = stubPackage("first");
    const second = stubPackage("second");
    const dir = path.join(tmp, "artifacts");
    const a = await storeArtifact(encode(IMPORTING_JOB), dir, { packageRoot: first });
    const b = await storeArtifact(encode(IMPORTING_JOB), dir, { packageRoot: second });
    expect(path.dirname(a.path)).toBe(dir);
    expect(path.dirname(b.path)).not.toBe(dir);
    expect(fs.realpathSync(path.join(dir, "node_modules", "weir"))).toBe(first);
    const fromB = (await (await loadJobMain(b.path))([])) as unknown as { instance: { stub: string } };
    expect(fromB.instance.stub).toBe("second");
  });

  it("replaces a dangling link", async () => {
    const dir = path.join(tmp, "artifacts");
    fs.mkdirSync(path.join(dir, "node_modules"), { recursive: true });
    fs.symlinkSync(path.join(tmp, "gone"), path.join(dir, "node_modules", "weir"));
    const root = stubPackage("pkg");
    const stored = await storeArtifact(encode(IMPORTING_JOB), dir, { packageRoot: root });
    expect(path.dirname(stored.path)).toBe(dir);
    expect(fs.realpathSync(path.join(dir, "node_modules", "weir"))).toBe(root);
  });

  it("resolves weir to this package by default", async () => {
    const root = weirPackageRoot();
    expect(JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).name).toBe("weir");
    const stored = await storeArtifact(encode("export default () => 0;\n"), path.join(tmp, "artifacts"));
    expect(fs.realpathSync(path.join(path.dirname(stored.path), "node_modules", "weir"))).toBe(root);
  });

  it("uses blob.storage.directory when configured", () => {
    expect(artifactDirFromConfig({})).toBe(defaultArtifactDir());
    expect(defaultArtifactDir()).toContain(`${path.sep}weir-artifacts-`);
    expect(artifactDirFromConfig({ "blob.storage.directory": tmp })).toBe(tmp);
  });
});

describe("loadJobMain", () => {
  async function load(code: string, name?: string): Promise<unknown> {
    const stored = await storeArtifact(encode(code), path.join(tmp, "artifacts"), {
      packageRoot: stubPackage("pkg"),
    });
    return name === undefined ? loadJobMain(stored.path) : loadJobMain(stored.path, name);
  }

  it("returns the default-exported function", async () => {
    const main = (await load("export default async function main(args) { return args.length; }")) as (
      a: string[],
    ) => Promise<number>;
    expect(await main(["a", "b"])).toBe(2);
  });

  it("rejects a module without a default-exported function", async () => {
    const error = await load("export const main = () => {};", "jobs/nodefault.ts").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobDefinitionError);
    expect((error as JobDefinitionError).message).toBe("jobs/nodefault.ts has no default export main(args)");
    expect((error as JobDefinitionError).hint).toContain(
      "export default async function main(args: string[])",
    );
    await expect(load("export default 42;", "j.ts")).rejects.toThrow("j.ts has no default export main(args)");
  });

  it("classifies a throwing top level as a job definition error", async () => {
    const error = await load('throw new Error("bad top level");', "j.ts").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobDefinitionError);
    expect((error as Error).message).toBe("j.ts failed while loading: bad top level");
  });
});
