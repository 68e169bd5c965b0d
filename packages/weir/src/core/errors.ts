/**
 * Classified errors (ARCHITECTURE §10). Every error Weir raises is a `WeirError` with a domain:
 * - `user`: bad config, bad job, bad input or request. Printed as one line with a hint, no stack
 *   unless `--verbose`; exit code 1.
 * - `external`: a dependency failed (file system, network, S3, API server). Usually retryable.
 * - `internal`: a bug in Weir. Keeps its cause chain.
 * Nothing throws strings.
 */
export type ErrorDomain = "user" | "external" | "internal";

export interface WeirErrorOptions {
  readonly cause?: unknown;
  /** One short sentence telling the user what to do about it. */
  readonly hint?: string;
  readonly retryable?: boolean;
}

export class WeirError extends Error {
  readonly domain: ErrorDomain;
  readonly hint: string | undefined;
  readonly retryable: boolean;

  constructor(domain: ErrorDomain, message: string, options: WeirErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.domain = domain;
    this.hint = options.hint;
    this.retryable = options.retryable ?? false;
  }
}

/** Bad configuration: names the key and what was expected. */
export class ConfigError extends WeirError {
  readonly key: string;
  constructor(key: string, message: string, options: WeirErrorOptions = {}) {
    super("user", message, options);
    this.key = key;
  }
}

/** The job program is invalid (bad graph, wrong API use, bad arguments). */
export class JobDefinitionError extends WeirError {
  constructor(message: string, options: WeirErrorOptions = {}) {
    super("user", message, options);
  }
}

/**
 * A running job failed because user code threw. `userStack` is the user's stack trace, already
 * mapped to the job's TypeScript sources where source maps allow.
 */
export class JobExecutionError extends WeirError {
  readonly jobId: string;
  readonly taskName: string | undefined;
  readonly userStack: string | undefined;
  constructor(
    jobId: string,
    message: string,
    options: WeirErrorOptions & { taskName?: string; userStack?: string } = {},
  ) {
    super("user", message, options);
    this.jobId = jobId;
    this.taskName = options.taskName;
    this.userStack = options.userStack;
  }
}

/** A failure of something outside Weir (I/O, network). */
export class ExternalError extends WeirError {
  constructor(message: string, options: WeirErrorOptions = {}) {
    super("external", message, { retryable: true, ...options });
  }
}

/** A Weir bug: an invariant did not hold. */
export class InternalError extends WeirError {
  constructor(message: string, options: WeirErrorOptions = {}) {
    super("internal", message, options);
  }
}

/** Wraps anything thrown into an `Error` (user code may throw non-errors). */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(typeof thrown === "string" ? thrown : `non-Error thrown: ${safeString(thrown)}`);
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Plain-data form of an error, for crossing thread and process boundaries. `stack` is kept as
 * text; `domain` survives so the receiver can classify.
 */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly domain?: ErrorDomain;
  readonly hint?: string;
  readonly cause?: SerializedError;
}

export function serializeError(thrown: unknown, depth = 0): SerializedError {
  const e = toError(thrown);
  const out: {
    name: string;
    message: string;
    stack?: string;
    domain?: ErrorDomain;
    hint?: string;
    cause?: SerializedError;
  } = { name: e.name, message: e.message };
  if (e.stack !== undefined) out.stack = e.stack;
  if (e instanceof WeirError) {
    out.domain = e.domain;
    if (e.hint !== undefined) out.hint = e.hint;
  }
  if (e.cause !== undefined && depth < 8) out.cause = serializeError(e.cause, depth + 1);
  return out;
}

/** Rebuilds an `Error` from its plain-data form, keeping the original stack text. */
export function deserializeError(data: SerializedError): Error {
  const cause = data.cause ? deserializeError(data.cause) : undefined;
  const e =
    data.domain !== undefined
      ? new WeirError(data.domain, data.message, {
          ...(cause ? { cause } : {}),
          ...(data.hint !== undefined ? { hint: data.hint } : {}),
        })
      : new Error(data.message, cause ? { cause } : undefined);
  e.name = data.name;
  if (data.stack !== undefined) e.stack = data.stack;
  return e;
}
