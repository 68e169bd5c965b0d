// Copy this file anywhere, e.g. /tmp/job.ts, and run it with the repository's CLI:
//   cd /tmp && /path/to/weir/node_modules/.bin/weir run job.ts
import { StreamExecutionEnvironment } from "weir";

export default async function main(): Promise<void> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env.fromElements(10, 20, 30).print();
  await env.execute("anywhere");
}
