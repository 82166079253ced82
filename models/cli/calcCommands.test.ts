import { describe, expect, it } from 'vitest';
import { runCli } from './testing/runCli';

describe('mmx calc', () => {
  it('prints the Fleischner 2017 fields for a single 7 mm solid nodule in a low-risk adult', async () => {
    const run = await runCli([
      'calc',
      'fleischner',
      '--type',
      'solid',
      '--size-mm',
      '7',
      '--count',
      'single',
      '--risk',
      'low',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      guideline: 'fleischner-2017',
      firstCtMonths: [6, 12],
      optional: false,
      passage: 'solid-6-8mm',
      recommendation: expect.stringMatching(/6–12 months/),
    });
  });

  it('prints null months for a 4 mm ground-glass nodule and optional CT for a high-risk 4 mm solid one', async () => {
    const gg = await runCli([
      'calc',
      'fleischner',
      '--type',
      'ground-glass',
      '--size-mm',
      '4',
      '--count',
      'single',
      '--json',
    ]);
    expect(JSON.parse(gg.stdout)).toMatchObject({
      firstCtMonths: null,
      passage: 'ground-glass-single',
    });
    const solid = await runCli([
      'calc',
      'fleischner',
      '--type',
      'solid',
      '--size-mm',
      '4',
      '--count',
      'single',
      '--risk',
      'high',
      '--json',
    ]);
    expect(JSON.parse(solid.stdout)).toMatchObject({ firstCtMonths: [12, 12], optional: true });
  });

  it('prints TI-RADS points, level and action with several foci', async () => {
    const run = await runCli([
      'calc',
      'ti-rads',
      '--composition',
      'solid',
      '--echogenicity',
      'hypoechoic',
      '--shape',
      'wider-than-tall',
      '--margin',
      'smooth',
      '--foci',
      'macro,punctate',
      '--size-mm',
      '9',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      guideline: 'acr-ti-rads-2017',
      points: 8,
      level: 'TR5',
      action: 'follow-up',
    });
  });

  it('prints the LI-RADS category for a 15 mm APHE observation with washout', async () => {
    const run = await runCli([
      'calc',
      'li-rads',
      '--aphe',
      'yes',
      '--size-mm',
      '15',
      '--washout',
      '--json',
    ]);
    expect(JSON.parse(run.stdout)).toMatchObject({
      guideline: 'li-rads-2018',
      category: 'LR-5',
      passage: 'lr5-criteria',
    });
  });

  it.each([
    [['calc', 'li-rads', '--aphe', 'maybe', '--size-mm', '15'], /--aphe must be one of yes, no/],
    [['calc', 'fleischner', '--type', 'solid', '--size-mm', '7', '--count', 'single'], /--risk/],
    [
      ['calc', 'fleischner', '--type', 'round', '--size-mm', '7', '--count', 'single'],
      /--type must be one of/,
    ],
    [
      ['calc', 'fleischner', '--type', 'ground-glass', '--size-mm', 'big', '--count', 'single'],
      /--size-mm must be a number/,
    ],
    [
      [
        'calc',
        'fleischner',
        '--type',
        'solid',
        '--size-mm',
        '7',
        '--solid-mm',
        '3',
        '--count',
        'single',
        '--risk',
        'low',
      ],
      /only for part-solid/,
    ],
    [
      [
        'calc',
        'ti-rads',
        '--composition',
        'solid',
        '--echogenicity',
        'dark',
        '--shape',
        'wider-than-tall',
        '--margin',
        'smooth',
        '--foci',
        'none',
        '--size-mm',
        '9',
      ],
      /--echogenicity must be one of/,
    ],
    [
      [
        'calc',
        'ti-rads',
        '--composition',
        'solid',
        '--echogenicity',
        'hypoechoic',
        '--shape',
        'wider-than-tall',
        '--margin',
        'smooth',
        '--foci',
        'none,sparkly',
        '--size-mm',
        '9',
      ],
      /--foci must be one of/,
    ],
  ])('gives one error line for bad input: %j', async (argv, message) => {
    const run = await runCli(argv);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^error: /);
    expect(run.stderr).toMatch(message);
  });
});
