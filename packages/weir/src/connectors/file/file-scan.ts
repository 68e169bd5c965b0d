/**
 * File discovery for `FileSource` (Flink's `NonSplittingRecursiveEnumerator` file listing):
 * each input path is a file or a directory read recursively. Inside directories, entries whose
 * name starts with `.` or `_` are skipped (hidden and in-progress files, `_SUCCESS` markers), like
 * Flink's `DefaultFileFilter`; a file named explicitly is always read. Results are sorted by path
 * within each input so that splits come in a stable order.
 */
import type { Dirent } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { ExternalError, JobDefinitionError } from "../../core/errors.js";
import { toLocalPath } from "../util/local-path.js";

export interface FoundFile {
  readonly path: string;
  readonly size: number;
}

/** True for names Flink's default filter hides: `.hidden`, `_temporary`, `_SUCCESS`. */
export function isHiddenName(name: string): boolean {
  return name.startsWith(".") || name.startsWith("_");
}

/**
 * Lists the files under `paths`. With `strict`, a missing input path is a `JobDefinitionError`
 * naming it; otherwise (rescans of a monitored source) it is skipped.
 */
export async function listFiles(paths: readonly string[], strict: boolean): Promise<FoundFile[]> {
  const out: FoundFile[] = [];
  for (const input of paths) {
    const path = toLocalPath(input);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (e) {
      if (isNotFound(e)) {
        if (!strict) continue;
        throw new JobDefinitionError(`Input path does not exist: ${path}`, {
          cause: e,
          hint: "Check the path given to the file source (relative paths resolve against the working directory).",
        });
      }
      throw new ExternalError(`Cannot read input path ${path}`, { cause: e });
    }
    if (info.isDirectory()) {
      const found: FoundFile[] = [];
      await walk(path, found);
      found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      out.push(...found);
    } else {
      out.push({ path, size: info.size });
    }
  }
  return out;
}

async function walk(dir: string, out: FoundFile[]): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if (isNotFound(e)) return; // deleted while listing
    throw new ExternalError(`Cannot list directory ${dir}`, { cause: e });
  }
  for (const entry of entries) {
    if (isHiddenName(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      await walk(path, out);
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      try {
        const info = await stat(path);
        if (info.isDirectory()) await walk(path, out);
        else out.push({ path, size: info.size });
      } catch (e) {
        if (!isNotFound(e)) throw new ExternalError(`Cannot read ${path}`, { cause: e });
      }
    }
  }
}

function isNotFound(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "ENOENT";
}
