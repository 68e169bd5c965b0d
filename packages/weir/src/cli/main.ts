/**
 * The CLI entry point: `runCli` parses the arguments, runs the command and turns any failure into
 * a report on stderr and an exit code (0 success, 1 user or job error, 2 internal error).
 * `cliMain` is what `bin/weir.js` calls for a real process.
 */
import fs from "node:fs";
import path from "node:path";
import { CommanderError } from "commander";
import { weirPackageRoot } from "../runtime/artifact/index.js";
import { type CliIO, processIO } from "./io.js";
import { buildProgram, type CliState, type Commands } from "./program.js";
import { formatError } from "./report.js";

/** The installed weir package's version. */
export function weirVersion(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(weirPackageRoot(), "package.json"), "utf8")) as {
    version?: unknown;
  };
  return typeof manifest.version === "string" ? manifest.version : "unknown";
}

/**
 * Runs the CLI with `argv` (the arguments after `weir`) and returns the exit code. `commands`
 * replaces the command implementations (for tests of argument handling).
 */
export async function runCli(
  argv: readonly string[],
  io: CliIO = processIO(),
  commands?: Commands,
): Promise<number> {
  const state: CliState = { verbose: false };
  try {
    const program = buildProgram(io, weirVersion(), state, commands);
    await program.parseAsync([...argv], { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    const report = formatError(e, {
      verbose: state.verbose,
      cwd: io.cwd,
      hiddenRoots: [safeRoot()],
    });
    for (const line of report.lines) io.err(line);
    return report.exitCode;
  }
}

function safeRoot(): string {
  try {
    return weirPackageRoot();
  } catch {
    return "\0";
  }
}

/**
 * Runs the CLI for this process and sets its exit code. Source maps are enabled first, so stack
 * traces of the job (whose artifact carries an inline map) show its TypeScript lines.
 */
export async function cliMain(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  process.setSourceMapsEnabled(true);
  const code = await runCli(argv);
  process.exitCode = code;
  // Let stdout drain and the runtime's handles close; exit anyway if something lingers.
  setTimeout(() => process.exit(code), 2000).unref();
}
