/**
 * Outputs of the operators of a chain (Flink's `ChainingOutput`, `RecordWriterOutput`,
 * `BroadcastingOutputCollector`).
 *
 * An operator's `ChainOutput` fans each record out to its links: chained successors (a direct,
 * synchronous `processElement` call on the same record object) and record writers of the network
 * edges leaving the operator. Side outputs go to the links registered for their tag; records for
 * an unknown tag are dropped. Watermarks go to every link, main and side, as in Flink.
 *
 * Successors receive the caller's record by reference and must not mutate it (operators emit
 * through their own reused `StreamRecord`), so fan-out needs no copy.
 */
import type { Output, OutputTagRef, StreamRecord } from "../../operators/contract.js";
import type { RecordWriter } from "../network/types.js";
import type { WatermarkValve } from "./watermark-valve.js";

/** One destination of an operator's output. */
export interface OutputLink {
  /** Undefined for the main output. */
  readonly sideOutputTag: string | undefined;
  emit(record: StreamRecord<unknown>): void;
  emitWatermark(watermark: number): void;
  emitWatermarkStatus(idle: boolean): void;
}

/** Feeds a chained operator's input (a plain function call) and its watermark valve channel. */
export class ChainedLink implements OutputLink {
  constructor(
    readonly sideOutputTag: string | undefined,
    private readonly process: (record: StreamRecord<unknown>) => void,
    private readonly valve: WatermarkValve,
    private readonly valveChannel: number,
  ) {}

  emit(record: StreamRecord<unknown>): void {
    this.process(record);
  }

  emitWatermark(watermark: number): void {
    this.valve.inputWatermark(this.valveChannel, watermark);
  }

  emitWatermarkStatus(idle: boolean): void {
    this.valve.inputStatus(this.valveChannel, idle);
  }
}

/** Serializes into a network edge's record writer. */
export class WriterLink implements OutputLink {
  constructor(
    readonly sideOutputTag: string | undefined,
    readonly writer: RecordWriter,
  ) {}

  emit(record: StreamRecord<unknown>): void {
    this.writer.emit(record);
  }

  emitWatermark(watermark: number): void {
    this.writer.broadcastEvent({ kind: "watermark", timestamp: watermark });
  }

  emitWatermarkStatus(idle: boolean): void {
    this.writer.broadcastEvent({ kind: "watermarkStatus", idle });
  }
}

export class ChainOutput implements Output<unknown> {
  private readonly main: OutputLink[];
  private readonly side = new Map<string, OutputLink[]>();
  private readonly single: OutputLink | undefined;

  constructor(private readonly links: readonly OutputLink[]) {
    this.main = links.filter((l) => l.sideOutputTag === undefined);
    this.single = this.main.length === 1 ? this.main[0] : undefined;
    for (const link of links) {
      if (link.sideOutputTag === undefined) continue;
      const list = this.side.get(link.sideOutputTag);
      if (list) list.push(link);
      else this.side.set(link.sideOutputTag, [link]);
    }
  }

  collect(record: StreamRecord<unknown>): void {
    if (this.single !== undefined) {
      this.single.emit(record);
      return;
    }
    const main = this.main;
    for (let i = 0; i < main.length; i++) main[i]!.emit(record);
  }

  collectSide<X>(tag: OutputTagRef, record: StreamRecord<X>): void {
    const links = this.side.get(tag.id);
    if (links === undefined) return;
    for (let i = 0; i < links.length; i++) links[i]!.emit(record as StreamRecord<unknown>);
  }

  emitWatermark(watermark: number): void {
    const links = this.links;
    for (let i = 0; i < links.length; i++) links[i]!.emitWatermark(watermark);
  }

  /** Watermark status goes where watermarks go: every link. */
  emitWatermarkStatus(idle: boolean): void {
    const links = this.links;
    for (let i = 0; i < links.length; i++) links[i]!.emitWatermarkStatus(idle);
  }
}
