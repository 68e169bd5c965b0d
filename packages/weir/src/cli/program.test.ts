import { describe, expect, it } from "vitest";
import { ConfigError, InternalError, JobDefinitionError } from "../core/errors.js";
import { dynamicPropertiesOf, type JobCommandFlags } from "./config.js";
import type { CliIO } from "./io.js";
import { runCli, weirVersion } from "./main.js";
import type { Commands } from "./program.js";

interface Capture extends CliIO {
  readonly stdout: string[];
  readonly stderr: string[];
}

function capture(): Capture {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (l) => stdout.push(l),
    err: (l) => stderr.push(l),
    cwd: "/nonexistent-weir-cwd",
    env: {},
  };
}

interface Call {
  command: "run" | "info";
  job: string;
  args: string[];
  flags: JobCommandFlags;
}

function recorder(calls: Call[], fail?: unknown): Commands {
  const record =
    (command: "run" | "info") =>
    async (job: string, args: string[], flags: JobCommandFlags): Promise<void> => {
      calls.push({ command, job, args, flags });
      if (fail !== undefined) throw fail;
    };
  return { run: record("run"), info: record("info") };
}

async function parse(argv: string[]): Promise<{ code: number; calls: Call[]; io: Capture }> {
  const calls: Call[] = [];
  const io = capture();
  const code = await runCli(argv, io, recorder(calls));
  return { code, calls, io };
}

describe("argument parsing", () => {
  it("passes everything after the job file to the job", async () => {
    const { code, calls } = await parse([
      "run",
      "job.ts",
      "--input",
      "x",
      "-p",
      "3",
      "--verbose",
      "--",
      "-d",
    ]);
    expect(code).toBe(0);
    expect(calls).toEqual([
      {
        command: "run",
        job: "job.ts",
        args: ["--input", "x", "-p", "3", "--verbose", "--", "-d"],
        flags: {},
      },
    ]);
  });

  it("collects repeated -D (joined and separate), -p, -d and --verbose before the job", async () => {
    const { calls } = await parse([
      "run",
      "-Dparallelism.default=2",
      "-D",
      "execution.runtime-mode=BATCH",
      "-p",
      "4",
      "-d",
      "--verbose",
      "job.ts",
      "a",
    ]);
    expect(calls[0]?.flags).toEqual({
      D: ["parallelism.default=2", "execution.runtime-mode=BATCH"],
      parallelism: "4",
      detached: true,
      verbose: true,
    });
    expect(calls[0]?.args).toEqual(["a"]);
  });

  it("parses info like run, without -d", async () => {
    const { code, calls } = await parse(["info", "--parallelism", "2", "job.js", "x"]);
    expect(code).toBe(0);
    expect(calls).toEqual([{ command: "info", job: "job.js", args: ["x"], flags: { parallelism: "2" } }]);
    const detached = await parse(["info", "-d", "job.js"]);
    expect(detached.code).toBe(1);
    expect(detached.io.stderr[0]).toBe("Error: unknown option '-d'");
  });

  it("prints the version and exits 0", async () => {
    const { code, io } = await parse(["--version"]);
    expect(code).toBe(0);
    expect(io.stdout).toEqual([`weir ${weirVersion()}`]);
    expect(weirVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("reports usage errors in one line with a hint, exit 1", async () => {
    const missing = await parse(["run"]);
    expect(missing.code).toBe(1);
    expect(missing.io.stderr).toEqual([
      "Error: missing required argument 'job'",
      "Hint: run 'weir run --help' for usage",
    ]);
    const unknown = await parse(["run", "--bogus", "job.ts"]);
    expect(unknown.io.stderr[0]).toBe("Error: unknown option '--bogus'");
    expect(unknown.calls).toEqual([]);
  });

  it("shows help for run", async () => {
    const { code, io } = await parse(["run", "--help"]);
    expect(code).toBe(0);
    const help = io.stdout.join("\n");
    expect(help).toContain("Usage: weir run [options] <job> [args...]");
    expect(help).toContain("-D <key=value>");
    expect(help).toContain("-p, --parallelism <N>");
    expect(help).toContain("-d, --detached");
  });
});

describe("flags as configuration", () => {
  it("orders -D, then -p, then -d", () => {
    expect(
      dynamicPropertiesOf({ D: ["parallelism.default=2", "a=b=c"], parallelism: "5", detached: true }),
    ).toEqual([
      ["parallelism.default", "2"],
      ["a", "b=c"],
      ["parallelism.default", "5"],
      ["execution.attached", "false"],
    ]);
  });

  it("rejects a bad -p and a -D without '='", () => {
    expect(() => dynamicPropertiesOf({ parallelism: "abc" })).toThrow(
      "invalid value 'abc' for -p: expected a positive integer",
    );
    expect(() => dynamicPropertiesOf({ parallelism: "0" })).toThrow(ConfigError);
    expect(() => dynamicPropertiesOf({ D: ["novalue"] })).toThrow("invalid dynamic property 'novalue'");
  });
});

describe("command failures", () => {
  async function failWith(error: unknown, argv = ["run", "job.ts"]): Promise<{ code: number; io: Capture }> {
    const io = capture();
    const code = await runCli(argv, io, recorder([], error));
    return { code, io };
  }

  it("prints a user error as one line plus hint, exit 1", async () => {
    const { code, io } = await failWith(
      new JobDefinitionError("job file not found: job.ts", { hint: "check it" }),
    );
    expect(code).toBe(1);
    expect(io.stderr).toEqual(["Error: job file not found: job.ts", "Hint: check it"]);
  });

  it("adds the stack with --verbose", async () => {
    const { io } = await failWith(new JobDefinitionError("bad"), ["run", "--verbose", "job.ts"]);
    expect(io.stderr[0]).toBe("Error: bad");
    expect(io.stderr.slice(1).some((l) => /^\s+at /.test(l))).toBe(true);
  });

  it("does not take the job's own --verbose for weir's", async () => {
    const { io } = await failWith(new JobDefinitionError("bad"), ["run", "job.ts", "--verbose"]);
    expect(io.stderr).toEqual(["Error: bad"]);
  });

  it("exits 2 for internal errors", async () => {
    const { code, io } = await failWith(new InternalError("invariant broken", { cause: new Error("root") }));
    expect(code).toBe(2);
    expect(io.stderr[0]).toBe("Internal error: invariant broken");
    expect(io.stderr).toContain("Caused by: Error: root");
  });
});
