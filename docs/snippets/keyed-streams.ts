// weir run docs/snippets/keyed-streams.ts
import { type KeySelector, StreamExecutionEnvironment } from "weir";

interface Reading {
  sensor: string;
  room: string;
  temp: number;
}

class ByRoom implements KeySelector<Reading, string> {
  getKey(reading: Reading): string {
    return reading.room;
  }
}

export default async function main(): Promise<void> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment();
  const readings = env.fromElements<Reading>(
    { sensor: "s1", room: "kitchen", temp: 21 },
    { sensor: "s2", room: "hall", temp: 17 },
    { sensor: "s1", room: "kitchen", temp: 25 },
    { sensor: "s3", room: "hall", temp: 19 },
  );

  // Four ways to say "by key": a lambda, a KeySelector object, a property name, a tuple position.
  readings
    .keyBy((r) => r.sensor)
    .max("temp")
    .print("lambda");
  readings.keyBy(new ByRoom()).sum("temp").print("selector");
  readings.keyBy("room").maxBy("temp").print("field");
  readings
    .map((r): [string, number] => [r.room, 1])
    .keyBy(0)
    .sum(1)
    .print("position");

  await env.execute("keyed streams");
}
