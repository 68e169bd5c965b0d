/**
 * Stable ids (Flink's `StreamGraphHasherV2`, simplified). Operator ids key state in checkpoints and
 * let every run of `main` find its functions, so they must not depend on anything but the program:
 * - with `uid(u)`: a hash of `u` alone, so the id survives any change elsewhere in the graph;
 * - without: a hash of the node's position (its index in topological order), its kind and the ids
 *   of its inputs (with input index and side output), so the same program gives the same ids.
 * Edge ids hash the producer and consumer operator ids, the consumer input, the side output and
 * an ordinal among otherwise identical edges (a stream unioned with itself).
 * All ids are 32 lowercase hex chars (the first 128 bits of a SHA-256).
 */
import { createHash } from "node:crypto";

function hash32(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

export function operatorIdFromUid(uid: string): string {
  return hash32(`weir.uid\u0000${uid}`);
}

export interface NodeInputDescriptor {
  readonly operatorId: string;
  readonly targetInput: number;
  readonly sideOutputTag: string | undefined;
}

export function operatorIdFromPosition(
  index: number,
  kind: string,
  inputs: readonly NodeInputDescriptor[],
): string {
  const parts = inputs.map((i) => `${i.targetInput}:${i.operatorId}:${i.sideOutputTag ?? ""}`);
  return hash32(`weir.node\u0000${index}\u0000${kind}\u0000${parts.join(",")}`);
}

export function edgeId(
  sourceOperatorId: string,
  targetOperatorId: string,
  targetInput: number,
  sideOutputTag: string | undefined,
  ordinal: number,
): string {
  return hash32(
    `weir.edge\u0000${sourceOperatorId}\u0000${targetOperatorId}\u0000${targetInput}\u0000${sideOutputTag ?? ""}\u0000${ordinal}`,
  );
}
