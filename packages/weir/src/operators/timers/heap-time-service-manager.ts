/**
 * The timer services of one keyed operator (Flink's `InternalTimeServiceManagerImpl`, and in BATCH
 * `BatchExecutionInternalTimeServiceManager`), which is also the operator's `BatchKeyScope` in
 * BATCH. See `internal-timer-service.ts` and `../state/batch-key-scope.ts` for the contracts.
 *
 * The runtime calls `advanceWatermark(w)` with the operator's combined input watermark before the
 * operator's own `processWatermark(w)`. In STREAMING that fires the due event-time timers. In BATCH
 * only the MAX watermark matters: it ends the input (`endInput()`); nothing else fires while
 * records flow.
 */
import type { Clock } from "../../core/clock.js";
import { assignToKeyGroup, type KeyGroupRange } from "../../core/keygroups.js";
import { MAX_WATERMARK, MIN_WATERMARK } from "../contract.js";
import { type BatchKeyScope, QUIESCED_TIMER_WARNING } from "../state/batch-key-scope.js";
import { HeapKeyedStateBackend } from "../state/heap/heap-keyed-state-backend.js";
import type { KeyedStateBackend } from "../state/keyed-state-backend.js";
import { type NormalizedKey, normalizeKey } from "../state/normalized-key.js";
import { HeapTimerService, type TimerServiceHost } from "./heap-timer-service.js";
import type {
  InternalTimerService,
  InternalTimeServiceManager,
  TimerEntry,
  TimerServiceSnapshot,
  Triggerable,
} from "./internal-timer-service.js";
import type { TimerRecord } from "./timer-queue.js";

export interface TimeServiceManagerOptions {
  readonly backend: KeyedStateBackend<unknown>;
  readonly clock: Clock;
  readonly runtimeMode: "STREAMING" | "BATCH";
  /** Logs the quiesced-timer warning. */
  readonly warn: (message: string) => void;
}

