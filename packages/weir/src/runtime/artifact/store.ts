/**
 * The artifact store: job bundles kept by content (Flink's blob store for job JARs).
 *
 * Guarantees:
 * - An artifact's id is the SHA-256 of its bytes; it is stored as `<id>.mjs`. Storing the same
 *   code again is a no-op and returns the same id and path.
 * - Writes are atomic (temp file + rename): a reader never sees a partial artifact, also when
 *   several processes store the same artifact at once.
 * - A bare `import "weir"` (or `"weir/…"`) inside an artifact resolves to the weir package that
 *   stored it: the directory holds `node_modules/weir`, a symlink to this package's root. Node
 *   follows symlinks to real paths, so the job and the runtime share one module instance.
 *
 * Not guaranteed: if another weir installation already owns the directory's link, artifacts of
 * this installation go to a subdirectory `install-<hash>` with its own link, rather than
 * re-pointing a link that running jobs of the other installation depend on.
 */
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type FlatConfig, readOption } from "../../core/config/option.js";
import { BlobServerOptions } from "../../core/config/options.js";
import { ExternalError } from "../../core/errors.js";
import { weirPackageRoot } from "./package-root.js";

export interface StoredArtifact {
  /** SHA-256 of the code, lowercase hex. */
  readonly id: string;
  /** Absolute path of the stored `.mjs` file. */
  readonly path: string;
}

export interface StoreArtifactOptions {
  /** Package the artifact's `import "weir"` resolves to; defaults to this installed package. */
  readonly packageRoot?: string;
}

/** The content address of `code`. */
export function artifactId(code: Uint8Array): string {
  return createHash("sha256").update(code).digest("hex");
}

/** `<tmpdir>/weir-artifacts-<uid>`: per user, so users never share (or plant) artifacts. */
export function defaultArtifactDir(): string {
  const uid = process.getuid?.() ?? os.userInfo().username;
  return path.join(os.tmpdir(), `weir-artifacts-${uid}`);
}

/** The artifact directory `blob.storage.directory` names, or the default one. */
export function artifactDirFromConfig(config: FlatConfig): string {
  const configured = readOption(config, BlobServerOptions.STORAGE_DIRECTORY).trim();
  return configured === "" ? defaultArtifactDir() : path.resolve(configured);
}

/** Stores `code` under its content address in `dir` (default `defaultArtifactDir()`). */
export async function storeArtifact(
  code: Uint8Array,
  dir: string = defaultArtifactDir(),
  options: StoreArtifactOptions = {},
): Promise<StoredArtifact> {
  const id = artifactId(code);
  const root = await fs.realpath(options.packageRoot ?? weirPackageRoot());
  const base = path.resolve(dir);
  try {
    await fs.mkdir(base, { recursive: true, mode: 0o700 });
    const installDir = await claimInstallDir(base, root);
    const file = path.join(installDir, `${id}.mjs`);
    if (!(await hasSize(file, code.byteLength))) {
      const tmp = path.join(installDir, `.${id}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
      await fs.writeFile(tmp, code, { flag: "wx", mode: 0o600 });
      await fs.rename(tmp, file);
    }
    return { id, path: file };
  } catch (e) {
    throw new ExternalError(`cannot store the job artifact in '${base}': ${(e as Error).message}`, {
      cause: e,
      hint: `check that '${base}' is writable, or set blob.storage.directory to another directory`,
    });
  }
}

/**
 * Returns the directory whose `node_modules/weir` links to `root`: `base` itself when its link is
 * ours or absent (then created), else `base/install-<hash of root>`.
 */
async function claimInstallDir(base: string, root: string): Promise<string> {
  if (await ensureLink(base, root, false)) return base;
  const own = path.join(base, `install-${createHash("sha256").update(root).digest("hex").slice(0, 12)}`);
  await fs.mkdir(own, { recursive: true, mode: 0o700 });
  await ensureLink(own, root, true);
  return own;
}

/**
 * Makes `<dir>/node_modules/weir` link to `root`. Creation is atomic create-if-absent (symlink
 * fails on an existing name), so concurrent stores of two installations cannot both win.
 * A dangling link is replaced; a link to another live package is replaced only with `force`.
 * Returns whether the link now resolves to `root`.
 */
async function ensureLink(dir: string, root: string, force: boolean): Promise<boolean> {
  const modules = path.join(dir, "node_modules");
  const link = path.join(modules, "weir");
  await fs.mkdir(modules, { recursive: true });
  const current = await realpathOrUndefined(link);
  if (current === root) return true;
  const exists = await fs.lstat(link).then(
    () => true,
    () => false,
  );
  if (exists) {
    if (current !== undefined && !force) return false;
    await fs.rm(link, { recursive: false, force: true });
  }
  try {
    await fs.symlink(root, link, "junction");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  return (await realpathOrUndefined(link)) === root;
}

async function realpathOrUndefined(p: string): Promise<string | undefined> {
  try {
    return await fs.realpath(p);
  } catch {
    return undefined;
  }
}

async function hasSize(file: string, size: number): Promise<boolean> {
  try {
    return (await fs.stat(file)).size === size;
  } catch {
    return false;
  }
}
