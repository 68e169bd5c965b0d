// weir run -p 2 docs/snippets/custom-sink.ts
import {
  type Sink,
  type SinkFunction,
  type SinkFunctionContext,
  type SinkWriter,
  type SinkWriterContext,
  StreamExecutionEnvironment,
} from "weir";

/** A unified Sink: one writer per subtask; `write` is synchronous, I/O happens in `flush`. */
class ConsoleBatchSink implements Sink<number> {
  createWriter(context: SinkWriterContext): SinkWriter<number> {
    const batch: number[] = [];
    return {
      write: (value) => {
        batch.push(value);
      },
      backpressure: () => undefined, // never over budget: this writer only buffers
      flush: async (endOfInput) => {
        if (endOfInput) console.log(`writer ${context.subtaskIndex} got ${batch.length} values`);
      },
      close: async () => {},
    };
  }
}

/** A legacy SinkFunction: `invoke` per record, optional open/finish/close. */
class Threshold implements SinkFunction<number> {
  invoke(value: number, _context: SinkFunctionContext): void {
    if (value > 9) console.log(`big value: ${value}`);
  }
}

export default async function main(): Promise<void> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const numbers = env.fromSequence(1, 10);
  numbers.sinkTo(new ConsoleBatchSink()).name("batch-sink").setParallelism(1);
  numbers.addSink(new Threshold()).name("threshold");
  await env.execute("custom sinks");
}