export class HeapInternalTimeServiceManager
  implements InternalTimeServiceManager, BatchKeyScope, TimerServiceHost
{
  readonly clock: Clock;
  readonly batch: boolean;
  watermark = MIN_WATERMARK;
  quiesced = false;
  private warned = false;
  private readonly services = new Map<string, HeapTimerService<unknown>>();
  private readonly pendingRestore = new Map<string, TimerServiceSnapshot[]>();
  private readonly backend: KeyedStateBackend<unknown>;
  private readonly warn: (message: string) => void;
  private readonly currentKeyNorm: () => NormalizedKey;
  private disposed = false;

  constructor(options: TimeServiceManagerOptions) {
    this.backend = options.backend;
    this.clock = options.clock;
    this.batch = options.runtimeMode === "BATCH";
    this.warn = options.warn;
    const backend = options.backend;
    // The heap backend normalized the key in `setCurrentKey` already.
    this.currentKeyNorm =
      backend instanceof HeapKeyedStateBackend
        ? () => backend.currentNorm
        : () => normalizeKey(backend.getCurrentKey());
  }

  getCurrentKey(): unknown {
    return this.backend.getCurrentKey();
  }

  getCurrentKeyNorm(): NormalizedKey {
    return this.currentKeyNorm();
  }

  setCurrentKey(key: unknown): void {
    this.backend.setCurrentKey(key);
  }

  onQuiescedRegistration(): void {
    if (this.warned) return;
    this.warned = true;
    this.warn(`${QUIESCED_TIMER_WARNING}: timers registered while BATCH end-of-key timers fire are ignored`);
  }

  getInternalTimerService<N>(name: string, triggerable: Triggerable<unknown, N>): InternalTimerService<N> {
    let service = this.services.get(name);
    if (service === undefined) {
      service = new HeapTimerService<unknown>(name, this, triggerable as Triggerable<unknown, unknown>);
      this.services.set(name, service);
      if (this.disposed) service.dispose();
      for (const snapshot of this.pendingRestore.get(name) ?? []) this.restoreInto(service, snapshot);
      this.pendingRestore.delete(name);
    }
    return service as unknown as InternalTimerService<N>;
  }

  advanceWatermark(watermark: number): void {
    if (this.batch) {
      if (watermark === MAX_WATERMARK) this.endInput();
      return;
    }
    this.watermark = watermark;
    for (const service of this.services.values()) service.advanceWatermark(watermark);
  }

  currentWatermark(): number {
    return this.watermark;
  }

  // ---- BATCH (BatchKeyScope) ---------------------------------------------------------------------

  finishCurrentKey(): void {
    this.finishKey(this.currentKeyNorm());
  }

  endInput(): void {
    this.finishCurrentKey();
    const remaining = new Map<NormalizedKey, unknown>();
    for (const service of this.services.values()) {
      for (const [norm, key] of service.eventTime.keys()) remaining.set(norm, key);
      for (const [norm, key] of service.processingTime.keys()) remaining.set(norm, key);
    }
    const maxParallelism = this.backend.maxParallelism;
    const ordered = [...remaining.values()]
      .map((key, index) => ({ key, index, group: assignToKeyGroup(key, maxParallelism) }))
      .sort((a, b) => a.group - b.group || a.index - b.index);
    for (const { key } of ordered) {
      this.backend.setCurrentKey(key);
      this.finishCurrentKey();
    }
    this.backend.dispose();
  }

  private finishKey(keyNorm: NormalizedKey): void {
    if (this.services.size > 0) {
      this.watermark = MAX_WATERMARK;
      this.quiesced = true;
      try {
        for (const service of this.services.values()) service.fireKey(keyNorm);
      } finally {
        this.quiesced = false;
        this.watermark = MIN_WATERMARK;
      }
    }
    this.backend.clearCurrentKey();
  }

  // ---- snapshots ---------------------------------------------------------------------------------

  snapshot(): TimerServiceSnapshot[] {
    const maxParallelism = this.backend.maxParallelism;
    return [...this.services.values()].map((service) => {
      const groups = new Map<number, { eventTime: TimerEntry[]; processingTime: TimerEntry[] }>();
      const add = (domain: "eventTime" | "processingTime") => (t: TimerRecord) => {
        const group = assignToKeyGroup(t.key, maxParallelism);
        let entry = groups.get(group);
        if (entry === undefined) {
          entry = { eventTime: [], processingTime: [] };
          groups.set(group, entry);
        }
        entry[domain].push([t.key, t.namespace, t.timestamp]);
      };
      service.eventTime.forEach(add("eventTime"));
      service.processingTime.forEach(add("processingTime"));
      return {
        name: service.name,
        keyGroups: [...groups.keys()]
          .sort((a, b) => a - b)
          .map((keyGroup) => ({ keyGroup, ...groups.get(keyGroup)! })),
      };
    });
  }

  restore(snapshots: readonly (readonly TimerServiceSnapshot[])[]): void {
    for (const subtaskSnapshot of snapshots) {
      for (const snapshot of subtaskSnapshot) {
        const service = this.services.get(snapshot.name);
        if (service !== undefined) this.restoreInto(service, snapshot);
        else {
          const pending = this.pendingRestore.get(snapshot.name) ?? [];
          pending.push(snapshot);
          this.pendingRestore.set(snapshot.name, pending);
        }
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const service of this.services.values()) service.dispose();
  }

  private restoreInto(service: HeapTimerService<unknown>, snapshot: TimerServiceSnapshot): void {
    const range: KeyGroupRange = this.backend.keyGroupRange;
    for (const group of snapshot.keyGroups) {
      if (group.keyGroup < range.start || group.keyGroup > range.end) continue;
      for (const [key, ns, ts] of group.eventTime) service.restoreTimer("event", key, ns, ts);
      for (const [key, ns, ts] of group.processingTime) service.restoreTimer("processing", key, ns, ts);
    }
  }
}
