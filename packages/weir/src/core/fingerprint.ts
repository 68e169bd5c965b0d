/**
 * JobGraph fingerprints (ADR 0001). The client and every worker re-running `main` compute the
 * fingerprint of the graph they built; a mismatch means `main` builds its graph
 * non-deterministically, and `describeFirstDifference` says where, naming the first differing
 * operator by name and id.
 *
 * The fingerprint is the SHA-256 (hex) of a canonical JSON (object keys sorted, `undefined`
 * fields omitted) of the vertices, edges and settings, without `settings.args` (arguments are
 * shipped with the job and may legitimately be re-encoded) and without the job name.
 */
import { createHash } from "node:crypto";
import type { JobEdge, JobGraph, JobVertex, OperatorSpec } from "./jobgraph.js";

/** JSON with object keys sorted at every level; `undefined` fields are omitted as by `JSON.stringify`. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

function fingerprintedPart(graph: JobGraph): unknown {
  const { args: _args, ...settings } = graph.settings;
  return { vertices: graph.vertices, edges: graph.edges, settings };
}

/** SHA-256 hex of the canonical JSON of vertices, edges and settings (except `args`). */
export function fingerprintJobGraph(graph: JobGraph): string {
  return createHash("sha256")
    .update(canonicalJson(fingerprintedPart(graph)))
    .digest("hex");
}

interface Located {
  readonly op: OperatorSpec;
  readonly vertex: JobVertex;
  readonly chainIndex: number;
  readonly position: number;
}

function locate(graph: JobGraph): Located[] {
  const out: Located[] = [];
  for (const vertex of graph.vertices) {
    vertex.operators.forEach((op, chainIndex) => {
      out.push({ op, vertex, chainIndex, position: out.length });
    });
  }
  return out;
}

function label(op: OperatorSpec): string {
  return `'${op.name}' (id ${op.id})`;
}

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function show(value: unknown): string {
  return value === undefined ? "none" : canonicalJson(value);
}

/** What differs between two placements of the same operator, or `undefined`. */
function operatorDifference(e: Located, a: Located): string | undefined {
  const checks: [string, unknown, unknown][] = [
    ["name", e.op.name, a.op.name],
    ["kind", e.op.kind, a.op.kind],
    ["uid", e.op.uid, a.op.uid],
    ["parallelism", e.vertex.parallelism, a.vertex.parallelism],
    ["max parallelism", e.vertex.maxParallelism, a.vertex.maxParallelism],
    ["slot sharing group", e.vertex.slotSharingGroup, a.vertex.slotSharingGroup],
    ["chaining (chain head)", e.vertex.id, a.vertex.id],
    ["chaining (position in chain)", e.chainIndex, a.chainIndex],
    ["inputs", e.op.inputs, a.op.inputs],
    ["keyed inputs", e.op.keyedInputs, a.op.keyedInputs],
    ["boundedness", e.op.boundedness, a.op.boundedness],
    ["params", e.op.params, a.op.params],
  ];
  for (const [what, x, y] of checks) {
    if (!same(x, y)) return `${what}: expected ${show(x)}, actual ${show(y)}`;
  }
  return undefined;
}

function edgeDifference(e: JobEdge, a: JobEdge): string | undefined {
  for (const key of Object.keys({ ...e, ...a }).sort() as (keyof JobEdge)[]) {
    if (!same(e[key], a[key])) return `${key}: expected ${show(e[key])}, actual ${show(a[key])}`;
  }
  return undefined;
}

/**
 * The first difference between two JobGraphs, as one sentence naming the operator (name and id)
 * and what differs; `undefined` when their fingerprints are equal.
 */
export function describeFirstDifference(expected: JobGraph, actual: JobGraph): string | undefined {
  if (fingerprintJobGraph(expected) === fingerprintJobGraph(actual)) return undefined;
  const exp = locate(expected);
  const act = locate(actual);
  const actById = new Map(act.map((l) => [l.op.id, l] as const));
  const expById = new Map(exp.map((l) => [l.op.id, l] as const));

  for (const e of exp) {
    const a = actById.get(e.op.id);
    if (a === undefined) {
      const there = act[e.position];
      const hint =
        there === undefined ? "" : ` (at its position the actual graph has operator ${label(there.op)})`;
      return `operator ${label(e.op)} is missing from the actual graph${hint}`;
    }
    const diff = operatorDifference(e, a);
    if (diff !== undefined) return `operator ${label(e.op)} differs in ${diff}`;
  }
  for (const a of act) {
    if (!expById.has(a.op.id)) return `operator ${label(a.op)} is only in the actual graph`;
  }

  const expVertexIds = expected.vertices.map((v) => v.id);
  const actVertexIds = actual.vertices.map((v) => v.id);
  if (!same(expVertexIds, actVertexIds)) return "the vertices are in a different order";
  for (let i = 0; i < expected.vertices.length; i++) {
    const ev = expected.vertices[i]!;
    const av = actual.vertices[i]!;
    if (ev.name !== av.name)
      return `vertex '${ev.name}' (id ${ev.id}) is named '${av.name}' in the actual graph`;
  }

  const actEdges = new Map(actual.edges.map((edge) => [edge.id, edge] as const));
  const expEdgeIds = new Set(expected.edges.map((edge) => edge.id));
  for (const e of expected.edges) {
    const target = expById.get(e.targetOperatorId)?.op;
    const into =
      target === undefined ? `into operator id ${e.targetOperatorId}` : `into operator ${label(target)}`;
    const a = actEdges.get(e.id);
    if (a === undefined) return `edge ${e.id} ${into} is missing from the actual graph`;
    const diff = edgeDifference(e, a);
    if (diff !== undefined) return `edge ${e.id} ${into} differs in ${diff}`;
  }
  for (const a of actual.edges) {
    if (!expEdgeIds.has(a.id))
      return `edge ${a.id} into operator id ${a.targetOperatorId} is only in the actual graph`;
  }
  if (
    !same(
      expected.edges.map((e) => e.id),
      actual.edges.map((e) => e.id),
    )
  )
    return "the edges are in a different order";

  const { args: _ea, config: expConfig, ...expSettings } = expected.settings;
  const { args: _aa, config: actConfig, ...actSettings } = actual.settings;
  for (const key of Object.keys({ ...expSettings, ...actSettings }).sort() as (keyof typeof expSettings)[]) {
    if (!same(expSettings[key], actSettings[key])) {
      return `job setting ${key} differs: expected ${show(expSettings[key])}, actual ${show(actSettings[key])}`;
    }
  }
  for (const key of Object.keys({ ...expConfig, ...actConfig }).sort()) {
    if (expConfig[key] !== actConfig[key]) {
      return `configuration key '${key}' differs: expected ${show(expConfig[key])}, actual ${show(actConfig[key])}`;
    }
  }
  return "the graphs differ (no single operator, edge or setting explains it)";
}
