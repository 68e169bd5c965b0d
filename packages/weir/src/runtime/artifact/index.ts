/** Job artifacts: content-addressed job bundles and loading their `main`. */
export { loadJobMain } from "./load.js";
export { weirPackageRoot } from "./package-root.js";
export {
  artifactDirFromConfig,
  artifactId,
  defaultArtifactDir,
  type StoreArtifactOptions,
  type StoredArtifact,
  storeArtifact,
} from "./store.js";
