/** Local file paths given by users: plain paths (relative to the working directory) or `file://` URIs. */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Turns a user path (plain or `file://` URI) into an absolute local path. */
export function toLocalPath(path: string): string {
  return path.startsWith("file:") ? fileURLToPath(path) : resolve(path);
}
