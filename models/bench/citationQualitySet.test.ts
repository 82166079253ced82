import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import {
  CITATION_QUALITY_DIR,
  CITATION_QUALITY_FILES,
  CITATION_QUALITY_HALVES,
  CITATION_QUALITY_HELD_OUT,
  CITATION_QUALITY_TAGS,
  CITATION_QUALITY_TRAINING,
  expectedPassages,
  loadCitationQualitySet,
  type CitationQualityCase,
} from './citationQualitySet';

const halves = Object.fromEntries(
  CITATION_QUALITY_HALVES.map((half) => [half, loadCitationQualitySet(half)]),
) as Record<(typeof CITATION_QUALITY_HALVES)[number], CitationQualityCase[]>;
const allCases = Object.values(halves).flat();
const stepsOf = (cases: CitationQualityCase[]) => cases.flatMap((c) => c.steps);
const packs = loadGuidelinePacks({ env: {} }).map((l) => l.pack);
const guidelines = new Map(packs.flatMap((p) => p.guidelines.map((g) => [g.id, g])));
// Guidelines the packs name but never paraphrase (licensed text), or that are cited by name only.
const citedByName = new Set([
  ...packs.flatMap((p) =>
    p.guidelines.filter((g) => g.licence.kind === 'cited-by-name').map((g) => g.id),
  ),
  'ajcc-tnm-8',
]);
const refsIn = (text: string) =>
  [...text.matchAll(/\[([^\]\s#]+#[^\]\s#]+)\]/g)].map((m) => m[1] ?? '');

describe('the citation-quality evaluation set', () => {
  it('holds at least 25 cases and 150 steps, the held-out halves together at least 15 % of them', () => {
    expect(allCases.length).toBeGreaterThanOrEqual(25);
    const total = stepsOf(allCases).length;
    expect(total).toBeGreaterThanOrEqual(150);
    const heldOut = CITATION_QUALITY_HELD_OUT.reduce((n, h) => n + stepsOf(halves[h]).length, 0);
    expect(heldOut / total).toBeGreaterThanOrEqual(0.15);
    // What the linker is tuned and its judge fitted on is kept apart from what is reported.
    for (const half of CITATION_QUALITY_TRAINING)
      expect((CITATION_QUALITY_HELD_OUT as readonly string[]).includes(half)).toBe(false);
    // Each held-out half is big enough on its own to be reported (about a fifth of the set or more).
    for (const half of CITATION_QUALITY_HELD_OUT) {
      expect(stepsOf(halves[half]).length, half).toBeGreaterThanOrEqual(150);
      expect(
        halves[half].filter((c) => c.variantOf === undefined).length,
        half,
      ).toBeGreaterThanOrEqual(15);
    }
  });

  it('reads every file of the folder in exactly one half (a file listed nowhere would go unscored)', () => {
    const listed = Object.values(CITATION_QUALITY_FILES).flat();
    expect(new Set(listed).size).toBe(listed.length);
    const onDisk = readdirSync(CITATION_QUALITY_DIR).filter((name) => name.endsWith('.json'));
    expect([...listed].sort()).toEqual(onDisk.sort());
  });

  it('has 5 to 10 steps in every case and case ids unique across all halves', () => {
    // The writers of session 10 (train-dv … ec, heldout-21 and -22) were asked for 6 to 10.
    for (const c of allCases) expect(c.steps.length, c.id).toBeGreaterThanOrEqual(5);
    for (const c of allCases) expect(c.steps.length, c.id).toBeLessThanOrEqual(10);
    expect(new Set(allCases.map((c) => c.id)).size).toBe(allCases.length);
  });

  it('expects no guideline for at least 40 % of the steps of each half (the issue asks 40 %)', () => {
    for (const [half, cases] of Object.entries(halves)) {
      const steps = stepsOf(cases);
      const none = steps.filter((s) => s.expect === null).length;
      expect(none / steps.length, half).toBeGreaterThanOrEqual(0.4);
    }
  });

  it('keeps every variant in the half of its base case, with the same steps and expectations', () => {
    for (const cases of Object.values(halves)) {
      const byId = new Map(cases.map((c) => [c.id, c]));
      for (const variant of cases.filter((c) => c.variantOf !== undefined)) {
        const base = byId.get(variant.variantOf ?? '');
        expect(base, `${variant.id} → ${variant.variantOf}`).toBeDefined();
        expect(base?.variantOf, `${variant.id}: a variant of a variant`).toBeUndefined();
        expect(variant.steps).toEqual(base?.steps);
        expect(variant.question).toBe(base?.question);
        const changed =
          variant.specialty !== base?.specialty ||
          variant.context.patientAge !== base?.context.patientAge;
        expect(changed, `${variant.id} repeats its base unchanged`).toBe(true);
      }
    }
  });

  it('repeats no step text within a half outside variants, nor across the halves (bare answer lines aside)', () => {
    const seen = new Map<string, string>();
    for (const [half, cases] of Object.entries(halves)) {
      for (const c of cases.filter((x) => x.variantOf === undefined)) {
        // "Answer: C." is bound to recur; every other step is written once.
        for (const step of c.steps.filter((s) => !s.tags.includes('answer'))) {
          const key = step.text.trim().toLowerCase();
          expect(seen.get(key), `"${step.text}" in ${half}/${c.id}`).toBeUndefined();
          seen.set(key, `${half}/${c.id}`);
        }
      }
    }
  });

  it('gives each half every kind of difficulty, a wrong manual specialty and a placeholder age', () => {
    for (const [half, cases] of Object.entries(halves)) {
      const tags = new Set(stepsOf(cases).flatMap((s) => s.tags));
      expect([...tags].sort(), half).toEqual([...CITATION_QUALITY_TAGS].sort());
      const variants = cases.filter((c) => c.variantOf !== undefined);
      expect(
        variants.some((c) => c.specialty !== undefined),
        half,
      ).toBe(true);
      expect(
        variants.some((c) =>
          ['000Y', '000M', '000D', '000W', ''].includes(c.context.patientAge ?? '-'),
        ),
        half,
      ).toBe(true);
    }
  });

  it('expects guidelines of all four specialties in each half', () => {
    const specialtyOf = new Map(
      packs.flatMap((p) => p.guidelines.map((g) => [g.id, p.specialties[0] ?? ''] as const)),
    );
    for (const [half, cases] of Object.entries(halves)) {
      const specialties = new Set(
        stepsOf(cases).flatMap((s) => (s.expect?.guidelines ?? []).map((g) => specialtyOf.get(g))),
      );
      for (const p of packs)
        expect(specialties.has(p.specialties[0]), `${half}: ${p.id}`).toBe(true);
    }
  });

  it('names only passages that exist in the expected guideline, and never a guideline cited by name only', () => {
    for (const c of allCases) {
      for (const step of c.steps) {
        for (const g of step.expect?.guidelines ?? []) {
          expect(citedByName.has(g), `${c.id}: ${g} has no passages to cite`).toBe(false);
        }
        for (const passage of expectedPassages(step.expect)) {
          const holders = (step.expect?.guidelines ?? []).filter((g) =>
            guidelines.get(g)?.passages.some((p) => p.id === passage),
          );
          expect(holders.length, `${c.id}: passage '${passage}'`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('tags model-written references truthfully: real ones exist in a pack, invented ones in none', () => {
    const exists = (ref: string) => {
      const [g, p] = ref.split('#');
      return guidelines.get(g ?? '')?.passages.some((x) => x.id === p) === true;
    };
    for (const c of allCases) {
      for (const step of c.steps) {
        const refs = refsIn(step.text);
        const unknown = step.expectUnknown ?? [];
        expect([...unknown].sort(), `${c.id}: "${step.text}"`).toEqual(
          refs.filter((r) => !exists(r)).sort(),
        );
        expect(step.tags.includes('invented-ref'), `${c.id}: "${step.text}"`).toBe(
          unknown.length > 0,
        );
        expect(step.tags.includes('model-ref'), `${c.id}: "${step.text}"`).toBe(refs.some(exists));
      }
    }
  });

  it('refuses a file with a tag outside the allowed list, naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mmx-cq-'));
    try {
      const text = JSON.stringify({ cases: [halves.tune[0]] }).replace(
        '"tags":[',
        '"tags":["hard",',
      );
      writeFileSync(join(dir, 'tune.json'), text);
      expect(() => loadCitationQualitySet('tune', dir)).toThrow(
        /tune\.json: cases\.0\.steps\.0\.tags\.0: /,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
