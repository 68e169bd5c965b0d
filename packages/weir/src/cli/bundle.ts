/**
 * Bundles a job file into one ES module, the job's artifact (Flink's job JAR).
 *
 * Guarantees: the bundle contains the job and every npm dependency it imports, except `weir`
 * itself (`weir`, `weir/*`), which stays a bare import so the job shares the runtime's module
 * instance (see runtime/artifact). Node built-ins stay imports. The bundle carries an inline source
 * map with the sources, whose paths are absolute `file:` URLs, so stack traces point at the job's
 * TypeScript lines wherever the artifact is stored. CommonJS dependencies can `require()` Node
 * built-ins through a `require` created for the artifact's location.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type BuildFailure, build, type Message } from "esbuild";
import { JobDefinitionError } from "../core/errors.js";

export interface JobBundle {
  /** The bundled ES module. */
  readonly code: Uint8Array;
  /** Absolute path of the job file the bundle was built from. */
  readonly entry: string;
}

/** esbuild's ESM output turns CommonJS `require` calls into a shim that needs a real `require`. */
const REQUIRE_BANNER =
  'import { createRequire as __weirCreateRequire } from "node:module";\n' +
  "const require = __weirCreateRequire(import.meta.url);";

/**
 * Bundles `jobFile` (resolved against `cwd`). Throws `JobDefinitionError` when the file does not
 * exist or does not compile; the message leads with `file:line:column` relative to `cwd`.
 */
export async function bundleJob(jobFile: string, cwd: string = process.cwd()): Promise<JobBundle> {
  const entry = path.resolve(cwd, jobFile);
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (stat === undefined) {
    throw new JobDefinitionError(`job file not found: ${jobFile}`, {
      hint: `check the path; relative paths are resolved against ${cwd}`,
    });
  }
  if (!stat.isFile()) {
    throw new JobDefinitionError(`job file is not a file: ${jobFile}`, {
      hint: "give the job's .ts or .js file, whose default export is main(args)",
    });
  }
  // Sources in the map are relative to the (virtual) output file; putting it at the file-system
  // root and the source root at file:/// makes them absolute URLs wherever the artifact lives.
  const fsRoot = path.parse(entry).root;
  try {
    const result = await build({
      entryPoints: [entry],
      absWorkingDir: cwd,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      sourcemap: "inline",
      sourcesContent: true,
      sourceRoot: pathToFileURL(fsRoot).href,
      outfile: path.join(fsRoot, "weir-job.mjs"),
      external: ["weir", "weir/*"],
      banner: { js: REQUIRE_BANNER },
      write: false,
      logLevel: "silent",
    });
    const output = result.outputFiles.find((f) => f.path.endsWith(".mjs")) ?? result.outputFiles[0];
    if (output === undefined) {
      throw new JobDefinitionError(`bundling ${jobFile} produced no output`);
    }
    return { code: output.contents, entry };
  } catch (e) {
    if (isBuildFailure(e)) throw buildError(e.errors, jobFile);
    throw e;
  }
}

function isBuildFailure(e: unknown): e is BuildFailure {
  return e instanceof Error && Array.isArray((e as Partial<BuildFailure>).errors);
}

function buildError(errors: readonly Message[], jobFile: string): JobDefinitionError {
  const first = errors[0];
  if (first === undefined) return new JobDefinitionError(`cannot bundle ${jobFile}`);
  const loc = first.location;
  const where = loc ? `${loc.file}:${loc.line}:${loc.column + 1}` : jobFile;
  const more =
    errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? "s" : ""})` : "";
  const missing = /^Could not resolve "([^"]+)"/.exec(first.text);
  let hint = "fix the code at that location and run again";
  if (missing) {
    const specifier = missing[1]!;
    hint =
      specifier.startsWith(".") || path.isAbsolute(specifier)
        ? "fix the import path"
        : `install the package next to the job (npm install ${packageName(specifier)}) or fix the import`;
  }
  return new JobDefinitionError(`${where}: ${first.text}${more}`, { hint });
}

/** `lodash/fp` → `lodash`, `@scope/pkg/sub` → `@scope/pkg`. */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}
