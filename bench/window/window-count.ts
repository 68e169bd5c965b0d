/**
 * Benchmark job: a keyed event-time tumbling-window count. `--events N` sequence numbers, event
 * time = n / 100 ms (100 events per millisecond), key = n % `--keys`, 1 s windows, count per key
 * and window. The sink prints one `windows=<W> total=<T>` line per subtask at the end, which the
 * benchmark checks against the exact values.
 */
import { parseArgs } from "node:util";
import {
  NumberSequenceSource,
  type Sink,
  type SinkWriter,
  StreamExecutionEnvironment,
  TumblingEventTimeWindows,
  WatermarkStrategy,
} from "weir";

class CountingWriter implements SinkWriter<number> {
  private windows = 0;
  private total = 0;
  write(count: number): void {
    this.windows++;
    this.total += count;
  }
  backpressure(): undefined {
    return undefined;
  }
  async flush(endOfInput: boolean): Promise<void> {
    if (endOfInput) process.stdout.write(`windows=${this.windows} total=${this.total}\n`);
  }
  async close(): Promise<void> {}
}

export default async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { events: { type: "string", default: "2000000" }, keys: { type: "string", default: "1000" } },
  });
  const events = Number(values.events);
  const keys = Number(values.keys);
  const sink: Sink<number> = { createWriter: () => new CountingWriter() };
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env
    .fromSource(
      new NumberSequenceSource(1, events),
      WatermarkStrategy.forMonotonousTimestamps<number>().withTimestampAssigner((n) => Math.floor(n / 100)),
      "sequence",
    )
    .keyBy((n) => n % keys)
    .window(TumblingEventTimeWindows.of(1000))
    .aggregate({
      createAccumulator: () => 0,
      add: (_n: number, acc: number) => acc + 1,
      getResult: (acc: number) => acc,
      merge: (a: number, b: number) => a + b,
    })
    .sinkTo(sink);
  await env.execute("keyed tumbling-window count");
}
