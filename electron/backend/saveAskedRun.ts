import { AppError } from '../common/appError';
import type { AskResult, askRequestSchema } from '../common/schemas/ask';
import type { AskSaveTo, CaseModel } from '../common/schemas/cases';
import type { z } from 'zod';
import type { NewCaseImage } from '../../models/cases/CaseStore';
import { caseRunFromReasoning } from '../../models/cases/caseRunFromReasoning';
import { encodeRgbPng } from '../../models/dicom/encodeRgbPng';
import type { GuidelinePack } from '../../models/guidelines/guidelineSchema';
import type { ReasoningRun } from '../../models/reasoning/runReasoning';
import type { CaseStoreHolder } from './casesHandlers';

type AskRequestParsed = z.output<typeof askRequestSchema>;

/** How a case run names the model that answered: a local folder by hash, a served model by its server. */
export function caseModelOf(model: AskResult['model']): CaseModel {
  return model.server === undefined
    ? { kind: 'local', name: model.name, sha256: model.sha256 }
    : { kind: 'server', name: model.name, server: model.server };
}

/**
 * The questions and final answers of the thread a follow-up continues,
 * oldest first (the run it follows up, that run's own predecessor, ...).
 */
export async function followUpHistory(
  cases: CaseStoreHolder,
  saveTo: AskSaveTo,
): Promise<{ question: string; answer: string }[]> {
  if (!saveTo.followUpOf) return [];
  if (!saveTo.caseId)
    throw new AppError({
      code: 'case-follow-up',
      title: 'A follow-up question needs its case open',
    });
  const runs = new Map((await cases.get()).get(saveTo.caseId).runs.map((r) => [r.id, r]));
  const thread = [];
  for (let id: string | null = saveTo.followUpOf; id;) {
    const run = runs.get(id);
    if (!run)
      throw new AppError({
        code: 'case-follow-up',
        title: 'The question to follow up is not in this case',
        cause: `no run ${id}`,
      });
    thread.unshift({ question: run.question, answer: run.answerText });
    id = run.followUpOf;
    if (thread.length > runs.size) break;
  }
  return thread;
}

/**
 * Saves a finished ask to its case (a new one unless the request names one):
 * the images exactly as the model got them, named "image N" (a file name is
 * often the patient's), the study context that routed it, and the run.
 * A failure to save leaves the answer to the user and says why.
 */
export async function saveAskedRun(
  cases: CaseStoreHolder,
  request: AskRequestParsed,
  run: ReasoningRun,
  { model, packs }: { model: CaseModel; packs: readonly GuidelinePack[] },
): Promise<{ caseId?: string; runId?: string; saveError?: string }> {
  const saveTo = request.saveTo!;
  try {
    const store = await cases.get();
    // The pixels exactly as the model got them (modelPixels' RGB), kept as PNG.
    const images: NewCaseImage[] = request.images.map(({ width, height, rgb }, i) => ({
      name: `image ${i + 1}.png`,
      png: encodeRgbPng({ width, height, rgb }),
      width,
      height,
    }));
    const record = caseRunFromReasoning(run, {
      question: request.question,
      options: request.options ?? {},
      perspective: request.perspective,
      model,
      packs,
      answerText: run.answer?.text ?? '',
      followUpOf: saveTo.followUpOf ?? null,
    });
    if (saveTo.caseId) {
      const saved = store.addRun(saveTo.caseId, record, images);
      return { caseId: saveTo.caseId, runId: saved.id };
    }
    const { includeInPrompt: _shared, ...context } = request.context ?? { includeInPrompt: false };
    const created = store.createCase(
      {
        title: saveTo.title ?? request.question.replace(/\s+/g, ' ').trim().slice(0, 80),
        studyContext: Object.keys(context).length > 0 ? context : null,
        images,
      },
      [record],
    );
    return { caseId: created.id, runId: created.runs[0]!.id };
  } catch (error) {
    return { saveError: AppError.from(error, 'The run could not be saved to its case').message };
  }
}
