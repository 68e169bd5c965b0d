/**
 * Field expressions of the DataStream API (`keyBy(0)`, `sum("count")`): a tuple position of an
 * array record, a property name of an object record, or position 0 for a primitive record (the
 * value itself). Reading a field that does not exist is a `JobDefinitionError` naming it, not a
 * silent `undefined`.
 */
import { JobDefinitionError } from "../core/errors.js";

export type FieldRef = number | string;

/** Reads `field` of `value`; `usage` (e.g. `sum(2)`) names the call in errors. */
export function getField(value: unknown, field: FieldRef, usage: string): unknown {
  if (Array.isArray(value)) {
    if (typeof field === "number" && Number.isInteger(field) && field >= 0 && field < value.length) {
      return value[field];
    }
    throw missingField(value, field, usage);
  }
  if (typeof value === "object" && value !== null) {
    const name = String(field);
    if (name in value) return (value as Record<string, unknown>)[name];
    throw missingField(value, field, usage);
  }
  if (field === 0) return value;
  throw new JobDefinitionError(
    `${usage}: a record of type ${typeof value} has only position 0 (the value itself)`,
    {
      hint: "use position 0, or a stream of tuples or objects",
    },
  );
}

/**
 * A copy of `value` whose `field` is `fieldValue`: arrays are sliced, objects copied with their
 * prototype kept, and for a primitive record (position 0) the result is `fieldValue` itself.
 */
export function withField<T>(value: T, field: FieldRef, fieldValue: unknown): T {
  if (Array.isArray(value)) {
    const copy = value.slice();
    copy[field as number] = fieldValue;
    return copy as T;
  }
  if (typeof value === "object" && value !== null) {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(value) as object | null) as object, value);
    (copy as Record<string, unknown>)[String(field)] = fieldValue;
    return copy as T;
  }
  return fieldValue as T;
}

/**
 * Sets `field` of `value` in place and returns `value` (for a primitive record, position 0, the
 * result is `fieldValue` itself). Only for values the caller owns; `getField` validated `field`.
 */
export function setField<T>(value: T, field: FieldRef, fieldValue: unknown): T {
  if (Array.isArray(value)) {
    value[field as number] = fieldValue;
    return value;
  }
  if (typeof value === "object" && value !== null) {
    (value as Record<string, unknown>)[String(field)] = fieldValue;
    return value;
  }
  return fieldValue as T;
}

/** A key selector reading `field` (used by `keyBy(field)` and `partitionCustom(p, field)`). */
export function fieldSelector(field: FieldRef, usage: string): (value: unknown) => unknown {
  return (value) => getField(value, field, usage);
}

function missingField(value: unknown, field: FieldRef, usage: string): JobDefinitionError {
  return new JobDefinitionError(
    `${usage}: the record ${preview(value)} has no field ${JSON.stringify(field)}`,
    {
      hint: "use a tuple position within the tuple's length or an existing property name",
    },
  );
}

function preview(value: unknown): string {
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}
