import { describe, expect, it } from "vitest";
import { ConfigError, ExternalError, InternalError, JobExecutionError, WeirError } from "../core/errors.js";
import { formatError, MainMethodError, userFrames } from "./report.js";

const options = { verbose: false, cwd: "/home/u/proj", hiddenRoots: ["/opt/weir"] };

const USER_STACK = [
  "Error: bad record 42",
  "    at check (/home/u/proj/jobs/failing.ts:7:11)",
  "    at Object.processElement (file:///opt/weir/dist/operators/map.js:20:5)",
  "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
  "    at main (file:///home/u/proj/jobs/failing.ts:15:3)",
  "    at async Command.parseAsync (/home/u/proj/node_modules/commander/lib/command.js:1122:5)",
].join("\n");

describe("formatError", () => {
  it("prints a config error as one line and a hint", () => {
    const e = new ConfigError(
      "parallelism.default",
      "invalid value 'abc' for 'parallelism.default': expected an integer",
      {
        hint: "fix it",
      },
    );
    expect(formatError(e, options)).toEqual({
      lines: ["Error: invalid value 'abc' for 'parallelism.default': expected an integer", "Hint: fix it"],
      exitCode: 1,
    });
  });

  it("prints a job failure with the user's frames only, relative to the working directory", () => {
    const e = new JobExecutionError("0123", "bad record 42", {
      userStack: USER_STACK,
      taskName: "Map (1/2)",
    });
    expect(formatError(e, options)).toEqual({
      lines: [
        "Job failed: bad record 42",
        "    at check (jobs/failing.ts:7:11)",
        "    at main (jobs/failing.ts:15:3)",
      ],
      exitCode: 1,
    });
  });

  it("drops a typed error header (ExternalError: ...) that the headline already says", () => {
    const e = new JobExecutionError(
      "0123",
      "job 'j' failed in task 'Source (1/1)': ExternalError: socket closed",
      {
        userStack: "ExternalError: socket closed\n    at read (/home/u/proj/j.ts:2:2)",
      },
    );
    expect(formatError(e, options).lines).toEqual([
      "Job failed: job 'j' failed in task 'Source (1/1)': ExternalError: socket closed",
      "    at read (j.ts:2:2)",
    ]);
  });

  it("keeps the header of a user stack when it says more than the headline", () => {
    const e = new JobExecutionError("0123", "task Map (1/2) failed", {
      userStack: "TypeError: x is undefined\n    at f (/home/u/proj/j.ts:1:1)",
    });
    expect(formatError(e, options).lines).toEqual([
      "Job failed: task Map (1/2) failed",
      "TypeError: x is undefined",
      "    at f (j.ts:1:1)",
    ]);
  });

  it("falls back to the cause's stack and keeps all frames when none is the user's", () => {
    const cause = new Error("deep");
    cause.stack = "Error: deep\n    at x (node:internal/a:1:1)";
    const e = new JobExecutionError("1", "deep", { cause });
    expect(formatError(e, options).lines).toEqual(["Job failed: deep", "    at x (node:internal/a:1:1)"]);
  });

  it("prints an error of main() with its stack", () => {
    const cause = new Error("missing --input");
    cause.stack = "Error: missing --input\n    at main (/home/u/proj/job.ts:3:9)";
    const report = formatError(new MainMethodError(cause), options);
    expect(report).toEqual({
      lines: ["Error: The main method caused an error: missing --input", "    at main (job.ts:3:9)"],
      exitCode: 1,
    });
  });

  it("prints internal and unclassified errors with their cause chain, exit 2", () => {
    const e = new InternalError("slot table corrupt", { cause: new TypeError("x is not a function") });
    const report = formatError(e, options);
    expect(report.exitCode).toBe(2);
    expect(report.lines).toEqual([
      "Internal error: slot table corrupt",
      "Caused by: TypeError: x is not a function",
      "Hint: this is a bug in Weir; run again with --verbose and report the output",
    ]);
    expect(formatError(new RangeError("oops"), options).exitCode).toBe(2);
    expect(formatError("a string", options).lines[0]).toBe("Internal error: a string");
  });

  it("treats external and system errors as exit 1 with their hint", () => {
    const ext = formatError(new ExternalError("cannot store", { hint: "check the disk" }), options);
    expect(ext).toEqual({ lines: ["Error: cannot store", "Hint: check the disk"], exitCode: 1 });
    const sys = Object.assign(new Error("EACCES: permission denied, open '/x'"), {
      code: "EACCES",
      syscall: "open",
    });
    expect(formatError(sys, options).exitCode).toBe(1);
  });

  it("classifies by fields, so errors of another weir module copy are recognised", () => {
    const foreign = Object.assign(new Error("from another copy"), { domain: "user", hint: "h" });
    expect(formatError(foreign, options)).toEqual({
      lines: ["Error: from another copy", "Hint: h"],
      exitCode: 1,
    });
    const foreignJob = Object.assign(new Error("boom"), {
      name: "JobExecutionError",
      userStack: "Error: boom",
    });
    expect(formatError(foreignJob, options).lines).toEqual(["Job failed: boom"]);
  });

  it("adds stacks and causes with --verbose", () => {
    const e = new WeirError("user", "outer", { cause: new Error("inner") });
    const lines = formatError(e, { ...options, verbose: true }).lines;
    expect(lines[0]).toBe("Error: outer");
    expect(lines).toContain("Caused by: Error: inner");
    expect(lines.filter((l) => /^\s+at /.test(l)).length).toBeGreaterThan(1);
  });
});

describe("userFrames", () => {
  it("hides Node, Weir and node_modules frames", () => {
    expect(userFrames(USER_STACK, options)).toEqual([
      "Error: bad record 42",
      "    at check (jobs/failing.ts:7:11)",
      "    at main (jobs/failing.ts:15:3)",
    ]);
  });
});
