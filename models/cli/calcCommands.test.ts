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

  it('prints the Lung-RADS category, management and the inputs it assumed', async () => {
    const run = await runCli([
      'calc',
      'lung-rads',
      '--type',
      'part-solid',
      '--scan',
      'baseline',
      '--size-mm',
      '12',
      '--solid-mm',
      '8',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      guideline: 'lung-rads-2022',
      category: '4B',
      passage: 'category-4b',
      management: expect.stringMatching(/tissue sampling/),
      inputs: { finding: 'part-solid', scan: 'baseline', sizeMm: 12, solidMm: 8 },
    });
  });

  it('prints the Bosniak class for a negative attenuation passed as a flag value', async () => {
    const run = await runCli([
      'calc',
      'bosniak',
      '--modality',
      'ct',
      '--phase',
      'portal-venous',
      '--wall-mm',
      '1',
      '--septa',
      '0',
      '--hu',
      '-5',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      guideline: 'bosniak-2019',
      category: 'I',
      passage: 'class-1',
      inputs: { hu: -5, septa: 0 },
    });
  });

  it('prints the O-RADS category of a multilocular cyst with a solid component', async () => {
    const run = await runCli([
      'calc',
      'o-rads',
      '--lesion',
      'multilocular',
      '--solid-component',
      'yes',
      '--color-score',
      '3',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      guideline: 'o-rads-us-2022',
      category: '5',
      passage: 'category-5',
      inputs: { lesion: 'multilocular', solidComponent: true, colorScore: 3 },
    });
  });

  it('lists every calculator with its flags under mmx calc --help', async () => {
    const run = await runCli(['calc', '--help']);
    expect(run.code).toBe(0);
    for (const name of ['fleischner', 'ti-rads', 'li-rads', 'lung-rads', 'bosniak', 'o-rads'])
      expect(run.stdout).toMatch(new RegExp(`mmx calc ${name} --`));
  });

  it.each([
    [['calc', 'li-rads', '--aphe', 'maybe', '--size-mm', '15'], /--aphe must be one of yes, no/],
    [
      ['calc', 'lung-rads', '--type', 'solid', '--scan', 'follow-up', '--size-mm', '7'],
      /new, growing or stable/,
    ],
    [
      ['calc', 'lung-rads', '--type', 'solid', '--scan', 'baseline', '--change', 'new'],
      /--change is only for a follow-up scan/,
    ],
    [['calc', 'lung-rads', '--type', 'solid', '--scan', 'baseline'], /mean diameter/],
    [
      [
        'calc',
        'lung-rads',
        '--type',
        'solid',
        '--scan',
        'follow-up',
        '--change',
        'stable',
        '--size-mm',
        '7',
        '--prior',
        '4B',
      ],
      /--prior must be one of 2, 3, 4A/,
    ],
    [
      [
        'calc',
        'bosniak',
        '--modality',
        'ct',
        '--phase',
        'unenhanced',
        '--wall-mm',
        '1',
        '--septa',
        '0',
        '--hu',
        '45',
      ],
      /indeterminate/,
    ],
    [
      ['calc', 'bosniak', '--modality', 'ct', '--wall-mm', '1', '--septa', '2.5'],
      /--septa must be an integer/,
    ],
    [
      ['calc', 'bosniak', '--modality', 'mri', '--wall-mm', '1', '--septa', '0', '--hu', '5'],
      /are for CT/,
    ],
    [['calc', 'o-rads', '--lesion', 'cyst'], /--lesion must be one of/],
    [
      ['calc', 'o-rads', '--lesion', 'solid', '--outer-contour', 'smooth', '--color-score', '5'],
      /--color-score must be one of/,
    ],
    [['calc', 'o-rads', '--lesion', 'simple-cyst', '--size-cm', '2'], /menopausal status/],
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
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^error: /);
    expect(run.stderr).toMatch(message);
  });
});
