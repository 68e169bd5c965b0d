// weir run docs/snippets/socket-source.ts localhost 9999   (start a server first: nc -lk 9999)
import { type Collector, StreamExecutionEnvironment } from "weir";

function words(line: string, out: Collector<[string, number]>): void {
  for (const word of line.toLowerCase().split(/\W+/)) if (word !== "") out.collect([word, 1]);
}

export default async function main(args: string[]): Promise<void> {
  const [host = "localhost", port = "9999"] = args;
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  // Unbounded; read by one subtask; ends when the server closes the connection.
  env.socketTextStream(host, Number(port)).flatMap(words).keyBy(0).sum(1).print();
  await env.execute("socket word count");
}
