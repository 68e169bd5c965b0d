/**
 * The ResourceManager's gateway (Flink's `ResourceManagerGateway`, with the slot protocol reduced
 * to what one process needs): TaskExecutors register their slots; a JobMaster requests all the
 * slots its job needs at once and releases them when the job ends.
 *
 * Slot protocol: `requestSlots` (all of `numberOfSlots`, or between `minSlots` and it) answers `insufficient` at once when the cluster as a whole has
 * fewer slots than requested (the JobMaster then fails the job with a clear message); otherwise
 * it waits until enough slots are free, marks each allocated at its TaskExecutor
 * (`TaskExecutorGateway.requestSlot`, which also tells the TaskExecutor the JobMaster's address)
 * and answers with the allocations. This is Flink's offer step folded into the reply.
 */
export interface TaskExecutorRegistration {
  readonly address: string;
  readonly resourceId: string;
  readonly numberOfSlots: number;
}

export interface SlotAllocation {
  readonly allocationId: string;
  readonly taskExecutorAddress: string;
  readonly slotIndex: number;
}

export interface SlotsRequest {
  readonly jobId: string;
  readonly jobMasterAddress: string;
  readonly numberOfSlots: number;
  /**
   * Staged (BATCH) jobs: accept as few as `minSlots` (at least 1, at most `numberOfSlots`). The
   * request is then served with every free slot up to `numberOfSlots` once `minSlots` are free,
   * and is `insufficient` only when the whole cluster has fewer than `minSlots`.
   */
  readonly minSlots?: number;
}

export type SlotsResponse =
  | { readonly kind: "allocated"; readonly allocations: readonly SlotAllocation[] }
  | { readonly kind: "insufficient"; readonly totalSlots: number };

export interface ClusterOverview {
  readonly taskManagers: number;
  readonly slotsTotal: number;
  readonly slotsAvailable: number;
}

export interface ResourceManagerGateway {
  registerTaskExecutor(registration: TaskExecutorRegistration): Promise<void>;
  requestSlots(request: SlotsRequest): Promise<SlotsResponse>;
  /** Frees every slot of `jobId` (their TaskExecutors release them first). */
  releaseSlots(jobId: string): Promise<void>;
  getClusterOverview(): Promise<ClusterOverview>;
}
