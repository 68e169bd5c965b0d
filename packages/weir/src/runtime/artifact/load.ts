/**
 * Loads a job artifact and returns its entry point, the default-exported `main(args)`.
 * Node caches modules by URL and artifacts are content-addressed, so loading the same artifact
 * twice in one process evaluates it once.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { InternalError, JobDefinitionError } from "../../core/errors.js";
import type { JobMain } from "../../operators/executor.js";
import { weirPackageRoot } from "./package-root.js";

/**
 * Imports the artifact at `artifactPath`. `jobName` (e.g. the job file as the user gave it) names
 * the job in messages. Throws `JobDefinitionError` when the module has no default-exported
 * function or its top-level code throws.
 */
export async function loadJobMain(
  artifactPath: string,
  jobName: string = path.basename(artifactPath),
): Promise<JobMain> {
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(artifactPath).href)) as { default?: unknown };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (isWeirResolutionFailure(err)) {
      throw new InternalError(
        `the job artifact ${artifactPath} cannot load the weir package: ${err.message}`,
        {
          cause: e,
          hint: "the weir installation looks incomplete; run `npm run build` (or reinstall weir)",
        },
      );
    }
    throw new JobDefinitionError(`${jobName} failed while loading: ${err.message ?? String(e)}`, {
      cause: e,
      hint: "the job module's top-level code threw; run with --verbose to see the stack",
    });
  }
  if (typeof mod.default !== "function") {
    throw new JobDefinitionError(`${jobName} has no default export main(args)`, {
      hint: "add `export default async function main(args: string[]) { ... }` to the job file",
    });
  }
  return mod.default as JobMain;
}

/**
 * Everything but `weir` is bundled into the artifact, so a module that cannot be found is weir
 * itself or a file of it (an unbuilt or broken installation), not the user's doing.
 */
function isWeirResolutionFailure(err: NodeJS.ErrnoException): boolean {
  if (err.code !== "ERR_MODULE_NOT_FOUND" && err.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") return false;
  const message = String(err.message);
  return /['"]weir['"/]/.test(message) || message.includes(weirPackageRoot());
}
