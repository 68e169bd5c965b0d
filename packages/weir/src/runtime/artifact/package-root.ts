/**
 * Locates the installed `weir` package, so job artifacts can import exactly this copy of it.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { InternalError } from "../../core/errors.js";

let cached: string | undefined;

/**
 * The real path of the directory holding the `package.json` named `weir` that contains this
 * module (works from `src/` under a test runner and from `dist/` when installed).
 */
export function weirPackageRoot(): string {
  if (cached !== undefined) return cached;
  let dir = path.dirname(fs.realpathSync(fileURLToPath(import.meta.url)));
  for (;;) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && readName(manifest) === "weir") {
      cached = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new InternalError(`cannot find the weir package root above ${fileURLToPath(import.meta.url)}`);
    }
    dir = parent;
  }
}

function readName(manifest: string): unknown {
  try {
    return (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: unknown }).name;
  } catch {
    return undefined;
  }
}
