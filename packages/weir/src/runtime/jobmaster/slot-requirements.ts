/**
 * How many slots a job needs and which slot each subtask goes to (STREAMING scheduling: every
 * task at once). With slot sharing, subtask `i` of every vertex of a slot-sharing group runs in
 * the group's slot `i`, so a group needs the maximum parallelism of its vertices, and the job the
 * sum over its groups.
 *
 * TODO(batch): exchange mode `blocking` is treated as pipelined here; the BATCH work adds staged
 * scheduling (a job then needs only the slots of its widest stage).
 */
import { JobDefinitionError } from "../../core/errors.js";
import type { JobGraph, JobVertex } from "../../core/jobgraph.js";

export interface SlotSharingGroupRequirement {
  readonly name: string;
  readonly slots: number;
  /** Index of the group's first slot in the job's slot list. */
  readonly offset: number;
}

export interface SlotRequirements {
  readonly groups: readonly SlotSharingGroupRequirement[];
  readonly total: number;
}

/** Groups in order of first appearance in the (topologically ordered) vertices. */
export function slotRequirements(graph: JobGraph): SlotRequirements {
  const sizes = new Map<string, number>();
  for (const v of graph.vertices)
    sizes.set(v.slotSharingGroup, Math.max(sizes.get(v.slotSharingGroup) ?? 0, v.parallelism));
  let offset = 0;
  const groups = [...sizes].map(([name, slots]) => {
    const group = { name, slots, offset };
    offset += slots;
    return group;
  });
  return { groups, total: offset };
}

/** Index in the job's slot list of subtask `subtaskIndex` of `vertex`. */
export function slotIndexOf(requirements: SlotRequirements, vertex: JobVertex, subtaskIndex: number): number {
  const group = requirements.groups.find((g) => g.name === vertex.slotSharingGroup);
  if (!group) throw new JobDefinitionError(`vertex '${vertex.name}' has an unknown slot sharing group`);
  return group.offset + subtaskIndex;
}

/** The fail-fast error when the cluster has fewer slots than the job needs. */
export function insufficientSlotsError(
  requirements: SlotRequirements,
  clusterSlots: number,
): JobDefinitionError {
  const groups = requirements.groups.map((g) => `slot sharing group '${g.name}': ${g.slots}`).join(", ");
  return new JobDefinitionError(
    `job needs ${requirements.total} task slots (${groups}) but the cluster has ${clusterSlots}; ` +
      "lower the parallelism (-p) or raise taskmanager.numberOfTaskSlots",
  );
}
