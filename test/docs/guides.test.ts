/**
 * The guides cannot drift from the code they show:
 * - every snippet file appears verbatim in a guide (after its marker), and every job-like code
 *   block (one with `export default`) in the owned guides is a snippet;
 * - the CLI guide's option table is the one generated from the option registry;
 * - relative links between the docs point at files that exist;
 * - the snippets type-check (esbuild, which runs them, does not check types).
 * `WEIR_UPDATE_DOCS=1` rewrites the generated parts instead of failing on them.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/cli.js";
import { includedSnippets, OWN_GUIDES, synced } from "./doc-sync.js";
import { OPTIONS_END, OPTIONS_START, renderOptionsTable } from "./options-table.js";

const UPDATE = process.env.WEIR_UPDATE_DOCS === "1";
const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), "utf8");

function allMarkdown(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return allMarkdown(rel);
    return e.name.endsWith(".md") ? [rel] : [];
  });
}

describe("docs", () => {
  it("include every marked snippet verbatim and the generated option table", () => {
    for (const guide of OWN_GUIDES) {
      const text = read(guide);
      const expected = synced(text);
      if (UPDATE && expected !== text) writeFileSync(path.join(REPO_ROOT, guide), expected);
      else
        expect(text, `${guide} is out of date: run WEIR_UPDATE_DOCS=1 npx vitest run test/docs`).toBe(
          expected,
        );
    }
  });

  it("show every snippet file in some guide", () => {
    const files = readdirSync(path.join(REPO_ROOT, "docs/snippets"))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => `docs/snippets/${f}`);
    const included = new Set(OWN_GUIDES.flatMap((g) => includedSnippets(read(g))));
    for (const file of files) expect(included, `${file} is not included in any guide`).toContain(file);
  });

  it("keep every job code block in a snippet file", () => {
    for (const guide of OWN_GUIDES) {
      const text = read(guide);
      for (const m of text.matchAll(/(<!-- snippet: [^>]+ -->\n)?```ts\n([\s\S]*?)\n```/g)) {
        if (m[1] !== undefined) continue;
        expect(m[2], `${guide}: a job (export default main) must live in docs/snippets/`).not.toMatch(
          /export default (async )?function main/,
        );
      }
    }
  });

  it("document every configuration option", () => {
    const guide = read("docs/guide/cli-and-configuration.md");
    const table = guide.slice(
      guide.indexOf(OPTIONS_START) + OPTIONS_START.length,
      guide.indexOf(OPTIONS_END),
    );
    expect(table.trim()).toBe(renderOptionsTable());
  });

  it("link only to files that exist", () => {
    for (const doc of [...new Set([...OWN_GUIDES, ...allMarkdown("docs")])]) {
      const text = read(doc);
      for (const m of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        const target = m[1]!;
        if (/^[a-z]+:/.test(target)) continue;
        const resolved = path.join(path.dirname(doc), target);
        expect(existsSync(path.join(REPO_ROOT, resolved)), `${doc} links to missing ${target}`).toBe(true);
      }
    }
  });

  it("type-check the snippets", () => {
    const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
    const run = () =>
      execFileSync(process.execPath, [tsc, "-p", "docs/snippets/tsconfig.json"], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        stdio: "pipe",
      });
    expect(run).not.toThrow();
  });
});
