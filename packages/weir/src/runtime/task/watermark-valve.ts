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
 */
import { MIN_WATERMARK } from "../../operators/contract.js";

export class WatermarkValve {
  private readonly watermarks: number[];
  private readonly ended: boolean[];
  private current = MIN_WATERMARK;

  constructor(
    numChannels: number,
    private readonly onAdvance: (watermark: number) => void,
  ) {
    this.watermarks = new Array<number>(numChannels).fill(MIN_WATERMARK);
    this.ended = new Array<boolean>(numChannels).fill(false);
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
    if (this.ended[channel] || !(watermark > this.watermarks[channel]!)) return;
    this.watermarks[channel] = watermark;
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
    for (let i = 0; i < this.watermarks.length; i++) {
      if (this.ended[i]) continue;
      active++;
      const w = this.watermarks[i]!;
      if (w < min) min = w;
    }
    if (active === 0 || !(min > this.current)) return;
    this.current = min;
    this.onAdvance(min);
  }
}
