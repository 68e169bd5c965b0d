/**
 * Identifiers of the runtime. Flink's ids are 16 random bytes printed as 32 lowercase hex chars
 * (`JobID`, `AllocationID`, `ExecutionAttemptID`); Weir keeps that form.
 */
import { randomBytes } from "node:crypto";

/** A new random 32-hex-char id. */
export function newId(): string {
  return randomBytes(16).toString("hex");
}

/** True for a well-formed 32-hex-char id. */
export function isId(value: string): boolean {
  return /^[0-9a-f]{32}$/.test(value);
}
