/** `DataStream.map`: one output per input, with the input's timestamp (Flink's `StreamMap`). */
import { AbstractUdfStreamOperator } from "./abstract-operator.js";
import { type OneInputStreamOperator, StreamRecord } from "./contract.js";
import type { MapFunctionLike } from "./functions.js";

export class StreamMap<IN, OUT>
  extends AbstractUdfStreamOperator<OUT>
  implements OneInputStreamOperator<IN, OUT>
{
  readonly inputArity = 1;
  private readonly map: (value: IN) => OUT;
  private readonly reuse = new StreamRecord<OUT>(undefined as OUT);

  constructor(mapper: MapFunctionLike<IN, OUT>) {
    super(mapper);
    this.map = typeof mapper === "function" ? mapper : (value) => mapper.map(value);
  }

  processElement(record: StreamRecord<IN>): void {
    const reuse = this.reuse;
    reuse.value = this.map(record.value);
    reuse.timestamp = record.timestamp;
    this.output.collect(reuse);
  }
}
