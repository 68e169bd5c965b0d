/** `ConnectedStreams.flatMap`: `flatMap1`/`flatMap2` per input (Flink's `CoStreamFlatMap`). */
import { AbstractUdfStreamOperator } from "./abstract-operator.js";
import type { StreamRecord, TwoInputStreamOperator } from "./contract.js";
import type { CoFlatMapFunction } from "./functions.js";
import { TimestampedCollector } from "./timestamped-collector.js";

export class CoStreamFlatMap<IN1, IN2, OUT>
  extends AbstractUdfStreamOperator<OUT>
  implements TwoInputStreamOperator<IN1, IN2, OUT>
{
  readonly inputArity = 2;
  private collector: TimestampedCollector<OUT> | undefined;

  constructor(private readonly flatMapper: CoFlatMapFunction<IN1, IN2, OUT>) {
    super(flatMapper);
  }

  override open(): void | Promise<void> {
    this.collector = new TimestampedCollector(this.output);
    return super.open();
  }

  processElement1(record: StreamRecord<IN1>): void {
    const collector = this.collector!;
    collector.setTimestampFrom(record);
    this.flatMapper.flatMap1(record.value, collector);
  }

  processElement2(record: StreamRecord<IN2>): void {
    const collector = this.collector!;
    collector.setTimestampFrom(record);
    this.flatMapper.flatMap2(record.value, collector);
  }
}
