/**
 * The producer's end of one channel: credit accounting and the bounded queue of unsent buffers.
 *
 * A buffer is posted (transferred) only against a credit from the consumer; otherwise it waits in
 * the queue. Events need no credit but keep their place in the queue, so the consumer sees records
 * and events in emission order. `isFull()` is true while `maxQueued` buffers wait; the writer then
 * reports itself unavailable. Credits arrive on the port; `onProgress` tells the writer that the
 * queue may have shrunk; `onFailure` that the transport failed (`PortLike.onError`) while open.
 */

import { closeQuietly, listen, type PortLike } from "./port.js";
import type { NetworkEvent } from "./types.js";

export class OutputChannel {
  private credits = 0;
  private readonly queue: (ArrayBuffer | NetworkEvent)[] = [];
  private queuedBuffers = 0;
  private closed = false;
  /** Buffers and bytes posted so far. */
  buffersSent = 0;
  bytesSent = 0;

  constructor(
    private readonly port: PortLike,
    private readonly maxQueued: number,
    private readonly onProgress: () => void,
    onFailure: (error: Error) => void = () => undefined,
  ) {
    listen(port, (message) => {
      if (typeof message !== "number" || this.closed) return;
      this.credits += message;
      this.drain();
      this.onProgress();
    });
    port.onError?.((error) => {
      if (!this.closed) onFailure(error);
    });
  }

  /** True while the queue of unsent buffers is at its limit. */
  isFull(): boolean {
    return this.queuedBuffers >= this.maxQueued;
  }

  /** True when nothing waits to be sent. */
  isIdle(): boolean {
    return this.queue.length === 0;
  }

  /** Sends `buffer` (transferring it) if a credit is available, else queues it. */
  sendBuffer(buffer: ArrayBuffer): void {
    if (this.closed) return;
    if (this.queue.length === 0 && this.credits > 0) {
      this.postBuffer(buffer);
    } else {
      this.queue.push(buffer);
      this.queuedBuffers++;
    }
  }

  /** Sends `event` after everything queued before it. */
  sendEvent(event: NetworkEvent): void {
    if (this.closed) return;
    if (this.queue.length === 0) this.port.postMessage(event);
    else this.queue.push(event);
  }

  /** Drops the queue and closes the port; messages already posted are still delivered. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.queuedBuffers = 0;
    closeQuietly(this.port);
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      if (head instanceof ArrayBuffer) {
        if (this.credits === 0) return;
        this.queue.shift();
        this.queuedBuffers--;
        this.postBuffer(head);
      } else {
        this.queue.shift();
        this.port.postMessage(head);
      }
    }
  }

  private postBuffer(buffer: ArrayBuffer): void {
    this.credits--;
    this.buffersSent++;
    this.bytesSent += buffer.byteLength;
    this.port.postMessage(buffer, [buffer]);
  }
}
