import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
interface CpuProfile {
  /** Microseconds on the monotonic clock (process.hrtime's, shared by processes on a host). */
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** From when to when (microseconds, `nowUs()`) the samples count: the load, not start-up. */
export interface Window {
  fromUs: number;
  toUs: number;
}

/** Now on the clock CPU profiles stamp their samples with. */
export const nowUs = () => Number(process.hrtime.bigint() / 1000n);

export interface HotFunction {
  name: string;
  where: string;
  selfPercent: number;
}

/** Where a frame of the minified bundle came from: package (or our file) and function name. */
function resolver(bundleDir: string) {
  const maps = new Map<string, SourceMap | null>();
  return (frame: ProfileNode['callFrame']) => {
    if (!frame.url) return { name: frame.functionName || '(native)', where: '' };
    const file = frame.url.replace(/^file:\/\//, '');
    if (!maps.has(file)) {
      const mapFile = `${file}.map`;
      maps.set(
        file,
        file.startsWith(bundleDir) && existsSync(mapFile)
          ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8')))
          : null,
      );
    }
    const map = maps.get(file);
    const entry = map?.findEntry(frame.lineNumber, frame.columnNumber) as
      { originalSource?: string; originalLine?: number; name?: string } | undefined;
    const source = entry?.originalSource ?? file;
    // pnpm's store folder names the package (`.pnpm/@scope+name@1.2.3_…`), whatever its map says.
    const store = /\.pnpm\/((?:@[^+/]+\+)?[^@/]+)@/.exec(source)?.[1]?.replace('+', '/');
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1];
    const where = store ?? pkg ?? path.basename(source).replace(/\?.*$/, '');
    const line = entry?.originalLine !== undefined ? `:${entry.originalLine + 1}` : '';
    return { name: entry?.name || frame.functionName || '(anonymous)', where: `${where}${line}` };
  };
}

/** The functions with the most self time in the CPU profile(s) written to `dir`. */
export function topSelfTime(
  dir: string,
  bundleDir: string,
  window?: Window,
  count = 12,
): HotFunction[] {
  return selfTimes(dir, bundleDir, (where) => where, false, window).slice(0, count);
}

/** Self time summed per package (or file of ours; `(native)` for V8 and the kernel). */
export function selfTimeByPackage(
  dir: string,
  bundleDir: string,
  window?: Window,
  count = 8,
): HotFunction[] {
  return selfTimes(
    dir,
    bundleDir,
    (where) => where.replace(/:\d+$/, '') || '(native)',
    true,
    window,
  ).slice(0, count);
}

function selfTimes(
  dir: string,
  bundleDir: string,
  group: (where: string) => string,
  byGroupOnly = false,
  window?: Window,
): HotFunction[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  const resolve = resolver(bundleDir);
  const totals = new Map<string, { name: string; where: string; us: number }>();
  let all = 0;
  for (const f of files) {
    const profile = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as CpuProfile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    let at = profile.startTime;
    profile.samples.forEach((id, i) => {
      at += profile.timeDeltas[i] ?? 0;
      // Start-up (module compilation) and shutdown are not the workload.
      if (window && (at < window.fromUs || at > window.toUs)) return;
      const node = byId.get(id)!;
      const frame = resolve(node.callFrame);
      if (frame.name === '(idle)') return;
      const where = group(frame.where);
      const name = byGroupOnly ? where : frame.name;
      const key = `${name} ${where}`;
      const t = totals.get(key) ?? { name, where, us: 0 };
      t.us += profile.timeDeltas[i] ?? 0;
      all += profile.timeDeltas[i] ?? 0;
      totals.set(key, t);
    });
  }
  return [...totals.values()]
    .sort((a, b) => b.us - a.us)
    .map((t) => ({ name: t.name, where: t.where, selfPercent: (100 * t.us) / all }));
}
