/** Test helper: lets the event loop turn until `condition` holds, at most `maxTurns` times (no wall time). */
export async function turnUntil(condition: () => boolean, maxTurns = 20_000): Promise<void> {
  for (let i = 0; i < maxTurns; i++) {
    if (condition()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`condition not reached within ${maxTurns} event loop turns`);
}

/** Count of `MessagePort` resources keeping this thread's event loop alive. */
export function activeMessagePorts(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "MessagePort").length;
}
