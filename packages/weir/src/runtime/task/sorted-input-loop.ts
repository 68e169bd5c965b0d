/**
 * BATCH's sorted-input driver (Flink's `SortingDataInput` + `MultiInputSortingDataInput`): the
 * processing loop of a task whose head has keyed inputs in BATCH.
 *
 * 1. Collect: every record of a keyed edge goes into one `ExternalSorter` (all keyed inputs of
 *    the task together), keyed by `(key group, key)` from the edge's key selector; records of
 *    non-keyed edges (a broadcast side) are processed at once, so they are consumed first.
 *    Watermarks and ends of partition of keyed edges are held back; those of other edges pass.
 * 2. Replay: the merged, sorted records go to their operator inputs one key at a time; after the
 *    last record of each key (across all inputs) the key is finished: the operator's
 *    own `finishCurrentKey()` if it has one (rolling reduce emits its final value), then its
 *    `BatchKeyScope.finishCurrentKey()` (timers, state; operators/state/batch-key-scope.ts).
 * 3. The held watermarks and ends of partition are delivered, so the MAX watermark reaches the
 *    operator only after the sorted records.
 *
 * Memory: the sorter's budget (`execution.sorted-inputs.memory`, estimated from the encoded size
 * of the input buffers) and one block per spilled run. The replay checks cancellation, mails and
 * backpressure every `RECORDS_PER_TURN` records.
 */
import { readOption } from "../../core/config/option.js";
import { BatchOptions } from "../../core/config/options.js";
import { inputEdgesOf, type JobGraph, type JobVertex } from "../../core/jobgraph.js";
import { computeKeyGroupForKeyHash, hashKey } from "../../core/keygroups.js";
import { StreamRecord } from "../../operators/contract.js";
import type { KeySelectorFn } from "../../operators/executor.js";
import { parseTmpDirs } from "../network/blocking-result-store.js";
import type { InputGate } from "../network/types.js";
import { ExternalSorter } from "../sort/external-sorter.js";
import { SortKeyEncoder } from "../sort/sort-key.js";
import type { OperatorChain, UserCode } from "./operator-chain.js";
import {
  blockerOf,
  handleGateItem,
  type LoopControl,
  runGateLoop,
  yieldToEventLoop,
} from "./processing-loops.js";

/** Sorted records replayed per turn before the task checks mails, cancellation and backpressure. */
export const RECORDS_PER_TURN = 1024;
/** Per-entry overhead of the in-memory sort buffer (entry object, key array), in bytes. */
const ENTRY_OVERHEAD = 120;

/** What the driver needs to know about a task's inputs. */
export interface SortedInputSpec {
  /** Per input edge: its key selector if keyed (sorted), else undefined (passed through). */
  readonly keySelectors: readonly (KeySelectorFn | undefined)[];
  readonly maxParallelism: number;
  readonly memoryBytes: number;
  readonly tmpDirs: readonly string[];
  /** Called after the last record of each key. */
  readonly finishKey: () => void;
}

interface KeyFinisher {
  finishCurrentKey?(): void;
}

/**
 * The spec for a BATCH task with keyed inputs, or undefined when its inputs are processed in
 * arrival order (STREAMING, or no keyed input edge).
 */
export function sortedInputSpecOf(
  jobGraph: JobGraph,
  vertex: JobVertex,
  code: UserCode,
  chain: OperatorChain,
): SortedInputSpec | undefined {
  if (jobGraph.settings.runtimeMode !== "BATCH") return undefined;
  const edges = inputEdgesOf(jobGraph, vertex.id);
  const specById = new Map(vertex.operators.map((op) => [op.id, op]));
  const keySelectors = edges.map((edge) => {
    const keyed = specById.get(edge.targetOperatorId)?.keyedInputs[edge.targetInput] === true;
    return keyed && edge.partitioner === "hash" ? code.edgeKeySelectors.get(edge.id) : undefined;
  });
  if (keySelectors.every((k) => k === undefined)) return undefined;
  const targets = new Set(
    edges.filter((_, i) => keySelectors[i] !== undefined).map((e) => e.targetOperatorId),
  );
  const finishers: (() => void)[] = [];
  for (const chained of chain.operators) {
    if (!targets.has(chained.id)) continue;
    // The operator's own end of key first (a rolling reduce emits from its state), then the
    // scope's (timers fire, then the key's state is dropped).
    const op = chained.operator as KeyFinisher;
    if (typeof op.finishCurrentKey === "function") finishers.push(() => op.finishCurrentKey!());
    const scope = chained.batchKeyScope;
    if (scope) finishers.push(() => scope.finishCurrentKey());
  }
  const config = jobGraph.settings.config;
  return {
    keySelectors,
    maxParallelism: vertex.maxParallelism,
    memoryBytes: readOption(config, BatchOptions.SORTED_INPUTS_MEMORY),
    tmpDirs: parseTmpDirs(readOption(config, BatchOptions.TMP_DIRS)),
    finishKey: () => {
      for (const f of finishers) f();
    },
  };
}

