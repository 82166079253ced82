// One fuzz worker process: regenerates cases from (seed, index), runs each
// through the viewer's pipeline and reports one JSON line per step on stdout.
// The parent (runDicomFuzz.ts) enforces the wall-clock limit by killing this
// process; the heap limit comes from --max-old-space-size; memory outside
// the heap (typed arrays, wasm) is measured here, per case, with maxRSS.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fuzzCase } from './fuzzCase';
import { mapSeed } from './mutateDicom';
import { runDicomCase } from './runDicomCase';

const [mode, ...args] = process.argv.slice(2);
const report = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

async function runOne(index: number, bytes: Uint8Array, memoryLimitMb: number): Promise<boolean> {
  report({ case: index, phase: 'start' });
  const cpuBefore = process.cpuUsage();
  const outcome = await runDicomCase(bytes);
  const cpu = process.cpuUsage(cpuBefore);
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const runaway = peakMb > memoryLimitMb;
  report({
    case: index,
    phase: 'done',
    outcome: runaway ? { kind: 'runaway', message: `peak RSS ${Math.round(peakMb)} MiB` } : outcome,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  });
  // A process that has grown this much would blame the next cases: stop, the parent starts a fresh one.
  return !runaway;
}

async function main(): Promise<void> {
  if (mode === 'replay') {
    const [file, limit] = args;
    await runOne(0, new Uint8Array(readFileSync(file!)), Number(limit));
    return;
  }
  const [seedDir, seed, from, to, limit] = args;
  const seeds = readdirSync(seedDir!)
    .filter((name) => name.endsWith('.dcm'))
    .sort()
    .map((name) =>
      mapSeed(name.replace(/\.dcm$/, ''), new Uint8Array(readFileSync(join(seedDir!, name)))),
    );
  for (let index = Number(from); index < Number(to); index++) {
    const { bytes } = fuzzCase(seeds, Number(seed), index);
    if (!(await runOne(index, bytes, Number(limit)))) return;
  }
}

await main();
