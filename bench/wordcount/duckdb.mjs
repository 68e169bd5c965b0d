/**
 * The DuckDB WordCount baseline (`@duckdb/node-api`): reads the file as one VARCHAR column of
 * lines, splits `lower(line)` on runs of [^a-z0-9_], drops empty tokens and groups by word, with
 * `threads` worker threads. (`unnest(string_split_regex(...))` measured a little faster here than
 * `regexp_split_to_table` or `regexp_extract_all`; the baseline should be DuckDB at its best.) Writes the same result format as node-loop.mjs.
 *
 *   node duckdb.mjs <input.txt> <threads> <result.json>
 */
import { writeFileSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";

const [input, threads, output] = process.argv.slice(2);
if (input === undefined || threads === undefined || output === undefined) {
  throw new Error("usage: duckdb.mjs <input> <threads> <result.json>");
}

const instance = await DuckDBInstance.create(":memory:", { threads: String(Number(threads)) });
const connection = await instance.connect();
const path = input.replaceAll("'", "''");
const reader = await connection.runAndReadAll(`
  SELECT word, count(*)::BIGINT AS n
  FROM (
    SELECT unnest(string_split_regex(lower(line), '[^a-z0-9_]+')) AS word
    FROM read_csv('${path}', columns = {'line': 'VARCHAR'}, header = false, delim = E'\\x01',
                  quote = '', escape = '', auto_detect = false)
  )
  WHERE word <> ''
  GROUP BY word`);
const counts = reader.getRowsJS().map(([word, n]) => [word, Number(n)]);
const words = counts.reduce((sum, [, n]) => sum + n, 0);
connection.closeSync();
instance.closeSync();
writeFileSync(output, JSON.stringify({ words, counts }));
