/**
 * The `weir` package: the DataStream API, plus the registration of the embedded MiniCluster as the
 * runtime used when a program calls `execute()` outside `weir run` (a plain `node` program or a
 * test). The runtime is loaded lazily, so a job module that only builds graphs never loads it.
 */
import { setDefaultExecutorFactory } from "./operators/executor.js";

export * from "./api/index.js";

setDefaultExecutorFactory(async (config) => {
  const { MiniClusterExecutor } = await import("./runtime/minicluster/index.js");
  return new MiniClusterExecutor({ config });
});
