/**
 * How the CLI reports a failure (ARCHITECTURE §10), as lines for stderr and an exit code:
 * - a user error (`domain: "user"`): `Error: <message>` and `Hint: <hint>`; exit 1; the stack and
 *   cause chain only with `--verbose`;
 * - a job failure (`JobExecutionError`): `Job failed: <message>` and the user's stack (mapped to
 *   TypeScript by the artifact's source map), trimmed of Node's and Weir's own frames; exit 1;
 * - an error thrown by the job's own `main()` (`MainMethodError`): like a job failure, Flink's
 *   "The main method caused an error";
 * - an external error: like a user error; exit 1;
 * - anything else is internal: `Internal error: <message>` and its cause chain; exit 2.
 * Errors are recognised by their fields, not `instanceof`, because a job may carry errors created
 * by another copy of the weir module.
 */
import { type ErrorDomain, toError, WeirError } from "../core/errors.js";

/** The job's `main()` threw something that is not a classified Weir error. */
export class MainMethodError extends WeirError {
  constructor(cause: unknown) {
    super("user", `The main method caused an error: ${toError(cause).message}`, { cause });
  }
}

export interface ReportOptions {
  readonly verbose: boolean;
  /** Paths below it are shown relative in stack traces. */
  readonly cwd: string;
  /** Frames from files below these directories are Weir's own and hidden from user stacks. */
  readonly hiddenRoots?: readonly string[];
}

export interface ErrorReport {
  readonly lines: string[];
  readonly exitCode: 1 | 2;
}

const DOMAINS = new Set<ErrorDomain>(["user", "external", "internal"]);

function domainOf(e: Error): ErrorDomain | undefined {
  const domain = (e as { domain?: unknown }).domain;
  return typeof domain === "string" && DOMAINS.has(domain as ErrorDomain)
    ? (domain as ErrorDomain)
    : undefined;
}

function hintOf(e: Error): string | undefined {
  const hint = (e as { hint?: unknown }).hint;
  return typeof hint === "string" && hint !== "" ? hint : undefined;
}

/** Node system errors (ENOENT, EACCES, ECONNREFUSED …) are failures outside Weir. */
function isSystemError(e: Error): boolean {
  const { code, syscall } = e as { code?: unknown; syscall?: unknown };
  return typeof code === "string" && /^E[A-Z]+$/.test(code) && typeof syscall === "string";
}

export function formatError(thrown: unknown, options: ReportOptions): ErrorReport {
  const e = toError(thrown);
  const lines: string[] = [];
  const hint = hintOf(e);

  if (e.name === "JobExecutionError" || e instanceof MainMethodError) {
    const userStack = (e as { userStack?: unknown }).userStack;
    const cause = e.cause === undefined ? undefined : toError(e.cause);
    const stack = typeof userStack === "string" ? userStack : cause?.stack;
    const headline = e instanceof MainMethodError ? `Error: ${e.message}` : `Job failed: ${e.message}`;
    lines.push(headline);
    if (stack !== undefined) lines.push(...withoutRepeatedHeader(userFrames(stack, options), headline));
    if (hint !== undefined) lines.push(`Hint: ${hint}`);
    if (options.verbose) lines.push(...causeChain(e, options, true));
    return { lines, exitCode: 1 };
  }

  const domain = domainOf(e) ?? (isSystemError(e) ? "external" : "internal");
  if (domain === "internal") {
    lines.push(`Internal error: ${e.message}`);
    if (options.verbose && e.stack !== undefined) lines.push(...stackFrames(e.stack, options));
    lines.push(...causeChain(e, options, options.verbose));
    lines.push(
      `Hint: ${hint ?? (options.verbose ? "this is a bug in Weir; please report it with this output" : "this is a bug in Weir; run again with --verbose and report the output")}`,
    );
    return { lines, exitCode: 2 };
  }

  lines.push(`Error: ${e.message}`);
  if (hint !== undefined) lines.push(`Hint: ${hint}`);
  if (options.verbose) {
    if (e.stack !== undefined) lines.push(...stackFrames(e.stack, options));
    lines.push(...causeChain(e, options, true));
  }
  return { lines, exitCode: 1 };
}

/** `Caused by: Name: message` for each cause, with its frames when `withStacks`. */
function causeChain(e: Error, options: ReportOptions, withStacks: boolean): string[] {
  const lines: string[] = [];
  let cause = e.cause;
  for (let depth = 0; cause !== undefined && depth < 8; depth++) {
    const c = toError(cause);
    lines.push(`Caused by: ${c.name}: ${c.message}`);
    if (withStacks && c.stack !== undefined) lines.push(...stackFrames(c.stack, options));
    cause = c.cause;
  }
  return lines;
}

/** The `at …` lines of a stack, with paths below `cwd` made relative. */
function stackFrames(stack: string, options: ReportOptions): string[] {
  return stack
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .map((line) => relativize(line, options.cwd));
}

/**
 * A user-facing stack: the header line(s) of the error, then the frames that are neither Node's
 * internals, nor Weir's own code, nor installed packages (`node_modules`, which also holds the
 * CLI's own dependencies). Falls back to every frame if that would leave none.
 */
export function userFrames(stack: string, options: ReportOptions): string[] {
  const all = stack.split("\n");
  const firstFrame = all.findIndex((line) => /^\s+at /.test(line));
  const header = firstFrame < 0 ? all : all.slice(0, firstFrame);
  const frames = firstFrame < 0 ? [] : all.slice(firstFrame).filter((l) => /^\s+at /.test(l));
  const hidden = options.hiddenRoots ?? [];
  const own = frames.filter(
    (line) =>
      !line.includes("node:internal") &&
      !line.includes("(node:") &&
      !line.includes("/node_modules/") &&
      !hidden.some((root) => line.includes(root) || line.includes(`file://${root}`)),
  );
  return [...header, ...(own.length > 0 ? own : frames)].map((line) => relativize(line, options.cwd));
}

/** Drops a stack's `SomeError: msg` header when the headline already says `msg`. */
function withoutRepeatedHeader(lines: string[], headline: string): string[] {
  const first = lines[0];
  if (first === undefined || /^\s+at /.test(first)) return lines;
  const match = /^[A-Za-z]*Error: ([\s\S]*)$/.exec(first);
  return match && headline.endsWith(match[1]!) ? lines.slice(1) : lines;
}

function relativize(line: string, cwd: string): string {
  if (cwd.length <= 1) return line;
  const base = cwd.endsWith("/") ? cwd : `${cwd}/`;
  return line.replaceAll(`file://${base}`, "").replaceAll(base, "");
}
