/**
 * Bookkeeping of the cluster's slots (Flink's `SlotManager`), without I/O: which TaskExecutor
 * offers how many slots, which are allocated to which job. The ResourceManager drives it.
 *
 * Allocation fills TaskExecutors in registration order, lowest slot index first (Flink's default,
 * `cluster.evenly-spread-out-slots: false`). Allocation is all-or-nothing per request.
 */
import type { SlotAllocation } from "./gateway.js";

interface SlotEntry {
  readonly taskExecutorAddress: string;
  readonly slotIndex: number;
  allocation: { readonly allocationId: string; readonly jobId: string } | undefined;
}

export class SlotManager {
  private readonly slots: SlotEntry[] = [];
  private readonly taskExecutors = new Set<string>();

  registerTaskExecutor(address: string, numberOfSlots: number): void {
    if (this.taskExecutors.has(address)) return;
    this.taskExecutors.add(address);
    for (let i = 0; i < numberOfSlots; i++) {
      this.slots.push({ taskExecutorAddress: address, slotIndex: i, allocation: undefined });
    }
  }

  /** Forgets a TaskExecutor; returns the allocations it held. */
  unregisterTaskExecutor(address: string): SlotAllocation[] {
    const lost: SlotAllocation[] = [];
    for (let i = this.slots.length - 1; i >= 0; i--) {
      const slot = this.slots[i]!;
      if (slot.taskExecutorAddress !== address) continue;
      if (slot.allocation) lost.push(toAllocation(slot, slot.allocation.allocationId));
      this.slots.splice(i, 1);
    }
    this.taskExecutors.delete(address);
    return lost;
  }

  get numberOfTaskExecutors(): number {
    return this.taskExecutors.size;
  }

  get totalSlots(): number {
    return this.slots.length;
  }

  get freeSlots(): number {
    let n = 0;
    for (const slot of this.slots) if (!slot.allocation) n++;
    return n;
  }

  /** Allocates `count` free slots to `jobId`, or none if fewer are free. */
  allocate(jobId: string, count: number, newAllocationId: () => string): SlotAllocation[] | undefined {
    const free = this.slots.filter((s) => !s.allocation);
    if (free.length < count) return undefined;
    return free.slice(0, count).map((slot) => {
      const allocationId = newAllocationId();
      slot.allocation = { allocationId, jobId };
      return toAllocation(slot, allocationId);
    });
  }

  allocationsOf(jobId: string): SlotAllocation[] {
    return this.slots
      .filter((s) => s.allocation?.jobId === jobId)
      .map((s) => toAllocation(s, s.allocation!.allocationId));
  }

  free(allocationId: string): void {
    for (const slot of this.slots)
      if (slot.allocation?.allocationId === allocationId) slot.allocation = undefined;
  }
}

function toAllocation(slot: SlotEntry, allocationId: string): SlotAllocation {
  return { allocationId, taskExecutorAddress: slot.taskExecutorAddress, slotIndex: slot.slotIndex };
}
