/**
 * Staged scheduling of a BATCH job (Flink's `PipelinedRegionSchedulingStrategy` with a fixed slot
 * pool): the job's pipelined regions (pipelined-regions.ts) are deployed in topological order, each
 * once every producer of its blocking inputs finished and enough of the job's slots are free; a
 * region's slots return to the pool when all its subtasks finished. A job therefore runs with as
 * few slots as its widest region needs (a p=8 job on a 2-slot cluster), stage by stage.
 *
 * Failover: `failRegion` marks a region for re-run; once its subtasks are terminal its slots go
 * back, and `rerun` gives every member a new attempt and schedules the region again. Its blocking
 * outputs are rewritten by the new attempt (the store drops the old ones); its blocking inputs are
 * replayed from the store, so producer regions are not re-run.
 *
 * Used only from the JobMaster's mailbox.
 */
import { readOption } from "../../core/config/option.js";
import { BatchOptions } from "../../core/config/options.js";
import { InternalError } from "../../core/errors.js";
import { BlockingResultStore, parseTmpDirs } from "../network/blocking-result-store.js";
import type { SlotAllocation } from "../resourcemanager/gateway.js";
import type { TaskChannels } from "../taskexecutor/deployment.js";
import type { Execution, ExecutionGraph } from "./execution-graph.js";
import { computePipelinedRegions, memberKey, type PipelinedRegion } from "./pipelined-regions.js";
import { RegionChannels } from "./region-channels.js";

type RegionState = "waiting" | "running" | "finished" | "failing";

interface RegionEntry {
  readonly region: PipelinedRegion;
  state: RegionState;
  slots: SlotAllocation[];
}

export type DeployFn = (execution: Execution, allocation: SlotAllocation, channels: TaskChannels) => void;

export class StagedScheduler {
  readonly regions: readonly PipelinedRegion[];
  private readonly entries: RegionEntry[];
  private readonly regionOfMember = new Map<string, RegionEntry>();
  private readonly freeSlots: SlotAllocation[];

  /**
   * A scheduler with the job's `BlockingResultStore` (budget `taskmanager.memory.blocking-shuffle.budget`,
   * spill files under `io.tmp.dirs`, from the job's configuration).
   */
  static create(
    graph: ExecutionGraph,
    allocations: readonly SlotAllocation[],
    deploy: DeployFn,
  ): StagedScheduler {
    const config = graph.jobGraph.settings.config;
    const store = new BlockingResultStore({
      budgetBytes: readOption(config, BatchOptions.BLOCKING_SHUFFLE_BUDGET),
      tmpDirs: parseTmpDirs(readOption(config, BatchOptions.TMP_DIRS)),
    });
    return new StagedScheduler(graph, allocations, store, deploy);
  }

  private readonly channels: RegionChannels;

  constructor(
    private readonly graph: ExecutionGraph,
    allocations: readonly SlotAllocation[],
    private readonly store: BlockingResultStore,
    private readonly deploy: DeployFn,
  ) {
    this.channels = new RegionChannels(graph.jobGraph, store);
    this.regions = computePipelinedRegions(graph.jobGraph);
    this.entries = this.regions.map((region) => ({ region, state: "waiting", slots: [] }));
    for (const entry of this.entries)
      for (const m of entry.region.members)
        this.regionOfMember.set(memberKey(m.vertexId, m.subtaskIndex), entry);
    this.freeSlots = [...allocations];
  }

  /** The region of `execution`'s subtask. */
  regionOf(execution: Execution): PipelinedRegion {
    return this.entryOf(execution).region;
  }

  /** Current executions of `region`'s members. */
  executionsOf(region: PipelinedRegion): Execution[] {
    return region.members.map((m) => this.graph.subtask(m.vertexId, m.subtaskIndex)!.current);
  }

  /** Deploys every waiting region that can run now. */
  scheduleReady(): void {
    for (const entry of this.entries) {
      if (entry.state !== "waiting" || !this.inputsReady(entry.region)) continue;
      if (this.freeSlots.length < entry.region.slotsNeeded) continue;
      entry.slots = this.freeSlots.splice(0, entry.region.slotsNeeded);
      entry.state = "running";
      const channels = this.channels.create(entry.region);
      for (const m of entry.region.members) {
        const execution = this.graph.subtask(m.vertexId, m.subtaskIndex)!.current;
        this.deploy(execution, entry.slots[m.slot]!, channels.get(memberKey(m.vertexId, m.subtaskIndex))!);
      }
    }
  }

  /** A subtask finished: frees its region's slots once the whole region finished. */
  onFinished(execution: Execution): void {
    const entry = this.entryOf(execution);
    if (entry.state !== "running") return;
    if (!this.executionsOf(entry.region).every((e) => e.state === "FINISHED")) return;
    entry.state = "finished";
    this.releaseSlots(entry);
    this.scheduleReady();
  }

  /** Marks `region` as failing (its subtasks are being cancelled); returns false if it already is. */
  failRegion(region: PipelinedRegion): boolean {
    const entry = this.entries[region.index]!;
    if (entry.state === "failing") return false;
    entry.state = "failing";
    return true;
  }

  /** True when a failing region's subtasks are all terminal; its slots are then back in the pool. */
  settleFailing(region: PipelinedRegion): boolean {
    const entry = this.entries[region.index]!;
    if (entry.state !== "failing" || !this.executionsOf(region).every((e) => e.isTerminal)) return false;
    this.releaseSlots(entry);
    return true;
  }

  /** New attempts for a failing region's members; the region waits to be scheduled again. */
  rerun(region: PipelinedRegion): void {
    const entry = this.entries[region.index]!;
    if (entry.state !== "failing") throw new InternalError(`region ${region.index} is not failing`);
    for (const m of region.members) this.graph.newAttempt(this.graph.subtask(m.vertexId, m.subtaskIndex)!);
    entry.state = "waiting";
    this.scheduleReady();
  }

  /** Closes the channels and deletes the blocking results (the job ended). */
  close(): void {
    this.channels.closeAll();
    this.store.close();
  }

  private releaseSlots(entry: RegionEntry): void {
    this.freeSlots.push(...entry.slots);
    entry.slots = [];
  }

  private inputsReady(region: PipelinedRegion): boolean {
    for (const vertexId of region.blockingInputVertices) {
      const v = this.graph.vertices.find((x) => x.jobVertex.id === vertexId);
      if (!v?.subtasks.every((s) => s.current.state === "FINISHED")) return false;
    }
    return true;
  }

  private entryOf(execution: Execution): RegionEntry {
    const entry = this.regionOfMember.get(
      memberKey(execution.vertex.jobVertex.id, execution.vertex.subtaskIndex),
    );
    if (!entry) throw new InternalError(`subtask ${execution.vertex.taskName} belongs to no region`);
    return entry;
  }
}
