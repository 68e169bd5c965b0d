// weir run docs/snippets/job-arguments.ts --greeting Hello --times 2
import { parseArgs } from "node:util";
import { StreamExecutionEnvironment } from "weir";

export default async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { greeting: { type: "string", default: "Hi" }, times: { type: "string", default: "1" } },
  });
  const greeting = values.greeting;
  const times = Number(values.times);

  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  env
    .fromElements("Ada", "Grace")
    // The closure captures `greeting` and `times`: every worker re-runs main with the same
    // arguments, so it computes the same values.
    .map((name) => `${greeting}, ${name}${"!".repeat(times)}`)
    .print();
  await env.execute("greeter");
}
