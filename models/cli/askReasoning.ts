import { readFileSync } from 'node:fs';
import { detectFormat, parseDicom, readImageInfo } from '../dicom';
import { createGuidelineIndex, type GuidelineIndex } from '../guidelines/guidelineIndex';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import { buildPrompt } from '../reasoning/buildPrompt';
import { PERSPECTIVES, isPerspective } from '../reasoning/perspectives';
import { reasoningOutput } from '../reasoning/reasonFromText';
import type { Perspective, ReasoningOutput, SpecialtyRouting } from '../reasoning/reasoningSchema';
import { routeSpecialty, type RoutingInput } from '../reasoning/routeSpecialty';
import type { ChatMessage, GenerateResult } from '../runtime/protocol';
import { UsageError } from './command';

/** Routing fields from the first DICOM image (Modality, Body Part Examined, Study Description, Patient's Age); never logged. */
export function routingFromImages(paths: string[]): RoutingInput {
  for (const p of paths) {
    const bytes = new Uint8Array(readFileSync(p));
    if (detectFormat(bytes) !== 'dicom') continue;
    const parsed = parseDicom(bytes);
    const info = readImageInfo(parsed);
    return {
      modality: info.modality,
      bodyPart: info.bodyPartExamined,
      studyDescription: info.studyDescription,
      patientAge: parsed.dataSet.string('x00101010'),
    };
  }
  return {};
}

export interface ReasoningPlan {
  routing: SpecialtyRouting;
  index: GuidelineIndex;
  perspectives: Perspective[];
  messages(perspective: Perspective): ChatMessage[];
  output(texts: { perspective: Perspective; text: string }[]): ReasoningOutput;
}

/** Routes the question, loads the specialty's packs and builds one prompt per perspective for `mmx ask`. */
export function planReasoning(input: {
  question: string;
  images: string[];
  specialty?: string;
  perspective?: string;
}): ReasoningPlan {
  const choice = input.perspective ?? 'analytical';
  if (choice !== 'all' && !isPerspective(choice))
    throw new UsageError(
      `--perspective must be one of ${PERSPECTIVES.join(', ')}, all; got '${choice}'`,
    );
  const packs = loadGuidelinePacks().map((l) => l.pack);
  const routing = routeSpecialty({
    ...routingFromImages(input.images),
    question: input.question,
    override: input.specialty,
  });
  if (!packs.some((p) => p.specialties.includes(routing.specialty))) {
    throw new UsageError(
      `--specialty ${routing.specialty}: no guideline pack serves it; known: ${[...new Set(packs.flatMap((p) => p.specialties))].join(', ')}`,
    );
  }
  const index = createGuidelineIndex(packs, routing.specialty);
  // The passages nearest the question are shown to the model so it can cite them by id.
  const passages = index.search(input.question, { limit: 3, minSupport: 0.2 });
  return {
    routing,
    index,
    perspectives: choice === 'all' ? [...PERSPECTIVES] : [choice],
    messages(perspective) {
      let image = 0;
      return buildPrompt({
        specialty: routing.specialty,
        perspective,
        question: input.question,
        imageCount: input.images.length,
        passages,
      }).map((m) => ({
        role: m.role,
        content:
          typeof m.content === 'string'
            ? m.content
            : m.content.map((c) =>
                c.type === 'text'
                  ? c
                  : { type: 'image' as const, image: { path: input.images[image++] ?? '' } },
              ),
      }));
    },
    output(texts) {
      return reasoningOutput(texts, { index, specialty: routing.specialty, routing });
    },
  };
}

/** One usage/timings summary over the runs of several perspectives. */
export function combineRuns(
  results: GenerateResult[],
): Pick<GenerateResult, 'usage' | 'timings' | 'finishReason'> {
  const first = results[0];
  if (!first) throw new Error('combineRuns: no results');
  const sum = (f: (r: GenerateResult) => number) => results.reduce((a, r) => a + f(r), 0);
  return {
    usage: {
      promptTokens: sum((r) => r.usage.promptTokens),
      completionTokens: sum((r) => r.usage.completionTokens),
    },
    timings: { ...first.timings, totalMs: sum((r) => r.timings.totalMs) },
    finishReason: results.find((r) => r.finishReason !== 'eos')?.finishReason ?? first.finishReason,
  };
}
