/** Keeps a port-forward alive: when it exits (the pod was replaced), start it again. */
export async function keepForwarding(
  start: () => Promise<number>,
  o: {
    signal: AbortSignal;
    onRestart?: (attempt: number, code: number) => void;
    delayMs?: number;
    maxRestarts?: number;
  },
): Promise<void> {
  let attempt = 0;
  while (!o.signal.aborted) {
    const code = await start();
    if (o.signal.aborted) return;
    attempt++;
    if (o.maxRestarts !== undefined && attempt > o.maxRestarts)
      throw new Error(`port-forward keeps failing (exit code ${code})`);
    o.onRestart?.(attempt, code);
    await new Promise((r) => setTimeout(r, o.delayMs ?? 1000));
  }
}
