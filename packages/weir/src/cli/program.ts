/**
 * The `weir` command line (commander): verbs and flags after Flink's `flink` CLI.
 *
 * Everything after the job file belongs to the job (`weir run job.ts --input x` passes
 * `--input x` to `main`), including a literal `--`; flags for weir go before the job file.
 */
import { Command, Option } from "commander";
import type { JobCommandFlags } from "./config.js";
import { infoCommand } from "./info.js";
import type { CliIO } from "./io.js";
import { runCommand } from "./run.js";

export interface CliState {
  /** Set once a command's flags are parsed; error reporting reads it. */
  verbose: boolean;
}

/** What a parsed job command does; tests substitute recorders. */
export type JobCommand = (job: string, args: string[], flags: JobCommandFlags, io: CliIO) => Promise<void>;

export interface Commands {
  readonly run: JobCommand;
  readonly info: JobCommand;
}

const DEFAULT_COMMANDS: Commands = { run: runCommand, info: infoCommand };

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Builds the program. Commands write through `io`; parse errors throw `CommanderError`. */
export function buildProgram(
  io: CliIO,
  version: string,
  state: CliState,
  commands: Commands = DEFAULT_COMMANDS,
): Command {
  const program = new Command("weir")
    .description("Weir: stream and batch processing for TypeScript, in the mould of Apache Flink")
    .version(`weir ${version}`, "-v, --version", "print the version")
    .helpOption("-h, --help", "print help")
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, "")),
      writeErr: (s) => io.err(s.replace(/\n$/, "")),
      outputError: (s, write) => write(s.replace(/^error: /, "Error: ")),
    });

  const jobCommand = (name: string, description: string): Command =>
    program
      .command(name)
      .description(description)
      .addOption(
        new Option(
          "-D <key=value>",
          "set a configuration option, overriding weir-conf.yaml (repeatable)",
        ).argParser(collect),
      )
      .option("-p, --parallelism <N>", "default parallelism of the job (parallelism.default)")
      .option("--verbose", "print stack traces and status details")
      .argument("<job>", "the job file (.ts or .js) whose default export is main(args)")
      .argument("[args...]", "arguments passed to the job's main(args)")
      .passThroughOptions()
      .showHelpAfterError(`Hint: run 'weir ${name} --help' for usage`);

  jobCommand("run", "bundle a job and run it on an embedded MiniCluster")
    .option("-d, --detached", "do not wait for the job (sets execution.attached=false)")
    .action(async (job: string, args: string[], flags: JobCommandFlags) => {
      state.verbose = flags.verbose === true;
      await commands.run(job, args, flags, io);
    });

  jobCommand("info", "print the job's JobGraph as JSON without running it").action(
    async (job: string, args: string[], flags: JobCommandFlags) => {
      state.verbose = flags.verbose === true;
      await commands.info(job, args, flags, io);
    },
  );

  program.showHelpAfterError("Hint: run 'weir --help' for usage");
  return program;
}
