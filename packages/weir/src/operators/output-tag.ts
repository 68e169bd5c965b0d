/**
 * Side outputs (Flink's `OutputTag`). A tag names a second output of a process function; its `id`
 * identifies the side output in the JobGraph, so it must be unique within a job and the same on
 * every run of `main` (use a literal string, not a generated one).
 */
import { JobDefinitionError } from "../core/errors.js";
import type { OutputTagRef } from "./contract.js";

/** Names a side output carrying values of type `X`. */
export class OutputTag<X> implements OutputTagRef {
  readonly id: string;
  /** Phantom member that keeps `X` in the type (tags of different element types do not mix). */
  declare readonly __elementType?: X;

  constructor(id: string) {
    if (typeof id !== "string" || id.length === 0) {
      throw new JobDefinitionError("an OutputTag needs a non-empty id", {
        hint: 'create it as new OutputTag<T>("late-data")',
      });
    }
    this.id = id;
  }

  toString(): string {
    return `OutputTag(${this.id})`;
  }
}
