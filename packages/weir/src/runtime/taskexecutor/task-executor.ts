/**
 * The TaskExecutor endpoint (Flink's `TaskExecutor`): registers its slots with the
 * ResourceManager, holds slot allocations, hosts each allocated slot's tasks (inline or on a
 * worker thread, see slot-host.ts) and relays task states and operator events to the job's
 * JobMaster.
 *
 * Guarantees: a task's state changes and operator events reach the JobMaster in the order the
 * task produced them; freeing a slot (or closing the TaskExecutor) cancels its tasks and
 * terminates its thread, and every task still running reports a terminal state first.
 */
import type { Clock } from "../../core/clock.js";
import { ExternalError, InternalError } from "../../core/errors.js";
import type { JobMasterGateway } from "../jobmaster/gateway.js";
import type { NetworkSettings } from "../network/types.js";
import type { ResourceManagerGateway } from "../resourcemanager/gateway.js";
import { RpcEndpoint } from "../rpc/endpoint.js";
import type { RpcService } from "../rpc/rpc-service.js";
import type { UserCode } from "../task/operator-chain.js";
import type { TaskListener } from "../task/task.js";
import type { JobInformation, TaskDeployment } from "./deployment.js";
import type { SlotRequest, TaskExecutorGateway } from "./gateway.js";
import { InlineSlotHost } from "./inline-slot-host.js";
import type { SlotHost } from "./slot-host.js";
import { failDeployment } from "./slot-runtime.js";
import { WorkerSlotHost } from "./worker-slot-host.js";

/** Where inline slots find the live user code of a job (the MiniCluster's registry). */
export interface UserCodeProvider {
  userCodeFor(jobId: string): UserCode | undefined;
}

export interface TaskExecutorOptions {
  readonly rpc: RpcService;
  readonly address: string;
  readonly resourceManagerAddress: string;
  readonly numberOfSlots: number;
  readonly clock: Clock;
  readonly networkSettings: NetworkSettings;
  readonly userCode: UserCodeProvider;
}

interface AllocatedSlot {
  readonly request: SlotRequest;
  readonly jobMaster: JobMasterGateway;
  host: SlotHost | undefined;
  /** Tasks of this slot, by execution attempt id. */
  readonly tasks: Set<string>;
}

export class TaskExecutor extends RpcEndpoint implements TaskExecutorGateway {
  private readonly slots: (AllocatedSlot | undefined)[];
  private readonly taskSlot = new Map<string, AllocatedSlot>();
  private closed = false;

  constructor(private readonly options: TaskExecutorOptions) {
    super(options.address);
    this.slots = new Array<AllocatedSlot | undefined>(options.numberOfSlots).fill(undefined);
  }

  /** Registers this TaskExecutor's slots with the ResourceManager. */
  async register(): Promise<void> {
    const rm = this.options.rpc.connect<ResourceManagerGateway>(this.options.resourceManagerAddress);
    await rm.registerTaskExecutor({
      address: this.address,
      resourceId: this.address,
      numberOfSlots: this.options.numberOfSlots,
    });
  }

  // ---- gateway ----

  async requestSlot(request: SlotRequest): Promise<void> {
    if (this.closed) throw new ExternalError(`TaskExecutor ${this.address} is shutting down`);
    const current = this.slots[request.slotIndex];
    if (request.slotIndex < 0 || request.slotIndex >= this.slots.length) {
      throw new InternalError(`TaskExecutor ${this.address} has no slot ${request.slotIndex}`);
    }
    if (current && current.request.allocationId !== request.allocationId) {
      throw new InternalError(`slot ${request.slotIndex} of ${this.address} is already allocated`);
    }
    this.slots[request.slotIndex] = {
      request,
      jobMaster: this.options.rpc.connect<JobMasterGateway>(request.jobMasterAddress),
      host: undefined,
      tasks: new Set(),
    };
  }

  async submitTask(deployment: TaskDeployment): Promise<void> {
    const slot = this.slots.find((s) => s?.request.allocationId === deployment.descriptor.allocationId);
    if (!slot || slot.request.jobId !== deployment.descriptor.jobId) {
      throw new ExternalError(
        `TaskExecutor ${this.address} has no slot with allocation ${deployment.descriptor.allocationId} for job ${deployment.descriptor.jobId}`,
      );
    }
    const attemptId = deployment.descriptor.executionAttemptId;
    slot.tasks.add(attemptId);
    this.taskSlot.set(attemptId, slot);
    let host: SlotHost;
    try {
      slot.host ??= this.createHost(slot, deployment.job);
      host = slot.host;
    } catch (e) {
      failDeployment(deployment, e, this.listenerFor(slot));
      return;
    }
    host.deploy(deployment);
  }

  async cancelTask(executionAttemptId: string): Promise<void> {
    this.taskSlot.get(executionAttemptId)?.host?.cancel(executionAttemptId);
  }

  async sendOperatorEventToTask(
    executionAttemptId: string,
    operatorId: string,
    event: unknown,
  ): Promise<void> {
    this.taskSlot.get(executionAttemptId)?.host?.deliverOperatorEvent(executionAttemptId, operatorId, event);
  }

  async freeSlot(allocationId: string): Promise<void> {
    const index = this.slots.findIndex((s) => s?.request.allocationId === allocationId);
    const slot = this.slots[index];
    if (!slot) return;
    this.slots[index] = undefined;
    await this.releaseSlot(slot);
  }

  /** Frees every slot (cancelling their tasks, terminating their threads) and stops accepting work. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.filter((s): s is AllocatedSlot => s !== undefined);
    this.slots.fill(undefined);
    await Promise.all(slots.map((s) => this.releaseSlot(s)));
  }

  // ---- internals ----

  private async releaseSlot(slot: AllocatedSlot): Promise<void> {
    try {
      await slot.host?.close();
    } finally {
      for (const id of slot.tasks) this.taskSlot.delete(id);
    }
  }

  private createHost(slot: AllocatedSlot, job: JobInformation): SlotHost {
    const context = {
      job,
      clock: this.options.clock,
      networkSettings: this.options.networkSettings,
      listener: this.listenerFor(slot),
    };
    if (job.hosting === "threads") return new WorkerSlotHost(context);
    const code = this.options.userCode.userCodeFor(job.jobId);
    if (!code) throw new InternalError(`no live pipeline for job ${job.jobId} to run its tasks inline`);
    return new InlineSlotHost(context, code);
  }

  private listenerFor(slot: AllocatedSlot): TaskListener {
    const report = (what: string) => (e: unknown) => {
      // The JobMaster is gone (job ended): nobody is waiting for this report any more.
      if (!(e instanceof ExternalError))
        console.error(`[weir] ${this.address}: could not report ${what}:`, e);
    };
    return {
      onStateChange: (update) => {
        slot.jobMaster.updateTaskExecutionState(update).catch(report(`task state ${update.state}`));
      },
      onOperatorEvent: (executionAttemptId, operatorId, event) => {
        slot.jobMaster
          .sendOperatorEventToCoordinator(executionAttemptId, operatorId, event)
          .catch(report("an operator event"));
      },
    };
  }
}
