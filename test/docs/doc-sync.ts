/**
 * Keeps the guides in step with the code they show:
 * - a `<!-- snippet: docs/snippets/NAME.ts -->` marker is followed by a fenced block holding that
 *   file verbatim;
 * - the options table of the CLI guide is generated from the option registry (options-table.ts).
 * `WEIR_UPDATE_DOCS=1 npx vitest run test/docs` rewrites both in place; without it the tests fail
 * on any difference.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../helpers/cli.js";
import { withOptionsTable } from "./options-table.js";

/** The guides this suite owns and keeps in sync (paths relative to the repository). */
export const OWN_GUIDES = [
  "docs/README.md",
  "docs/architecture.md",
  "docs/guide/getting-started.md",
  "docs/guide/datastream-api.md",
  "docs/guide/connectors.md",
  "docs/guide/cli-and-configuration.md",
  "docs/guide/runtime.md",
  "docs/guide/event-time-and-state.md",
];

/** A marker and the fenced block after it (possibly empty); the fence closes on a line of its own. */
const MARKER = /<!-- snippet: (docs\/snippets\/[\w-]+\.ts) -->\n```ts\n(?:[\s\S]*?\n)??```(?=\n|$)/g;

/** Snippet files a guide includes, in order. */
export function includedSnippets(guide: string): string[] {
  return [...guide.matchAll(MARKER)].map((m) => m[1]!);
}

/** The guide with every marked block replaced by its file's current content. */
export function withSnippets(guide: string): string {
  return guide.replace(MARKER, (_all, file: string) => {
    const code = readFileSync(path.join(REPO_ROOT, file), "utf8").replace(/\n+$/, "");
    return `<!-- snippet: ${file} -->\n\`\`\`ts\n${code}\n\`\`\``;
  });
}

/** Everything generated, applied to one guide. */
export function synced(guide: string): string {
  return withOptionsTable(withSnippets(guide));
}
