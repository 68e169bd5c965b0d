/** Resolved settings of a `FileSink`, shared by its writers. */
import type { Clock } from "../../core/clock.js";
import type { BucketAssignerKind } from "./bucket-assigner.js";

export interface FileSinkConfig<T> {
  readonly basePath: string;
  readonly encoder: (value: T) => string;
  readonly bucketAssigner: BucketAssignerKind;
  readonly maxPartSizeBytes: number;
  readonly partPrefix: string;
  readonly partSuffix: string;
  readonly clock: Clock;
}
