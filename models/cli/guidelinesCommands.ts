import { SPECIALTIES } from '../../electron/common/schemas/specialties';
import { createGuidelineIndex } from '../guidelines/guidelineIndex';
import { loadGuidelinePacks, type LoadedPack } from '../guidelines/loadGuidelinePacks';
import { UsageError, defineCommand, numberFlag, writeJson } from './command';

const dirOption = { dir: { type: 'string', multiple: true } } as const;
const DIR_HELP =
  '  --dir DIR      extra pack folder (or folder of packs); repeatable. Also read from MMX_GUIDELINE_DIRS.';

const load = (dirs: string[] | undefined): LoadedPack[] => loadGuidelinePacks({ dirs });

export const guidelinesListCommand = defineCommand({
  path: ['guidelines', 'list'],
  usage: 'guidelines list [--dir DIR]... [--json]',
  summary: 'list the guideline packs and their guidelines (bundled and user folders)',
  details: `${DIR_HELP}\n  --json         one JSON document: {packs:[{id,title,version,specialties,bundled,dir,guidelines:[...]}]}`,
  options: { json: { type: 'boolean' }, ...dirOption },
  async run({ values }, io) {
    const loaded = load(values.dir);
    if (values.json) {
      writeJson(io, {
        packs: loaded.map(({ pack, dir, bundled }) => ({
          id: pack.id,
          title: pack.title,
          version: pack.version,
          specialties: pack.specialties,
          bundled,
          dir,
          guidelines: pack.guidelines.map((g) => ({
            id: g.id,
            title: g.title,
            issuer: g.issuer,
            version: g.version,
            year: g.year,
            url: g.url,
            licence: g.licence,
            passages: g.passages.length,
          })),
        })),
      });
      return;
    }
    for (const { pack, bundled } of loaded) {
      io.stdout.write(
        `${pack.id}  ${pack.title} v${pack.version}  [${pack.specialties.join(', ')}]${bundled ? '' : '  (user)'}\n`,
      );
      for (const g of pack.guidelines) {
        const count =
          g.licence.kind === 'cited-by-name'
            ? 'cited by name only'
            : `${g.passages.length} passages`;
        io.stdout.write(`  ${g.id.padEnd(22)} ${g.title} — ${g.issuer}, ${g.year} (${count})\n`);
      }
    }
  },
});

export const guidelinesSearchCommand = defineCommand({
  path: ['guidelines', 'search'],
  usage: 'guidelines search QUERY [--specialty S] [--limit N] [--dir DIR]... [--json]',
  summary: 'search guideline passages (BM25 with medical synonyms); ranked with scores',
  details: `  --specialty S  only packs serving S (${SPECIALTIES.join(', ')}, or a user pack's)\n  --limit N      at most N passages (default 10)\n${DIR_HELP}\n  --json         {query, results:[{guideline, passage, heading, score, support, excerpt, url}]}`,
  options: {
    json: { type: 'boolean' },
    specialty: { type: 'string' },
    limit: { type: 'string' },
    ...dirOption,
  },
  positionals: true,
  async run({ values, positionals }, io) {
    const query = positionals.join(' ').trim();
    if (!query)
      throw new UsageError('give a search query, e.g. mmx guidelines search "7 mm solid nodule"');
    const limit =
      numberFlag(values.limit, 'limit', { min: 1, max: 1000, integer: true, fallback: 10 }) ?? 10;
    const packs = load(values.dir).map((l) => l.pack);
    const specialty = values.specialty;
    if (specialty && !packs.some((p) => p.specialties.includes(specialty))) {
      throw new UsageError(
        `no pack serves specialty '${specialty}'; known: ${[...new Set(packs.flatMap((p) => p.specialties))].join(', ')}`,
      );
    }
    const hits = createGuidelineIndex(packs, specialty).search(query, { limit });
    const results = hits.map((h) => ({
      guideline: h.guideline.id,
      passage: h.passage.id,
      heading: h.passage.heading,
      title: h.guideline.title,
      score: Math.round(h.score * 1000) / 1000,
      support: Math.round(h.support * 1000) / 1000,
      excerpt: h.excerpt,
      url: h.guideline.url,
    }));
    if (values.json) {
      writeJson(io, { query, specialty: specialty ?? null, results });
      return;
    }
    if (results.length === 0) io.stdout.write('no matching passages\n');
    results.forEach((r, i) => {
      io.stdout.write(
        `${i + 1}. [${r.guideline}#${r.passage}] ${r.heading}  score ${r.score.toFixed(2)}, support ${r.support.toFixed(2)}\n   ${r.excerpt}\n`,
      );
    });
  },
});
