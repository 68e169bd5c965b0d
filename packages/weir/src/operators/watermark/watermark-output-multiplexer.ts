/**
 * Combines the watermarks of several outputs (per-split generators in a source) into one
 * (Flink's `WatermarkOutputMultiplexer`): the combined watermark is the minimum over the outputs
 * that are not idle; when every output is idle the combined output is idle. Downstream sees only
 * advancing watermarks, and a status change before the first watermark after it.
 */
import { MIN_WATERMARK } from "../contract.js";
import type { WatermarkOutput } from "./watermark-generator.js";

/** Where combined watermarks go (an operator's `Output`). */
export interface WatermarkSink {
  emitWatermark(watermark: number): void;
  emitWatermarkStatus?(idle: boolean): void;
}

interface OutputState {
  watermark: number;
  idle: boolean;
}

export class WatermarkOutputMultiplexer {
  private readonly outputs = new Map<string, OutputState>();
  private combined = MIN_WATERMARK;
  private idle = false;

  constructor(private readonly sink: WatermarkSink) {}

  /** Registers output `id` (active, at MIN) and returns its `WatermarkOutput`. */
  register(id: string): WatermarkOutput {
    const state: OutputState = { watermark: MIN_WATERMARK, idle: false };
    this.outputs.set(id, state);
    this.update();
    return {
      emitWatermark: (watermark) => {
        state.idle = false;
        if (watermark > state.watermark) state.watermark = watermark;
        this.update();
      },
      markIdle: () => {
        state.idle = true;
        this.update();
      },
      markActive: () => {
        state.idle = false;
        this.update();
      },
    };
  }

  /** Removes output `id` (a finished split): it no longer holds the watermark back. */
  unregister(id: string): void {
    if (this.outputs.delete(id)) this.update();
  }

  has(id: string): boolean {
    return this.outputs.has(id);
  }

  get currentWatermark(): number {
    return this.combined;
  }

  private update(): void {
    let min = Number.POSITIVE_INFINITY;
    let active = 0;
    for (const state of this.outputs.values()) {
      if (state.idle) continue;
      active++;
      if (state.watermark < min) min = state.watermark;
    }
    if (active === 0) {
      if (this.outputs.size > 0 && !this.idle) {
        this.idle = true;
        this.sink.emitWatermarkStatus?.(true);
      }
      return;
    }
    if (this.idle) {
      this.idle = false;
      this.sink.emitWatermarkStatus?.(false);
    }
    if (min > this.combined) {
      this.combined = min;
      this.sink.emitWatermark(min);
    }
  }
}
