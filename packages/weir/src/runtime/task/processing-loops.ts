/**
 * The two processing loops of a task (Flink's `StreamTask#processInput` for sources and for
 * network inputs). Each iteration is one *turn*: run the task's mails, check backpressure (every
 * record writer's availability and every operator's `backpressure()`), then process one input
 * buffer or up to `SOURCE_CALLS_PER_TURN` source calls, and yield to the event loop so that other
 * tasks sharing the thread get their turn. Waiting (for input, for backpressure to clear) goes
 * through `LoopControl.waitFor`, which also wakes on a new mail or cancellation.
 */

import { InternalError } from "../../core/errors.js";
import type { StreamOperator } from "../../operators/contract.js";
import type { GateItem, InputGate } from "../network/types.js";
import type { OperatorChain } from "./operator-chain.js";

/** How many `emitNext` calls a source task makes per turn before yielding. */
export const SOURCE_CALLS_PER_TURN = 64;
/** How many consecutive gate events a task handles before yielding. */
export const EVENTS_PER_TURN = 64;

/** What the loops need from their task. */
export interface LoopControl {
  /** Runs pending mails; throws when the task was cancelled or a waited-on promise rejected. */
  beginTurn(): void;
  /** End of a turn that produced output (flush when the buffer timeout is 0). */
  endTurn(): void;
  /** Waits for `promise`, a new mail or cancellation, whichever comes first. */
  waitFor(promise: Promise<unknown>): Promise<void>;
}

/** Drives the chain's head source until it reports the end of input. */
export async function runSourceLoop(chain: OperatorChain, control: LoopControl): Promise<void> {
  const source = chain.source!;
  for (;;) {
    control.beginTurn();
    const blocker = blockerOf(chain);
    if (blocker) {
      await control.waitFor(blocker);
      continue;
    }
    let status: "MORE_AVAILABLE" | "NOTHING_AVAILABLE" | "END_OF_INPUT" = "MORE_AVAILABLE";
    for (let i = 0; i < SOURCE_CALLS_PER_TURN; i++) {
      status = source.emitNext();
      if (status !== "MORE_AVAILABLE" || !writersAvailable(chain)) break;
    }
    control.endTurn();
    if (status === "END_OF_INPUT") return;
    if (status === "NOTHING_AVAILABLE") await control.waitFor(source.isAvailable());
    else await yieldToEventLoop();
  }
}

/** Feeds the gate's buffers and events to the chain until every input channel ended. */
export function runInputLoop(chain: OperatorChain, gate: InputGate, control: LoopControl): Promise<void> {
  return runGateLoop(chain, gate, control, (item) => handleGateItem(chain, item));
}

/**
 * Drives `gate` on the task's mailbox until every input channel ended: waits while the chain is
 * backpressured or the gate is empty, hands each item to `onItem`, and ends the turn (yielding to
 * the event loop) after a batch of records (`onItem` returns true) or `EVENTS_PER_TURN` events.
 */
export async function runGateLoop(
  chain: OperatorChain,
  gate: InputGate,
  control: LoopControl,
  onItem: (item: GateItem) => boolean,
): Promise<void> {
  let events = 0;
  for (;;) {
    control.beginTurn();
    if (gate.isFinished()) return;
    const blocker = blockerOf(chain);
    if (blocker) {
      await control.waitFor(blocker);
      continue;
    }
    const item = gate.poll();
    if (item === undefined) {
      control.endTurn();
      await control.waitFor(gate.availability());
      continue;
    }
    if (onItem(item) || ++events >= EVENTS_PER_TURN) {
      events = 0;
      control.endTurn();
      await yieldToEventLoop();
    }
  }
}

/** Hands an item to the chain; returns true when it was a batch of records (the end of a turn). */
export function handleGateItem(chain: OperatorChain, item: GateItem): boolean {
  const input = chain.edgeInputs[item.edgeIndex];
  if (!input) {
    throw new InternalError(
      `input gate delivered edge index ${item.edgeIndex} of ${chain.edgeInputs.length}`,
    );
  }
  if (item.kind === "records") {
    const { process } = input;
    const records = item.records;
    for (let i = 0; i < records.length; i++) process(records[i]!);
    return true;
  }
  const event = item.event;
  const channel = input.channelBase + item.channelIndex;
  if (event.kind === "watermark") input.valve.inputWatermark(channel, event.timestamp);
  else if (event.kind === "watermarkStatus") input.valve.inputStatus(channel, event.idle);
  else if (event.kind === "endOfPartition") input.valve.endChannel(channel);
  // Checkpoint barriers arrive with the checkpointing work; until then there are none.
  return false;
}

function writersAvailable(chain: OperatorChain): boolean {
  const writers = chain.writers;
  for (let i = 0; i < writers.length; i++) if (!writers[i]!.isAvailable()) return false;
  return true;
}

/** What the task must wait for before taking more input, if anything. */
export function blockerOf(chain: OperatorChain): Promise<unknown> | undefined {
  for (const writer of chain.writers) if (!writer.isAvailable()) return writer.availability();
  for (const { operator } of chain.operators) {
    const pending = (operator as StreamOperator<unknown>).backpressure?.();
    if (pending) return pending;
  }
  return undefined;
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
