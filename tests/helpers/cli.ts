// Runs one `inkling <command>` module in-process with captured output, as the CLI's dispatcher would.
import type { Command } from '../../src/cli/command.ts';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export async function runCommand(command: Command, argv: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line), env };
  let code: number;
  try {
    code = await command.run(argv, io);
  } catch (error) {
    err.push(`inkling ${command.name}: ${(error as Error).message}`);
    code = 1;
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}
