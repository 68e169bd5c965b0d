/** `DataStream.flatMap`: zero or more outputs per input, each with the input's timestamp (Flink's `StreamFlatMap`). */
import { AbstractUdfStreamOperator } from "./abstract-operator.js";
import type { OneInputStreamOperator, StreamRecord } from "./contract.js";
import type { Collector, FlatMapFunctionLike } from "./functions.js";
import { TimestampedCollector } from "./timestamped-collector.js";

export class StreamFlatMap<IN, OUT>
  extends AbstractUdfStreamOperator<OUT>
  implements OneInputStreamOperator<IN, OUT>
{
  readonly inputArity = 1;
  private readonly flatMap: (value: IN, out: Collector<OUT>) => void;
  private collector: TimestampedCollector<OUT> | undefined;

  constructor(flatMapper: FlatMapFunctionLike<IN, OUT>) {
    super(flatMapper);
    this.flatMap =
      typeof flatMapper === "function" ? flatMapper : (value, out) => flatMapper.flatMap(value, out);
  }

  override open(): void | Promise<void> {
    this.collector = new TimestampedCollector(this.output);
    return super.open();
  }

  processElement(record: StreamRecord<IN>): void {
    const collector = this.collector!;
    collector.setTimestampFrom(record);
    this.flatMap(record.value, collector);
  }
}
