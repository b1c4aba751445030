// The shape every `inkling <command>` module exports, so the dispatcher stays a plain table.

export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
  /** The environment, passed in so tests can run commands without touching process.env. */
  env: Readonly<Record<string, string | undefined>>;
}

export interface Command {
  name: string;
  /** One line for `inkling --help`. */
  summary: string;
  /** Usage text shown by `inkling <name> --help` and on a usage error. */
  usage: string;
  /** Returns the process exit code. `argv` excludes the command name itself. */
  run(argv: string[], io: CommandIo): Promise<number>;
}
