import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ACR_NOTICE, bundledGuidelineIssues, isAcrReportingSystem } from './bundledGuidelineIssues';
import { createGuidelineIndex } from './guidelineIndex';
import { guidelinePackSchema, guidelineSchema } from './guidelineSchema';
import {
  BUNDLED_PACKS_DIR,
  GUIDELINE_DIRS_ENV,
  GuidelinePackError,
  loadGuidelinePacks,
  readRawPack,
} from './loadGuidelinePacks';
import { SPECIALTIES } from '../../electron/common/schemas/specialties';
import { validatePack } from './validatePack';

const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

const goodGuideline = {
  id: 'local-protocol',
  title: 'Local CT head protocol',
  issuer: 'Example Hospital',
  version: '3',
  year: 2024,
  url: 'https://intranet.example.org/protocols/ct-head',
  licence: { kind: 'institutional', note: 'Internal protocol' },
  passages: [
    {
      id: 'indication',
      heading: 'Indication',
      text: 'Scan every adult with a head injury and anticoagulation.',
      keywords: ['anticoagulant'],
    },
  ],
};

/** Writes a pack folder and returns its path. */
function writePack(manifest: unknown, guidelines: Record<string, unknown>): string {
  const root = mkdtempSync(join(tmpdir(), 'mmx-pack-'));
  temps.push(root);
  const dir = join(root, 'local');
  mkdirSync(dir);
  writeFileSync(join(dir, 'pack.json'), JSON.stringify(manifest));
  for (const [file, data] of Object.entries(guidelines))
    writeFileSync(join(dir, file), typeof data === 'string' ? data : JSON.stringify(data));
  return dir;
}
const manifest = {
  schemaVersion: 1,
  id: 'local',
  title: 'Local',
  version: '1',
  specialties: ['brain-senses'],
};

