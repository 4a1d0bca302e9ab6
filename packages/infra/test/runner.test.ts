import { describe, expect, it } from 'vitest';
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
});
