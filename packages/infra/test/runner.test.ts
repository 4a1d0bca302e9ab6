import { describe, expect, it, vi } from 'vitest';
import { CommandNotFoundError, realRunner } from '../src/tools';

describe('the real command runner', () => {
  it('passes arguments as an array, without a shell', async () => {
    const r = await realRunner.run(process.execPath, [
      '-e',
      'console.log(process.argv[1])',
      'a b; echo $HOME',
    ]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toBe('a b; echo $HOME');
  });

  it('returns failures as exit codes and a missing command as CommandNotFoundError', async () => {
    const r = await realRunner.run(process.execPath, [
      '-e',
      'process.stderr.write("nope"); process.exit(3)',
    ]);
    expect(r).toMatchObject({ exitCode: 3, stderr: 'nope' });
    await expect(realRunner.run('definitely-not-a-command-xyz', [])).rejects.toThrow(
      CommandNotFoundError,
    );
  });

  it('with stream, prints the output as it comes (and nothing else) and still captures it', async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const r = await realRunner.run(process.execPath, ['-e', 'console.log("streamed-line")'], {
        stream: true,
      });
      expect(r.stdout).toBe('streamed-line\n');
    } finally {
      spy.mockRestore();
    }
    // `pnpm run logs` streams kubectl's output: before, nothing reached the terminal.
    expect(written.join('')).toBe('streamed-line\n');
  });
});
