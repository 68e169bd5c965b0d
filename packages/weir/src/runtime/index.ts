/**
 * Weir's runtime (ARCHITECTURE §2, §8): the Dispatcher, ResourceManager, JobMaster and
 * TaskExecutor endpoints with their gateways, the in-process RPC service wiring them, tasks with
 * their mailbox loop and operator chains, and the MiniCluster with its `PipelineExecutor`.
 * The network stack (`runtime/network`) and job artifacts (`runtime/artifact`) have their own
 * entry points.
 */
export { Dispatcher, type DispatcherOptions, type PipelineProvider } from "./dispatcher/dispatcher.js";
export type { DispatcherGateway, JobOverview, JobSubmission } from "./dispatcher/gateway.js";
export { newId } from "./ids.js";
export type {
  CollectResultBatch,
  JobDetails,
  JobMasterGateway,
  JobResult,
  VertexDetails,
} from "./jobmaster/gateway.js";
export { JobMaster, type JobMasterOptions } from "./jobmaster/job-master.js";
export { jobResultError, toJobExecutionResult } from "./jobmaster/job-result.js";
export {
  insufficientSlotsError,
  type SlotRequirements,
  slotRequirements,
} from "./jobmaster/slot-requirements.js";
export {
  MiniCluster,
  type MiniClusterConfiguration,
  MiniClusterExecutor,
  type MiniClusterExecutorOptions,
  MiniClusterJobClient,
  resolveSlotHosting,
  type SubmitOptions,
} from "./minicluster/index.js";
export type {
  ClusterOverview,
  ResourceManagerGateway,
  SlotAllocation,
  SlotsRequest,
  SlotsResponse,
  TaskExecutorRegistration,
} from "./resourcemanager/gateway.js";
export { ResourceManager } from "./resourcemanager/resource-manager.js";
export { RpcEndpoint } from "./rpc/endpoint.js";
export { InProcessRpcService, type RpcService } from "./rpc/rpc-service.js";
export { parseJobParameters, taskNameWithSubtask } from "./task/runtime-context.js";
export { Task, type TaskListener, type TaskOptions } from "./task/task.js";
export type {
  ExecutionState,
  JobArtifact,
  JobInformation,
  SlotHosting,
  TaskChannels,
  TaskDeployment,
  TaskDeploymentDescriptor,
  TaskExecutionStateUpdate,
} from "./taskexecutor/deployment.js";
export type { SlotRequest, TaskExecutorGateway } from "./taskexecutor/gateway.js";
export { networkSettingsFrom } from "./taskexecutor/network-settings.js";
export {
  TaskExecutor,
  type TaskExecutorOptions,
  type UserCodeProvider,
} from "./taskexecutor/task-executor.js";
