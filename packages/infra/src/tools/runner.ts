import { $ } from 'zx';

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Text written to the command's standard input. */
  input?: string;
  /** Print the command's output as it runs (builds), instead of only capturing it. */
  stream?: boolean;
}

/**
 * Every external command goes through a runner: the real one runs it (zx, arguments as an
 * array, never a shell string); tests use a recording one.
 */
export interface CommandRunner {
  run(command: string, args: string[], options?: RunOptions): Promise<CommandResult>;
}

export class CommandNotFoundError extends Error {
  constructor(readonly command: string) {
    super(`${command} was not found`);
  }
}

export const realRunner: CommandRunner = {
  async run(command, args, options = {}) {
    const p = $({
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      input: options.input,
      nothrow: true,
      quiet: true,
      verbose: false,
    })`${command} ${args}`;
    // zx prints a command's output only in verbose mode, which also echoes the command line:
    // copy the output instead, and still capture it.
    if (options.stream) {
      p.stdout.on('data', (d: Buffer) => process.stdout.write(d));
      p.stderr.on('data', (d: Buffer) => process.stderr.write(d));
    }
    const out = await p;
    // zx reports a missing executable as exit code 127 (ENOENT from spawn).
    if (out.exitCode === 127 || (out.exitCode !== 0 && /ENOENT/.test(out.stderr) && !out.stdout)) {
      throw new CommandNotFoundError(command);
    }
    return { exitCode: out.exitCode ?? 1, stdout: out.stdout, stderr: out.stderr };
  },
};

/** A runner that records calls and answers from a script: for tests, named as the fake it is. */
export function recordingRunner(
  answer: (command: string, args: string[]) => Partial<CommandResult> | Error = () => ({}),
) {
  const calls: { command: string; args: string[]; options?: RunOptions }[] = [];
  const runner: CommandRunner = {
    async run(command, args, options) {
      calls.push({ command, args, options });
      const a = answer(command, args);
      if (a instanceof Error) throw a;
      return { exitCode: a.exitCode ?? 0, stdout: a.stdout ?? '', stderr: a.stderr ?? '' };
    },
  };
  return { runner, calls };
}
