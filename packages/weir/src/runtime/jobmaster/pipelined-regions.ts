/**
 * Pipelined regions (Flink's `SchedulingPipelinedRegion`, FLIP-119): the subtasks connected by
 * pipelined exchanges, which must run at the same time. Blocking exchanges separate regions: a
 * region can start once every producer of its blocking inputs finished, and a failed region can
 * re-run alone from those persisted results.
 *
 * Granularity is the subtask: a pipelined `forward` edge joins subtask `i` of the producer with
 * subtask `i` of the consumer; any other pipelined edge joins every producer subtask with every
 * consumer subtask. In BATCH (forward pipelined, everything else blocking) a chain of forward
 * vertices at parallelism p therefore forms p independent regions.
 *
 * Slots: within a region, members of one slot-sharing group with the same subtask index share a
 * slot, so a region needs, per group, as many slots as it has distinct subtask indices there.
 */
import type { JobEdge, JobGraph } from "../../core/jobgraph.js";

export interface RegionMember {
  readonly vertexId: string;
  readonly subtaskIndex: number;
  /** Index into the region's slots. */
  readonly slot: number;
}

export interface PipelinedRegion {
  readonly index: number;
  /** In vertex (topological) order. */
  readonly members: readonly RegionMember[];
  readonly slotsNeeded: number;
  /** Vertices whose every subtask must have finished before this region starts. */
  readonly blockingInputVertices: readonly string[];
}

export function memberKey(vertexId: string, subtaskIndex: number): string {
  return `${vertexId}#${subtaskIndex}`;
}

/** True when edge `e` connects producer subtask `p` and consumer subtask `c` (pipelined wiring). */
export function pipelinedPairConnected(edge: JobEdge, p: number, c: number): boolean {
  return edge.partitioner !== "forward" || p === c;
}

/** The regions of `graph` in topological order (by their first vertex). */
export function computePipelinedRegions(graph: JobGraph): PipelinedRegion[] {
  const vertexIndex = new Map(graph.vertices.map((v, i) => [v.id, i]));
  const parallelism = new Map(graph.vertices.map((v) => [v.id, v.parallelism]));
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let root = k;
    while (parent.get(root) !== root) root = parent.get(root)!;
    let cur = k;
    while (cur !== root) {
      const next = parent.get(cur)!;
      parent.set(cur, root);
      cur = next;
    }
    return root;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  for (const v of graph.vertices)
    for (let i = 0; i < v.parallelism; i++) parent.set(memberKey(v.id, i), memberKey(v.id, i));
  for (const e of graph.edges) {
    if (e.exchangeMode !== "pipelined") continue;
    const ps = parallelism.get(e.sourceVertexId) ?? 0;
    const cs = parallelism.get(e.targetVertexId) ?? 0;
    if (e.partitioner === "forward") {
      for (let i = 0; i < Math.min(ps, cs); i++)
        union(memberKey(e.sourceVertexId, i), memberKey(e.targetVertexId, i));
    } else {
      for (let p = 0; p < ps; p++) union(memberKey(e.sourceVertexId, 0), memberKey(e.sourceVertexId, p));
      for (let c = 0; c < cs; c++) union(memberKey(e.sourceVertexId, 0), memberKey(e.targetVertexId, c));
    }
  }
  const groups = new Map<string, { vertexId: string; subtaskIndex: number }[]>();
  for (const v of graph.vertices) {
    for (let i = 0; i < v.parallelism; i++) {
      const root = find(memberKey(v.id, i));
      const list = groups.get(root);
      const member = { vertexId: v.id, subtaskIndex: i };
      if (list) list.push(member);
      else groups.set(root, [member]);
    }
  }
  const ssg = new Map(graph.vertices.map((v) => [v.id, v.slotSharingGroup]));
  const ordered = [...groups.values()].sort(
    (a, b) =>
      vertexIndex.get(a[0]!.vertexId)! - vertexIndex.get(b[0]!.vertexId)! ||
      a[0]!.subtaskIndex - b[0]!.subtaskIndex,
  );
  return ordered.map((raw, index) => {
    const slotOf = new Map<string, number>();
    const members = raw.map((m) => {
      const k = `${ssg.get(m.vertexId)}\u0000${m.subtaskIndex}`;
      let slot = slotOf.get(k);
      if (slot === undefined) {
        slot = slotOf.size;
        slotOf.set(k, slot);
      }
      return { ...m, slot };
    });
    const inRegion = new Set(raw.map((m) => m.vertexId));
    const blocking = new Set<string>();
    for (const e of graph.edges) {
      if (e.exchangeMode === "blocking" && inRegion.has(e.targetVertexId)) blocking.add(e.sourceVertexId);
    }
    return { index, members, slotsNeeded: slotOf.size, blockingInputVertices: [...blocking] };
  });
}

/** Slots of the widest region: the fewest slots a staged (BATCH) job can run with. */
export function minimumSlots(regions: readonly PipelinedRegion[]): number {
  return regions.reduce((max, r) => Math.max(max, r.slotsNeeded), 1);
}