/** Held events of one keyed input channel. */
interface HeldChannel {
  edgeIndex: number;
  channelIndex: number;
  watermark: number | undefined;
  ended: boolean;
}

export async function runSortedInputLoop(
  chain: OperatorChain,
  gate: InputGate,
  control: LoopControl,
  spec: SortedInputSpec,
): Promise<void> {
  const sorter = new ExternalSorter({ memoryBytes: spec.memoryBytes, tmpDirs: spec.tmpDirs });
  try {
    const held = await collect(chain, gate, control, spec, sorter);
    await replay(chain, control, spec, sorter);
    for (const h of held.values()) {
      const input = chain.edgeInputs[h.edgeIndex]!;
      const channel = input.channelBase + h.channelIndex;
      if (h.watermark !== undefined) input.valve.inputWatermark(channel, h.watermark);
      if (h.ended) input.valve.endChannel(channel);
    }
  } finally {
    sorter.close();
  }
}

async function collect(
  chain: OperatorChain,
  gate: InputGate,
  control: LoopControl,
  spec: SortedInputSpec,
  sorter: ExternalSorter,
): Promise<Map<string, HeldChannel>> {
  const keys = new SortKeyEncoder();
  const held = new Map<string, HeldChannel>();
  await runGateLoop(chain, gate, control, (item) => {
    const selector = spec.keySelectors[item.edgeIndex];
    // Non-keyed (e.g. broadcast) inputs are processed at once, so they are consumed first.
    if (selector === undefined) return handleGateItem(chain, item);
    if (item.kind === "records") {
      const records = item.records;
      const m = gate.metrics?.();
      const perRecord = m && m.records > 0 ? (m.bytes / m.records) * 3 : 64;
      for (let i = 0; i < records.length; i++) {
        const r = records[i]!;
        const key = selector(r.value);
        const group = computeKeyGroupForKeyHash(hashKey(key), spec.maxParallelism);
        const sortKey = keys.encode(group, key);
        sorter.add(
          sortKey,
          item.edgeIndex,
          r.value,
          r.timestamp,
          perRecord + sortKey.length + ENTRY_OVERHEAD,
        );
      }
      return true;
    }
    // Keyed channels' watermarks and ends are held back until the sorted records were replayed.
    const event = item.event;
    const k = `${item.edgeIndex}/${item.channelIndex}`;
    let h = held.get(k);
    if (!h) {
      h = { edgeIndex: item.edgeIndex, channelIndex: item.channelIndex, watermark: undefined, ended: false };
      held.set(k, h);
    }
    if (event.kind === "watermark") h.watermark = Math.max(h.watermark ?? event.timestamp, event.timestamp);
    else if (event.kind === "endOfPartition") h.ended = true;
    return false;
  });
  return held;
}

async function replay(
  chain: OperatorChain,
  control: LoopControl,
  spec: SortedInputSpec,
  sorter: ExternalSorter,
): Promise<void> {
  const cursor = sorter.sorted();
  const record = new StreamRecord<unknown>(undefined);
  let previous: string | undefined;
  for (;;) {
    control.beginTurn();
    const blocker = blockerOf(chain);
    if (blocker) {
      await control.waitFor(blocker);
      continue;
    }
    for (let n = 0; n < RECORDS_PER_TURN; n++) {
      const entry = cursor.next();
      if (entry === undefined) {
        if (previous !== undefined) spec.finishKey();
        control.endTurn();
        return;
      }
      if (previous !== undefined && previous !== entry.key) spec.finishKey();
      previous = entry.key;
      record.value = entry.value;
      record.timestamp = entry.timestamp;
      chain.edgeInputs[entry.input]!.process(record);
    }
    control.endTurn();
    await yieldToEventLoop();
  }
}
