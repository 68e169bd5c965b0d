// weir run docs/snippets/execute-async.ts
import { StreamExecutionEnvironment } from "weir";

export default async function main(): Promise<void> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env.fromElements("a", "b").print();
  // Returns once the job was accepted; the JobClient observes and controls it.
  const client = await env.executeAsync("async job");
  const result = await client.getJobExecutionResult(); // rejects if the job failed
  console.error(`${result.jobName} ${await client.getJobStatus()}`);
}
