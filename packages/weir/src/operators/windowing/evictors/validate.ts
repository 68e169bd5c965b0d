/** Argument checks shared by the evictors. */
import { JobDefinitionError } from "../../../core/errors.js";

export function checkDurationValue(call: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new JobDefinitionError(`${call}: the size must be a finite number >= 0 ms, got ${value}`);
  }
}
