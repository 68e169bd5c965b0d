/** The embedded MiniCluster and the executor that runs each pipeline on one. */
export { MiniClusterJobClient } from "./job-client.js";
export {
  MiniCluster,
  type MiniClusterConfiguration,
  resolveSlotHosting,
  type SubmitOptions,
} from "./mini-cluster.js";
export { MiniClusterExecutor, type MiniClusterExecutorOptions } from "./mini-cluster-executor.js";
