/**
 * Helpers of the BATCH test suite: environments in either mode, tagging by subtask, and the checks
 * "one record per key" and "all records of a key contiguous per subtask".
 */
import { type MapFunction, type RuntimeContext, StreamExecutionEnvironment } from "weir";

export type Mode = "BATCH" | "STREAMING";

export function env(mode: Mode, p: number, config: Record<string, string> = {}): StreamExecutionEnvironment {
  const e = StreamExecutionEnvironment.getExecutionEnvironment({
    "execution.runtime-mode": mode,
    ...config,
  });
  e.setParallelism(p);
  return e;
}

/** Tags each value with the index of the subtask that processed it. */
export class TagSubtask<T> implements MapFunction<T, [number, T]> {
  private subtask = -1;
  open(ctx: RuntimeContext): void {
    this.subtask = ctx.getIndexOfThisSubtask();
  }
  map(value: T): [number, T] {
    return [this.subtask, value];
  }
}

/** The last value per key, in output order (STREAMING's final result; BATCH's only result). */
export function lastPerKey<T>(values: readonly T[], key: (v: T) => unknown): Map<string, T> {
  const out = new Map<string, T>();
  for (const v of values) out.set(JSON.stringify(key(v)), v);
  return out;
}

/** True when every key occupies one contiguous run of `keys`. */
export function contiguous(keys: readonly unknown[]): boolean {
  const done = new Set<string>();
  let current: string | undefined;
  for (const k of keys) {
    const s = JSON.stringify(k);
    if (s === current) continue;
    if (done.has(s)) return false;
    done.add(s);
    current = s;
  }
  return true;
}

/** Per subtask, the keys of its tagged output in order. */
export function keysPerSubtask<T>(tagged: readonly [number, T][], key: (v: T) => unknown): unknown[][] {
  const out: unknown[][] = [];
  for (const [s, v] of tagged) {
    const list = out[s] ?? [];
    list.push(key(v));
    out[s] = list;
  }
  return out.filter((x) => x !== undefined);
}
