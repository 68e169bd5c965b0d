/**
 * The ResourceManager endpoint (Flink's `ResourceManager` with its `SlotManager`): the registry of
 * TaskExecutors and their slots, and the matcher of JobMasters' slot requests.
 *
 * Guarantees: a request never gets fewer slots than it accepts (all or nothing, or at least
 * `minSlots` for a staged job); requests that cannot be
 * served yet wait in FIFO order and are served when slots are freed or TaskExecutors register; a
 * request larger than the whole cluster is answered `insufficient` at once. Not implemented yet:
 * worker drivers that start TaskExecutors on demand (standalone/Kubernetes), heartbeats, fencing.
 */
import { ExternalError } from "../../core/errors.js";
import { newId } from "../ids.js";
import { RpcEndpoint } from "../rpc/endpoint.js";
import type { RpcService } from "../rpc/rpc-service.js";
import type { TaskExecutorGateway } from "../taskexecutor/gateway.js";
import type {
  ClusterOverview,
  ResourceManagerGateway,
  SlotAllocation,
  SlotsRequest,
  SlotsResponse,
  TaskExecutorRegistration,
} from "./gateway.js";
import { SlotManager } from "./slot-manager.js";

interface PendingRequest {
  readonly request: SlotsRequest;
  readonly resolve: (response: SlotsResponse) => void;
  readonly reject: (error: unknown) => void;
}

export class ResourceManager extends RpcEndpoint implements ResourceManagerGateway {
  private readonly slotManager = new SlotManager();
  private readonly pending: PendingRequest[] = [];

  constructor(
    private readonly rpc: RpcService,
    address = "resourcemanager",
  ) {
    super(address);
  }

  async registerTaskExecutor(registration: TaskExecutorRegistration): Promise<void> {
    this.slotManager.registerTaskExecutor(registration.address, registration.numberOfSlots);
    this.servePending();
  }

  async requestSlots(request: SlotsRequest): Promise<SlotsResponse> {
    if (minimumOf(request) > this.slotManager.totalSlots) {
      return { kind: "insufficient", totalSlots: this.slotManager.totalSlots };
    }
    const allocations = this.allocate(request);
    if (allocations) return this.confirm(request, allocations);
    return new Promise<SlotsResponse>((resolve, reject) => this.pending.push({ request, resolve, reject }));
  }

  async releaseSlots(jobId: string): Promise<void> {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const p = this.pending[i]!;
      if (p.request.jobId !== jobId) continue;
      this.pending.splice(i, 1);
      p.reject(new ExternalError(`the slot request of job ${jobId} was withdrawn`));
    }
    const allocations = this.slotManager.allocationsOf(jobId);
    await Promise.allSettled(
      allocations.map((a) =>
        this.rpc.connect<TaskExecutorGateway>(a.taskExecutorAddress).freeSlot(a.allocationId),
      ),
    );
    await this.callAsync(() => {
      for (const a of allocations) this.slotManager.free(a.allocationId);
      this.servePending();
    });
  }

  async getClusterOverview(): Promise<ClusterOverview> {
    return {
      taskManagers: this.slotManager.numberOfTaskExecutors,
      slotsTotal: this.slotManager.totalSlots,
      slotsAvailable: this.slotManager.freeSlots,
    };
  }

  /** All requested slots, or for a flexible request as many free ones as allowed, or none. */
  private allocate(request: SlotsRequest): SlotAllocation[] | undefined {
    const count = Math.min(request.numberOfSlots, Math.max(minimumOf(request), this.slotManager.freeSlots));
    return this.slotManager.allocate(request.jobId, count, newId);
  }

  /** Tells each TaskExecutor about its new allocation; undoes all of them if one refuses. */
  private async confirm(request: SlotsRequest, allocations: SlotAllocation[]): Promise<SlotsResponse> {
    const results = await Promise.allSettled(
      allocations.map((a) =>
        this.rpc.connect<TaskExecutorGateway>(a.taskExecutorAddress).requestSlot({
          slotIndex: a.slotIndex,
          allocationId: a.allocationId,
          jobId: request.jobId,
          jobMasterAddress: request.jobMasterAddress,
        }),
      ),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (!failed) return { kind: "allocated", allocations };
    await this.releaseSlots(request.jobId);
    throw new ExternalError(`could not allocate slots for job ${request.jobId}`, { cause: failed.reason });
  }

  private servePending(): void {
    while (this.pending.length > 0) {
      const next = this.pending[0]!;
      if (minimumOf(next.request) > this.slotManager.totalSlots) {
        this.pending.shift();
        next.resolve({ kind: "insufficient", totalSlots: this.slotManager.totalSlots });
        continue;
      }
      const allocations = this.allocate(next.request);
      if (!allocations) return;
      this.pending.shift();
      this.confirm(next.request, allocations).then(next.resolve, next.reject);
    }
  }
}

/** The fewest slots `request` accepts. */
function minimumOf(request: SlotsRequest): number {
  return Math.min(request.numberOfSlots, Math.max(1, request.minSlots ?? request.numberOfSlots));
}
