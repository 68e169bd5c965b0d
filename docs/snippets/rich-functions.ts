// weir run -p 2 docs/snippets/rich-functions.ts --factor 10
import { type MapFunction, type RuntimeContext, StreamExecutionEnvironment } from "weir";

class Multiply implements MapFunction<number, string> {
  private factor = 1;
  private task = "";
  private count = 0;

  /** Runs once per subtask before the first record. */
  open(context: RuntimeContext): void {
    // Job parameters: the job's `--key value` arguments over the effective configuration.
    this.factor = Number(context.getJobParameters().factor ?? "1");
    this.task = `${context.getIndexOfThisSubtask() + 1}/${context.getNumberOfParallelSubtasks()}`;
  }

  map(value: number): string {
    this.count++; // a field of a function object is per subtask: each subtask has its own copy
    return `${value} x ${this.factor} = ${value * this.factor}`;
  }

  /** Runs once per subtask at the end (also after a failure). */
  close(): void {
    console.error(`subtask ${this.task} mapped ${this.count} values`);
  }
}

export default async function main(): Promise<void> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env.fromSequence(1, 4).map(new Multiply()).print();
  await env.execute("rich functions");
}
