import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUIDELINE_DIRS_ENV } from '../../models/guidelines/loadGuidelinePacks';
import { GuidelineLibrary, createGuidelinesHandlers } from './guidelinesHandlers';

let root: string;
let saved: string | undefined;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'mmx-guidelines-'));
  const dir = join(root, 'local');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'pack.json'),
    JSON.stringify({
      schemaVersion: 1,
      id: 'local',
      title: 'Local',
      version: '1',
      specialties: ['brain-senses'],
    }),
  );
  writeFileSync(
    join(dir, 'local-protocol.json'),
    JSON.stringify({
      id: 'local-protocol',
      title: 'Local CT head protocol',
      issuer: 'Example Hospital',
      version: '3',
      year: 2024,
      edition: 'Protocol 3, March 2024',
      reviewed: '2026-10-01',
      url: 'https://intranet.example.org/protocols/ct-head',
      licence: { kind: 'institutional', note: 'Internal protocol' },
      passages: [
        {
          id: 'indication',
          heading: 'Indication',
          text: 'Scan every adult with a head injury and anticoagulation.',
        },
      ],
    }),
  );
  saved = process.env[GUIDELINE_DIRS_ENV];
  process.env[GUIDELINE_DIRS_ENV] = root;
});
afterAll(() => {
  if (saved === undefined) delete process.env[GUIDELINE_DIRS_ENV];
  else process.env[GUIDELINE_DIRS_ENV] = saved;
  rmSync(root, { recursive: true, force: true });
});

describe('guideline handlers', () => {
  it('give a guideline edition and review date to the drawer and the guideline list', async () => {
    const handlers = createGuidelinesHandlers(new GuidelineLibrary());
    const view = await handlers.getPassage({ guideline: 'local-protocol', passage: 'indication' });
    expect(view.guideline).toMatchObject({
      edition: 'Protocol 3, March 2024',
      reviewed: '2026-10-01',
    });
    const { packs } = await handlers.listGuidelines();
    const listed = packs.flatMap((p) => p.guidelines).find((g) => g.id === 'local-protocol');
    expect(listed).toMatchObject({ edition: 'Protocol 3, March 2024', reviewed: '2026-10-01' });
  });
});
