/** What a CLI command reads from and writes to; a real process or a test's capture. */
export interface CliIO {
  /** Writes one line to stdout (the newline is added). */
  out(line: string): void;
  /** Writes one line to stderr (the newline is added). */
  err(line: string): void;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

export function processIO(): CliIO {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    cwd: process.cwd(),
    env: process.env,
  };
}
