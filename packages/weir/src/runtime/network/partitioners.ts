/**
 * Channel selectors: which consumer subtask(s) a record goes to, one per `PartitionerKind`
 * (Flink's `StreamPartitioner`s). Selection is synchronous and allocation-free per record, except
 * what the user's key selector and the key hash of `hash` allocate.
 *
 * - forward: producer subtask i → consumer i (parallelisms must match).
 * - hash: key group of `keySelector(value)` among the consumer's max parallelism → owning subtask
 *   (with one consumer the hash is skipped; keys without a canonical encoding still throw).
 * - rebalance: round robin over all consumers, starting at `producerSubtask % n` so that producers do
 *   not all hit consumer 0 first.
 * - rescale: round robin over this producer's consumers. Producers and consumers are connected
 *   pointwise like Flink's `EdgeManagerBuildUtil.connectPointwise`: with more producers, each
 *   consumer reads a contiguous range of producers (each producer feeds one consumer); with more
 *   consumers, each producer feeds a contiguous range of consumers.
 * - shuffle: uniformly random (injectable `random` for tests).
 * - broadcast: every consumer (`BROADCAST`); the writer serializes once.
 * - global: consumer 0.
 * - custom: `customPartitioner(keySelector(value), n)`; a result outside `[0, n)` is a
 *   `JobDefinitionError` naming it.
 */
import { InternalError, JobDefinitionError } from "../../core/errors.js";
import type { PartitionerKind } from "../../core/jobgraph.js";
import { assignToKeyGroup, computeOperatorIndexForKeyGroup, hashKey } from "../../core/keygroups.js";
import type { CustomPartitionerFn, KeySelectorFn } from "../../operators/executor.js";

/** Returned by a selector whose records go to every channel. */
export const BROADCAST = -1;

export interface ChannelSelector {
  /** Index of the channel for `value`, or `BROADCAST`. */
  selectChannel(value: unknown): number;
}

export interface ChannelSelectorOptions {
  readonly numChannels: number;
  readonly producerSubtask: number;
  readonly producerParallelism: number;
  readonly consumerMaxParallelism: number;
  readonly keySelector?: KeySelectorFn | undefined;
  readonly customPartitioner?: CustomPartitionerFn | undefined;
  readonly random?: (() => number) | undefined;
}

/** Creates the selector for `kind`; throws for an impossible configuration (see module comment). */
export function createChannelSelector(
  kind: PartitionerKind,
  options: ChannelSelectorOptions,
): ChannelSelector {
  const n = options.numChannels;
  if (!Number.isInteger(n) || n < 1) {
    throw new JobDefinitionError(`a ${kind} exchange needs at least one consumer subtask, got ${n}`);
  }
  switch (kind) {
    case "forward": {
      if (n !== options.producerParallelism) {
        throw new JobDefinitionError(
          `forward partitioning needs equal parallelism on both sides, got ${options.producerParallelism} producers and ${n} consumers`,
          { hint: "use rebalance() or rescale(), or give both operators the same parallelism" },
        );
      }
      const target = options.producerSubtask;
      return { selectChannel: () => target };
    }
    case "hash": {
      const keySelector = required(kind, "keySelector", options.keySelector);
      const maxParallelism = options.consumerMaxParallelism;
      if (!Number.isInteger(maxParallelism) || maxParallelism < n) {
        throw new JobDefinitionError(
          `the consumer's max parallelism ${maxParallelism} is lower than its parallelism ${n}`,
        );
      }
      if (n === 1) {
        // One consumer owns every key group: skip the hash, but still reject keys that have no
        // canonical encoding, exactly as a wider exchange would (primitives always have one).
        return {
          selectChannel: (value) => {
            const key = keySelector(value);
            if (typeof key !== "string" && typeof key !== "number") hashKey(key);
            return 0;
          },
        };
      }
      return {
        selectChannel: (value) =>
          computeOperatorIndexForKeyGroup(
            maxParallelism,
            n,
            assignToKeyGroup(keySelector(value), maxParallelism),
          ),
      };
    }
    case "rebalance": {
      let next = options.producerSubtask % n;
      return {
        selectChannel: () => {
          const target = next;
          next = next + 1 === n ? 0 : next + 1;
          return target;
        },
      };
    }
    case "rescale": {
      const range = rescaleTargets(options.producerSubtask, options.producerParallelism, n);
      const size = range.end - range.start;
      let offset = 0;
      return {
        selectChannel: () => {
          const target = range.start + offset;
          offset = offset + 1 === size ? 0 : offset + 1;
          return target;
        },
      };
    }
    case "shuffle": {
      const random = options.random ?? Math.random;
      return { selectChannel: () => Math.min(n - 1, Math.floor(random() * n)) };
    }
    case "broadcast":
      return { selectChannel: () => BROADCAST };
    case "global":
      return { selectChannel: () => 0 };
    case "custom": {
      const keySelector = required(kind, "keySelector", options.keySelector);
      const partitioner = required(kind, "customPartitioner", options.customPartitioner);
      return {
        selectChannel: (value) => {
          const target = partitioner(keySelector(value), n);
          if (!Number.isInteger(target) || target < 0 || target >= n) {
            throw new JobDefinitionError(
              `the custom partitioner returned ${String(target)}, which is not a channel index in [0, ${n})`,
              { hint: "a Partitioner must return an integer in [0, numPartitions)" },
            );
          }
          return target;
        },
      };
    }
    default:
      return unknownKind(kind);
  }
}

/**
 * The consumer subtasks `[start, end)` that producer `producerSubtask` feeds on a rescale edge
 * (Flink's pointwise connection pattern).
 */
export function rescaleTargets(
  producerSubtask: number,
  producerParallelism: number,
  consumerParallelism: number,
): { readonly start: number; readonly end: number } {
  const sources = producerParallelism;
  const targets = consumerParallelism;
  if (sources === targets) return { start: producerSubtask, end: producerSubtask + 1 };
  if (sources > targets) {
    // Consumer j reads producers [floor(j * S / T), floor((j + 1) * S / T)).
    for (let j = 0; j < targets; j++) {
      if (producerSubtask < Math.floor(((j + 1) * sources) / targets)) return { start: j, end: j + 1 };
    }
    return { start: targets - 1, end: targets };
  }
  return {
    start: Math.floor((producerSubtask * targets + sources - 1) / sources),
    end: Math.floor(((producerSubtask + 1) * targets + sources - 1) / sources),
  };
}

function required<T>(kind: PartitionerKind, what: string, value: T | undefined): T {
  if (value === undefined) {
    throw new InternalError(`a ${kind} exchange needs a ${what}, but the runtime passed none`);
  }
  return value;
}

function unknownKind(kind: never): never {
  throw new JobDefinitionError(`unknown partitioner ${String(kind)}`);
}
