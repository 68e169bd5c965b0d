/**
 * Combines the watermarks of an operator's input channels (Flink's `StatusWatermarkValve`).
 *
 * One valve per operator; one channel per upstream: each producer subtask of every incoming
 * network edge, and each chained upstream operator. The operator's watermark is the minimum over
 * the channels that have not ended, and it only advances: `onAdvance` is called with the new
 * value when that minimum rises above the last one emitted. For a two-input operator the valve
 * spans the channels of both inputs, which is the minimum of the two inputs' watermarks.
 *
 * Channels that ended (end of partition) no longer hold the watermark back. When every channel
 * ended nothing is emitted: a bounded upstream sends the maximum watermark before it ends.
 *
 * Idle channels (watermark status, Flink's `WatermarkStatus.IDLE`) do not hold the watermark back
 * either. When every live channel is idle the valve reports `onStatus(true)` (the operator's
 * output becomes idle); when one becomes active again, `onStatus(false)`. A channel that becomes
 * active with a watermark below the current one does not lower it (watermarks only advance).
 */
import { MIN_WATERMARK } from "../../operators/contract.js";

export class WatermarkValve {
  private readonly watermarks: number[];
  private readonly ended: boolean[];
  private readonly idle: boolean[];
  private current = MIN_WATERMARK;
  private outputIdle = false;

  constructor(
    numChannels: number,
    private readonly onAdvance: (watermark: number) => void,
    private readonly onStatus?: (idle: boolean) => void,
  ) {
    this.watermarks = new Array<number>(numChannels).fill(MIN_WATERMARK);
    this.ended = new Array<boolean>(numChannels).fill(false);
    this.idle = new Array<boolean>(numChannels).fill(false);
  }

  get numChannels(): number {
    return this.watermarks.length;
  }

  /** The last watermark emitted (MIN_WATERMARK before the first). */
  get currentWatermark(): number {
    return this.current;
  }

  /** Channel `channel` reported `watermark`; lower values than the channel's last are ignored. */
  inputWatermark(channel: number, watermark: number): void {
    if (this.ended[channel]) return;
    if (this.idle[channel]) {
      // A watermark from an idle channel means it is active again.
      this.idle[channel] = false;
      if (watermark > this.watermarks[channel]!) this.watermarks[channel] = watermark;
      this.recompute();
      return;
    }
    if (!(watermark > this.watermarks[channel]!)) return;
    this.watermarks[channel] = watermark;
    this.recompute();
  }

  /** Channel `channel` became idle (`true`) or active (`false`). */
  inputStatus(channel: number, idle: boolean): void {
    if (this.ended[channel] || this.idle[channel] === idle) return;
    this.idle[channel] = idle;
    this.recompute();
  }

  /** Channel `channel` ended: it no longer takes part in the minimum. */
  endChannel(channel: number): void {
    if (this.ended[channel]) return;
    this.ended[channel] = true;
    this.recompute();
  }

  private recompute(): void {
    let min = Number.POSITIVE_INFINITY;
    let active = 0;
    let live = 0;
    for (let i = 0; i < this.watermarks.length; i++) {
      if (this.ended[i]) continue;
      live++;
      if (this.idle[i]) continue;
      active++;
      const w = this.watermarks[i]!;
      if (w < min) min = w;
    }
    const allIdle = live > 0 && active === 0;
    if (allIdle !== this.outputIdle) {
      this.outputIdle = allIdle;
      // Becoming active is announced before any watermark it may release.
      this.onStatus?.(allIdle);
    }
    if (active === 0 || !(min > this.current)) return;
    this.current = min;
    this.onAdvance(min);
  }
}