describe('bundled guideline packs', () => {
  const loaded = loadGuidelinePacks({ env: {} });
  const packs = loaded.map((l) => l.pack);

  it('are all valid and serve the four specialties', () => {
    for (const pack of packs) expect(guidelinePackSchema.safeParse(pack).success).toBe(true);
    expect(new Set(packs.flatMap((p) => p.specialties))).toEqual(new Set(SPECIALTIES));
  });

  it('hold at least 40 guidelines, citable ones with 2 to 12 passages, licensed ones cited by name only', () => {
    const guidelines = packs.flatMap((p) => p.guidelines);
    expect(guidelines.length).toBeGreaterThanOrEqual(40);
    const citable = guidelines.filter((g) => g.licence.kind === 'paraphrase');
    for (const g of citable) expect(g.passages.length, g.id).toBeGreaterThanOrEqual(2);
    for (const g of citable) expect(g.passages.length, g.id).toBeLessThanOrEqual(12);
    const byName = guidelines.filter((g) => g.licence.kind === 'cited-by-name');
    expect(byName.map((g) => g.id)).toEqual(
      expect.arrayContaining(['ajcc-tnm-8', 'nccn-guidelines', 'cap-cancer-protocols']),
    );
    for (const g of byName) expect(g.passages).toEqual([]);
  });

  it('name a source, the edition summarised and a review date on every guideline, and the ACR notice on ACR reporting systems', () => {
    const guidelines = packs.flatMap((p) => p.guidelines);
    expect(guidelines.flatMap(bundledGuidelineIssues)).toEqual([]);
    const acr = guidelines.filter(isAcrReportingSystem).map((g) => g.id);
    expect(acr).toEqual(
      expect.arrayContaining([
        'acr-ti-rads-2017',
        'li-rads-2018',
        'lung-rads-2022',
        'pi-rads-2.1',
        'bi-rads-2013',
        'o-rads-us-2022',
      ]),
    );
    expect(acr).not.toContain('acr-adrenal-2017');
  });

  it('have unique guideline ids across packs and https links', () => {
    const ids = packs.flatMap((p) => p.guidelines.map((g) => g.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const g of packs.flatMap((p) => p.guidelines))
      expect(g.url.startsWith('https://')).toBe(true);
  });

  it('store one file per guideline, named after its id', () => {
    for (const l of loaded) {
      const files = readdirSync(l.dir).filter((f) => f !== 'pack.json');
      expect(files.sort()).toEqual(l.pack.guidelines.map((g) => `${g.id}.json`).sort());
    }
  });
});

describe('bundledGuidelineIssues', () => {
  const acrSystem = guidelineSchema.parse({
    ...goodGuideline,
    id: 'x-rads',
    title: 'Example Reporting and Data System (X-RADS)',
    issuer: 'American College of Radiology',
    licence: { kind: 'paraphrase', note: 'Our own words.' },
  });

  it('reports a missing edition, review date, source and ACR notice', () => {
    expect(bundledGuidelineIssues(acrSystem)).toEqual([
      'x-rads: names no edition',
      'x-rads: has no review date',
      'x-rads: names no published source (reference)',
      'x-rads: is an ACR reporting system without the ACR notice',
    ]);
  });

  it('accepts the same guideline once it names them, and does not ask an institutional protocol for a reference', () => {
    const complete = {
      ...acrSystem,
      edition: 'v1',
      reviewed: '2026-12-01',
      reference: 'Doe J. J Am Coll Radiol 2020',
      licence: { kind: 'paraphrase' as const, note: `${ACR_NOTICE} Categories only.` },
    };
    expect(bundledGuidelineIssues(complete)).toEqual([]);
    const local = { ...complete, issuer: 'Example Hospital', title: 'Local CT head protocol' };
    const institutional = { kind: 'institutional' as const, note: 'Internal protocol' };
    expect(
      bundledGuidelineIssues({ ...local, reference: undefined, licence: institutional }),
    ).toEqual([]);
  });
});

describe('validatePack', () => {
  const raw = (guidelines: unknown[], m: unknown = manifest) => ({
    manifest: { file: 'x/pack.json', data: m },
    guidelines: guidelines.map((data, i) => ({ file: `x/g${i}.json`, data })),
  });

  it('accepts a minimal institutional pack', () => {
    const result = validatePack(raw([goodGuideline]));
    expect(result.issues).toEqual([]);
    expect(result.pack?.guidelines[0]?.passages[0]?.id).toBe('indication');
  });

  it('rejects duplicate passage ids, naming the file and path', () => {
    const p = goodGuideline.passages[0];
    const { pack, issues } = validatePack(raw([{ ...goodGuideline, passages: [p, p] }]));
    expect(pack).toBeUndefined();
    expect(issues).toContainEqual({
      file: 'x/g0.json',
      path: 'passages[1].id',
      message: "duplicate passage id 'indication'",
    });
  });

  it('rejects http links, empty text, bad ids and unknown fields', () => {
    const bad = {
      ...goodGuideline,
      id: 'Bad Id',
      url: 'http://example.org',
      extra: 1,
      passages: [{ id: 'a', heading: ' ', text: '' }],
    };
    const messages = validatePack(raw([bad])).issues.map((i) => `${i.path}: ${i.message}`);
    expect(messages.some((m) => m.startsWith('id: must be lower-case'))).toBe(true);
    expect(messages).toContain('url: must be an https:// link');
    expect(
      messages.some((m) => m.startsWith('passages[0].heading: heading must not be empty')),
    ).toBe(true);
    expect(messages.some((m) => m.startsWith('passages[0].text'))).toBe(true);
    expect(messages.some((m) => m.includes('extra'))).toBe(true);
  });

  it('rejects copied text in a guideline cited by name only', () => {
    const licensed = { ...goodGuideline, licence: { kind: 'cited-by-name', note: 'Licensed' } };
    expect(validatePack(raw([licensed])).issues.map((i) => i.message)).toContain(
      'a guideline cited by name only must not carry passages (licensed text)',
    );
  });

  it('rejects the same guideline id twice in a pack and a pack without guidelines', () => {
    expect(validatePack(raw([goodGuideline, goodGuideline])).issues[0]?.message).toMatch(
      /already used by x\/g0.json/,
    );
    expect(validatePack(raw([])).issues[0]?.message).toBe('the pack has no guideline files');
  });
});

describe('loadGuidelinePacks with user folders', () => {
  it('loads an institutional pack from --dir and from MMX_GUIDELINE_DIRS', () => {
    const dir = writePack(manifest, { 'local-protocol.json': goodGuideline });
    expect(loadGuidelinePacks({ dirs: [dir], env: {} }).map((l) => l.pack.id)).toContain('local');
    const fromEnv = loadGuidelinePacks({ env: { [GUIDELINE_DIRS_ENV]: join(dir, '..') } });
    expect(fromEnv.find((l) => l.pack.id === 'local')?.bundled).toBe(false);
    expect(fromEnv.filter((l) => l.bundled)).toHaveLength(4);
  });

  it('names the broken file and field in the error', () => {
    const dir = writePack(manifest, {
      'local-protocol.json': { ...goodGuideline, url: 'ftp://x' },
    });
    expect(() => loadGuidelinePacks({ dirs: [dir], env: {}, bundled: false })).toThrow(
      /local-protocol\.json: url: must be an https:\/\/ link/,
    );
  });

  it('reports invalid JSON with the file name', () => {
    const dir = writePack(manifest, { 'broken.json': '{ "id": ' });
    expect(() => loadGuidelinePacks({ dirs: [dir], env: {}, bundled: false })).toThrow(
      /broken\.json: not valid JSON/,
    );
  });

  it('describes a broken pack without quoting its text', () => {
    // Pack files may hold an institution's own text: problems name the file,
    // the field and what is expected, never the value found.
    const secret = 'TOP-SECRET Jane^Doe';
    const problemsOf = (dir: string): string[] => {
      try {
        loadGuidelinePacks({ dirs: [dir], env: {}, bundled: false });
      } catch (error) {
        const { message, issues } = error as GuidelinePackError;
        return [message, ...issues.map((i) => `${i.file}: ${i.path}: ${i.message}`)];
      }
      return [];
    };
    const invalid = writePack(
      { ...manifest, schemaVersion: secret, specialties: [secret] },
      {
        'a.json': {
          ...goodGuideline,
          id: secret,
          year: secret,
          url: `https://${secret}`,
          reviewed: secret,
          licence: { kind: secret, note: '' },
          passages: [{ id: 'p', heading: secret, text: secret.slice(0, 5), keywords: [7] }],
        },
      },
    );
    const notJson = writePack(manifest, { 'b.json': `{ "title": "${secret}",` });
    const garbage = writePack(manifest, { 'c.json': `${secret} {}` });
    const problems = [...problemsOf(invalid), ...problemsOf(notJson), ...problemsOf(garbage)];
    expect(problems.length).toBeGreaterThan(8);
    expect(problems).toContainEqual(
      expect.stringMatching(/b\.json: : not valid JSON \(at line 1, column \d+\)$/),
    );
    expect(problems).toContainEqual(expect.stringMatching(/c\.json: : not valid JSON$/));
    const text = problems.join('\n');
    for (const word of ['TOP', 'SECRET', 'Jane', 'Doe']) expect(text).not.toContain(word);
  });

  it('refuses a user pack that reuses a bundled guideline id', () => {
    const dir = writePack(manifest, { 'f.json': { ...goodGuideline, id: 'fleischner-2017' } });
    try {
      loadGuidelinePacks({ dirs: [dir], env: {} });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(GuidelinePackError);
      expect((error as GuidelinePackError).message).toMatch(
        /guideline id 'fleischner-2017' is also in pack 'adult-medicine'/,
      );
    }
  });

  it('says when a folder has no pack or does not exist', () => {
    expect(() => readRawPack(tmpdir())).toThrow(/no pack.json/);
    expect(() =>
      loadGuidelinePacks({ dirs: [join(tmpdir(), 'no-such-mmx-dir')], env: {} }),
    ).toThrow(/does not exist/);
  });

  it('makes a user pack searchable next to the bundled ones', () => {
    const dir = writePack(manifest, { 'local-protocol.json': goodGuideline });
    const index = createGuidelineIndex(
      loadGuidelinePacks({ dirs: [dir], env: {} }).map((l) => l.pack),
      'brain-senses',
    );
    const keys = index.search('head injury on anticoagulants', { limit: 3 }).map((h) => h.key);
    expect(keys).toContain('local-protocol#indication');
    expect(keys).toContain('canadian-ct-head-rule#scope');
  });
});

describe('isomorphic modules', () => {
  it('import nothing from Node so the renderer can use them', () => {
    const nodeOnly = new Set(['loadGuidelinePacks.ts']);
    const dir = new URL('.', import.meta.url);
    const files = [
      ...readdirSync(dir)
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !nodeOnly.has(f))
        .map((f) => new URL(f, dir)),
      ...readdirSync(new URL('../reasoning/', dir))
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .map((f) => new URL(`../reasoning/${f}`, dir)),
    ];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      // Double-quoted strings are data (the judge memory's step texts: "…the same process."); the
      // project's code quotes its imports singly, so they stay in what is checked.
      const text = readFileSync(file, 'utf8').replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
      expect(text, file.pathname).not.toMatch(
        /from ['"](?:node:[\w/]+|fs|path|os|url|child_process)['"/]|\bprocess\.|\bBuffer\b|loadGuidelinePacks/,
      );
    }
  });

  it('search works on packs that went through JSON (as the renderer receives them)', () => {
    const packs = JSON.parse(
      JSON.stringify(
        loadGuidelinePacks({ bundledDir: BUNDLED_PACKS_DIR, env: {} }).map((l) => l.pack),
      ),
    ) as unknown[];
    const index = createGuidelineIndex(packs.map((p) => guidelinePackSchema.parse(p)));
    const hits = index.search('HCC LR-5', { limit: 3 });
    expect(hits[0]?.guideline.id).toBe('li-rads-2018');
    expect(hits[0]?.score).toBeGreaterThan(hits[2]?.score ?? Infinity);
  });
});
