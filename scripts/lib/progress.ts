/**
 * Step progress: on a terminal a spinner with the elapsed time replaced by ✓/✗ when the step
 * ends; in CI or when piped, one plain line per finished step.
 */
const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function progress(enabled: boolean) {
  const live = enabled && process.stdout.isTTY && !process.env.CI;
  let timer: NodeJS.Timeout | undefined;
  let started = 0;
  return {
    start(title: string) {
      if (!live) return;
      started = Date.now();
      let i = 0;
      timer = setInterval(() => {
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        process.stdout.write(`\r${frames[i++ % frames.length]} ${title} (${seconds}s)\x1b[K`);
      }, 100);
    },
    end(line: string) {
      if (!enabled) return;
      if (timer) clearInterval(timer);
      timer = undefined;
      process.stdout.write(`${live ? '\r\x1b[K' : ''}${line}\n`);
    },
  };
}
