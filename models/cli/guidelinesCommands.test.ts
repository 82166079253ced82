import { describe, expect, it } from 'vitest';
import { runCli as run } from './testing/runCli';

describe('mmx guidelines', () => {
  it('lists the four bundled packs as JSON', async () => {
    const r = await run(['guidelines', 'list', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      packs: { id: string; guidelines: { id: string; passages: number }[] }[];
    };
    expect(doc.packs.map((p) => p.id).sort()).toEqual([
      'adult-medicine',
      'brain-senses',
      'oncology-surgery',
      'pediatrics',
    ]);
    expect(
      doc.packs.flatMap((p) => p.guidelines).find((g) => g.id === 'fleischner-2017')?.passages,
    ).toBeGreaterThanOrEqual(6);
  });

  it('searches with a specialty filter and returns ranked passages with scores', async () => {
    const r = await run([
      'guidelines',
      'search',
      'HCC',
      'LR-5',
      '--specialty',
      'adult-medicine',
      '--limit',
      '3',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      results: { guideline: string; score: number; support: number; excerpt: string }[];
    };
    expect(doc.results).toHaveLength(3);
    expect(doc.results[0]?.guideline).toBe('li-rads-2018');
    const scores = doc.results.map((x) => x.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('prints a readable ranked list without --json', async () => {
    const r = await run([
      'guidelines',
      'search',
      'Salter-Harris type II',
      '--specialty',
      'pediatrics',
      '--limit',
      '1',
    ]);
    expect(r.stdout).toMatch(
      /^1\. \[salter-harris#type-2\] Type II {2}score \d+\.\d\d, support \d\.\d\d\n {3}\S/,
    );
  });

  it('answers bad input with one error line', async () => {
    expect((await run(['guidelines', 'search'])).stderr).toMatch(/^error: give a search query/);
    const bad = await run(['guidelines', 'search', 'x', '--specialty', 'cardiology']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      "error: no pack serves specialty 'cardiology'; known: adult-medicine, brain-senses, oncology-surgery, pediatrics\n",
    );
    expect((await run(['guidelines', 'list', '--dir', '/no/such/mmx/dir'])).stderr).toMatch(
      /^error: loadGuidelinePacks: .*does not exist\n$/,
    );
  });
});
