/**
 * BATCH execution of keyed operators (flink-facts §D.3; Flink's `BatchExecutionInternalTimeService`
 * and `BatchExecutionKeyedStateBackend`): the contract between the sorted-input driver (BATCH work)
 * and an operator's keyed state and timers (time/state work).
 *
 * Who holds it: in BATCH, the runtime creates one `BatchKeyScope` per keyed operator of a chain and
 * exposes it as `ChainedOperator.batchKeyScope` (`runtime/task/operator-chain.ts`); the test harness
 * exposes it as `harness.batchKeyScope`. It is `undefined` in STREAMING and for non-keyed operators.
 *
 * Protocol:
 * - While records flow no watermark reaches the operator and no timer fires; the watermark the
 *   operator and its timer services see is MIN.
 * - With sorted input, the driver calls `finishCurrentKey()` after the last record of each key (all
 *   inputs' records of that key, for two-input keyed operators). It, in this order:
 *   1. sets the operator's watermark (timer services' `currentWatermark()`) to MAX;
 *   2. fires the key's event-time timers in timestamp order, then its processing-time timers in
 *      timestamp order (the backend's current key set to that key);
 *   3. drops timers registered from those callbacks, logging the warning "Timer service is
 *      quiesced" once per operator;
 *   4. resets the watermark to MIN and removes the key's state in every state and namespace.
 *   Calling it when the current key has no timers and no state is cheap (a few map lookups).
 * - At the end of input (the MAX watermark reaching the operator: the runtime calls `endInput()`
 *   before the operator's `processWatermark(MAX)`), the last key is finished, then every other key
 *   that still has timers (only possible with unsorted input) is finished, key by key in key-group
 *   order; then all remaining state is dropped. So BATCH jobs give Flink's final results even
 *   before sorted inputs exist, only without the memory bound.
 * - Non-keyed operators in BATCH get no scope: they see only the MAX watermark at the end of input.
 *
 * The sorted-input driver must therefore deliver the MAX watermark (or end of input) to the
 * operator *after* the sorted records, never before.
 */
export interface BatchKeyScope {
  /** The last record of the current key was processed (sorted input). See the module comment. */
  finishCurrentKey(): void;
  /** End of input: finish the current key and every key that still has timers; drop all state. */
  endInput(): void;
}

/** The warning logged (once per operator) when a timer is registered during BATCH end-of-key firing. */
export const QUIESCED_TIMER_WARNING = "Timer service is quiesced";
