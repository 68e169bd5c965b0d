/**
 * The hand-written single-threaded WordCount baseline: streams the file in 1 MiB chunks (bounded
 * memory), tokenizes exactly like `examples/wordcount.ts` (lower-case, split on /\W+/, drop
 * empty tokens) and counts in a Map. Writes `{ words, counts: [[word, count], ...] }` to the
 * output file; that result is the reference every other contender is checked against.
 *
 *   node node-loop.mjs <input.txt> <result.json>
 */
import { createReadStream, writeFileSync } from "node:fs";

const [input, output] = process.argv.slice(2);
if (input === undefined || output === undefined)
  throw new Error("usage: node-loop.mjs <input> <result.json>");

const counts = new Map();
let words = 0;

function countLine(line) {
  for (const token of line.toLowerCase().split(/\W+/)) {
    if (token.length > 0) {
      counts.set(token, (counts.get(token) ?? 0) + 1);
      words++;
    }
  }
}

let rest = "";
for await (const chunk of createReadStream(input, { encoding: "utf8", highWaterMark: 1 << 20 })) {
  const text = rest + chunk;
  let start = 0;
  let newline = text.indexOf("\n", start);
  while (newline !== -1) {
    countLine(text.slice(start, newline));
    start = newline + 1;
    newline = text.indexOf("\n", start);
  }
  rest = text.slice(start);
}
if (rest.length > 0) countLine(rest);

writeFileSync(output, JSON.stringify({ words, counts: [...counts] }));
