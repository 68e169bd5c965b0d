/** `ConnectedStreams.map`: `map1` for the first input, `map2` for the second (Flink's `CoStreamMap`). */
import { AbstractUdfStreamOperator } from "./abstract-operator.js";
import { StreamRecord, type TwoInputStreamOperator } from "./contract.js";
import type { CoMapFunction } from "./functions.js";

export class CoStreamMap<IN1, IN2, OUT>
  extends AbstractUdfStreamOperator<OUT>
  implements TwoInputStreamOperator<IN1, IN2, OUT>
{
  readonly inputArity = 2;
  private readonly reuse = new StreamRecord<OUT>(undefined as OUT);

  constructor(private readonly mapper: CoMapFunction<IN1, IN2, OUT>) {
    super(mapper);
  }

  processElement1(record: StreamRecord<IN1>): void {
    this.emit(this.mapper.map1(record.value), record);
  }

  processElement2(record: StreamRecord<IN2>): void {
    this.emit(this.mapper.map2(record.value), record);
  }

  private emit(value: OUT, from: StreamRecord<unknown>): void {
    const reuse = this.reuse;
    reuse.value = value;
    reuse.timestamp = from.timestamp;
    this.output.collect(reuse);
  }
}
