#!/usr/bin/env node
// The `weir` command: loads the compiled CLI from dist/ (built by `npm run build`, which the
// workspace's `prepare` script runs after `npm ci`).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(
    `Error: weir is not built: ${fileURLToPath(entry)} is missing\nHint: run \`npm run build\` in the weir repository\n`,
  );
  process.exit(2);
}
const { cliMain } = await import(entry.href);
await cliMain(process.argv.slice(2));
