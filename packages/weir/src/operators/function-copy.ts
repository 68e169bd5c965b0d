/**
 * Per-subtask copies of user function objects. Flink deserializes a fresh copy of every function
 * for each parallel subtask, so state a rich function keeps in its fields (set in `open`, updated
 * per record) is per subtask. Closures cannot be serialized here, so the API's operator factories
 * copy function *objects* instead:
 * - the copy has the same prototype (methods, `instanceof`) and copies of the own properties;
 *   own fields holding an Array, Map, Set or plain object are copied one level deep (a fresh
 *   container with the same elements), anything else is shared by reference;
 * - a function object whose class uses JavaScript private names (`#field`, `#method`) cannot be
 *   copied (private members do not transfer to another object), so it is shared by the subtasks
 *   that run in one thread; use TypeScript's `private` for per-subtask state;
 * - lambdas are shared as they are: state they capture in their closure is shared too.
 */

export function copyUserFunction<F>(fn: F): F {
  if (typeof fn !== "object" || fn === null || usesPrivateNames(fn)) return fn;
  const copy = Object.create(Object.getPrototypeOf(fn) as object | null) as Record<PropertyKey, unknown>;
  for (const key of Reflect.ownKeys(fn)) {
    const descriptor = Object.getOwnPropertyDescriptor(fn, key)!;
    if ("value" in descriptor) descriptor.value = copyContainer(descriptor.value);
    Object.defineProperty(copy, key, descriptor);
  }
  return copy as F;
}

function copyContainer(value: unknown): unknown {
  if (Array.isArray(value)) return value.slice();
  if (value instanceof Map) return new Map(value);
  if (value instanceof Set) return new Set(value);
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return { ...value };
  }
  return value;
}

const PRIVATE_NAME = /#[A-Za-z_$][\w$]*/;
const checked = new WeakMap<object, boolean>();

/** True when a class in `fn`'s prototype chain mentions a private name (false positives only prevent copying). */
function usesPrivateNames(fn: object): boolean {
  for (
    let proto = Object.getPrototypeOf(fn) as object | null;
    proto !== null && proto !== Object.prototype;
  ) {
    const ctor = (proto as { constructor?: unknown }).constructor;
    if (typeof ctor === "function") {
      let found = checked.get(ctor);
      if (found === undefined) {
        found = PRIVATE_NAME.test(Function.prototype.toString.call(ctor));
        checked.set(ctor, found);
      }
      if (found) return true;
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return false;
}
