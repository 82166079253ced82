import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const TARGET_WARM_MS = 1500;
const URL_LINE = /http:\/\/127\.0\.0\.1:\d+\/\?token=/;

/** Runs `npm start` in web mode (node electron/launch.mjs) and returns the ms until it printed its URL. */
function timeToUrl(env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolveTime, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['electron/launch.mjs', '--no-open'], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (URL_LINE.test(out)) {
        const ms = performance.now() - start;
        child.once('exit', () => resolveTime(ms));
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => {
      if (!URL_LINE.test(out))
        reject(new Error(`npm start exited (${code}) without a URL: ${err.trim().split('\n')[0]}`));
    });
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/**
 * `npm start` (web mode) to its printed URL: a warm start (build up to date)
 * and a cold one (its build folder removed, so it builds the renderer), interleaved
 * round by round so both see the same load. Uses its own build folder and
 * MMX_HOME, so the checkout's build is left alone.
 */
export async function runStartBench(args: string[]): Promise<void> {
  const rounds = Number(args[0] ?? 5);
  const scratch = mkdtempSync(join(tmpdir(), 'mmx-start-bench-'));
  const dist = join(scratch, 'renderer');
  const env = {
    ...process.env,
    MMX_WEB: '1',
    MMX_HOME: join(scratch, 'home'),
    MMX_RENDERER_DIST: dist,
  };
  try {
    await timeToUrl(env); // first start: builds and installs the demo model
    const warm: number[] = [];
    const cold: number[] = [];
    for (let round = 0; round < rounds; round++) {
      warm.push(await timeToUrl(env));
      rmSync(dist, { recursive: true, force: true });
      cold.push(await timeToUrl(env));
    }
    const [w, c] = [median(warm), median(cold)];
    const line = (name: string, values: number[]) =>
      `  ${name.padEnd(44)} ${median(values).toFixed(0).padStart(6)} ms  [${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}]`;
    process.stdout.write(
      [
        `start: npm start (web mode) to its printed URL, median [min–max] of ${rounds} interleaved rounds after a first start`,
        line('warm (build up to date, no Vite)', warm),
        line('reference: cold (no build, runs Vite)', cold),
        `  ratio warm / cold: ${(w / c).toFixed(3)}`,
        `  target warm ≤ ${TARGET_WARM_MS} ms: ${w <= TARGET_WARM_MS ? 'met' : 'NOT met'}`,
        '',
      ].join('\n'),
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
