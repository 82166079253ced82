import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/testing/runCli';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import { runCitationQualityBench } from './citationQualityBench';
import {
  CITATION_QUALITY_HALVES,
  CITATION_QUALITY_HELD_OUT,
  loadCitationQualitySet,
} from './citationQualitySet';

async function bench(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const text = { stdout: '', stderr: '' };
  const capture = (key: keyof typeof text) =>
    new Writable({
      write(chunk, _enc, done) {
        text[key] += String(chunk);
        done();
      },
    });
  await runCitationQualityBench(args, { stdout: capture('stdout'), stderr: capture('stderr') });
  return text;
}

interface Doc {
  warnings: string[];
  missingGuidelines: string[];
  splits: Record<string, { cases: number; steps: number; scored: number; excluded: number }>;
  targets?: Record<string, { met: boolean; value: number | null }>;
  targetsBySplit?: Record<string, Record<string, { met: boolean; value: number | null }>>;
  misses?: { half: string; problems: string[] }[];
  missesOf?: string[];
}

const loaded = new Set(
  loadGuidelinePacks({ env: {} }).flatMap((l) => l.pack.guidelines.map((g) => g.id)),
);

describe('npm run bench -- citation-quality', () => {
  it('scores every step of every half and leaves out those expecting a guideline no pack holds', async () => {
    const { stdout, stderr } = await bench(['--json']);
    const doc = JSON.parse(stdout) as Doc;
    for (const half of CITATION_QUALITY_HALVES) {
      const steps = loadCitationQualitySet(half).flatMap((c) => c.steps);
      const missing = steps.filter((s) => (s.expect?.guidelines ?? []).some((g) => !loaded.has(g)));
      expect(doc.splits[half]).toMatchObject({
        steps: steps.length,
        excluded: missing.length,
        scored: steps.length - missing.length,
      });
    }
    expect(doc.splits.all?.steps).toBe(
      CITATION_QUALITY_HALVES.reduce((n, half) => n + (doc.splits[half]?.steps ?? 0), 0),
    );
    expect(Object.keys(doc.targets ?? {}).sort()).toEqual(['falseCitation', 'precision', 'recall']);
    expect(Object.keys(doc.targetsBySplit ?? {})).toEqual([
      'heldout',
      'heldout-2',
      'heldout-3',
      'heldout-4',
      'heldout-5',
      'heldout-6',
      'heldout-7',
      'heldout-8',
      'heldout-9',
      'heldout-10',
      'heldout-11',
      'heldout-12',
      'heldout-13',
      'heldout-14',
      'heldout-15',
      'heldout-16',
      'heldout-17',
      'heldout-18',
      'heldout-19',
      'heldout-20',
      'heldout-21',
      'heldout-22',
      'heldout-23',
      'heldout-24',
      'heldout-25',
      'heldout-26',
      'heldout-27',
      'heldout-28',
      'heldout-29',
      'heldout-30',
      'heldout-31',
      'heldout-32',
      'heldout-33',
      'heldout-34',
    ]);
    expect(doc.targetsBySplit?.heldout).toEqual(doc.targets);
    expect(doc.misses).toBeUndefined();
    for (const id of doc.missingGuidelines) expect(loaded.has(id)).toBe(false);
    if (doc.missingGuidelines.length > 0)
      expect(stderr).toMatch(/^warning: \d+ steps expect guidelines/);
  });

  it('lists the misses of the half asked for, each with what is wrong', async () => {
    const doc = JSON.parse((await bench(['--split', 'tune', '--misses', '--json'])).stdout) as Doc;
    expect(Object.keys(doc.splits)).toEqual(['tune']);
    expect(doc.targets).toBeUndefined();
    expect(doc.missesOf).toEqual(['tune']);
    for (const miss of doc.misses ?? []) {
      expect(miss.half).toBe('tune');
      expect(miss.problems.length).toBeGreaterThan(0);
    }
  });

  it('keeps the held-out misses out of a default run with --misses', async () => {
    const { stdout } = await bench(['--misses']);
    expect(stdout).toMatch(/misses \(tune\): \d+ step/);
    const heldOutName = CITATION_QUALITY_HELD_OUT.join('|');
    expect(stdout).not.toMatch(new RegExp(`^ {2}(${heldOutName}|train) `, 'm'));
    const columns = CITATION_QUALITY_HELD_OUT.map((half) => ` +${half} +held-out target`).join('');
    expect(stdout).toMatch(new RegExp(`^ {2} +tune +train${columns} +all$`, 'm'));
    // One column per held-out half, each followed by its target check (counted, not matched by
    // one pattern: a repeated greedy group backtracks for minutes over thirty columns).
    const precision = stdout.split('\n').find((line) => /^ {2}precision /.test(line)) ?? '';
    expect(precision.match(/ (?:met|NOT met)\b/g)?.length).toBe(CITATION_QUALITY_HELD_OUT.length);
  });

  it('lists the second held-out half and only its misses when asked for it by name', async () => {
    const doc = JSON.parse(
      (await bench(['--split', 'heldout-2', '--misses', '--json'])).stdout,
    ) as Doc;
    expect(Object.keys(doc.splits)).toEqual(['heldout-2']);
    expect(doc.splits['heldout-2']?.steps).toBe(
      loadCitationQualitySet('heldout-2').flatMap((c) => c.steps).length,
    );
    expect(doc.targets).toBeUndefined();
    expect(Object.keys(doc.targetsBySplit ?? {})).toEqual(['heldout-2']);
    expect(doc.missesOf).toEqual(['heldout-2']);
    for (const miss of doc.misses ?? []) expect(miss.half).toBe('heldout-2');
  });

  it('answers a bad --split through mmx bench with one error line and exit 2', async () => {
    const r = await runCli(['bench', 'citation-quality', '--split', 'everything']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: citation-quality: --split must be ${CITATION_QUALITY_HALVES.join(', ')} or both, got 'everything'\n`,
    );
    const unknown = await runCli(['bench', 'citation-quality', '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: citation-quality: .*--bogus/);
  });
});
