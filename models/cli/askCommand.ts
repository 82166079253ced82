import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../electron/common/appError';
import { ModelRuntime } from '../runtime/ModelRuntime';
import { describeModel } from '../runtime/manager/describeModel';
import { findModel } from '../runtime/manager/installedModels';
import type { GenerateResult } from '../runtime/protocol';
import { MAX_IMAGES } from '../runtime/protocol';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import { optionText } from '../reasoning/answerLine';
import { guidelineLookup, stepsWithGuidelineDetails } from '../reasoning/citationDetails';
import { runReasoning } from '../reasoning/runReasoning';
import { detectFormat } from '../dicom/detectFormat';
import { parseDicom } from '../dicom/parseDicom';
import { buildReasoningSr, type SeenImage } from '../dicom/sr/buildReasoningSr';
import { parseOptions, planReasoning } from './askReasoning';
import { writeAtomically } from './writeAtomically';
import { CliError, UsageError, defineCommand, numberFlag, requireFlag, writeJson } from './command';

/**
 * The final answer: the `<answer>` element if the model wrote one, else what
 * follows `</think>`, else the whole text.
 */
export function extractAnswer(text: string): string {
  const tagged = /<answer>([\s\S]*?)(?:<\/answer>|$)/.exec(text);
  if (tagged) return (tagged[1] ?? '').trim();
  const afterThink = text.split('</think>');
  return (afterThink.length > 1 ? (afterThink.at(-1) ?? '') : text).trim();
}

/** The base of the `--json` document; run() adds the reasoning fields (steps, specialty, consensus). */
export function askJson(result: GenerateResult, model: { name: string; sha256: string }) {
  return {
    answer: extractAnswer(result.text),
    text: result.text,
    usage: result.usage,
    timings: result.timings,
    finishReason: result.finishReason,
    model,
  };
}

/** The images as the SR references them: each DICOM file parsed (the model sees its first frame), null for PNG/JPEG. */
function seenImages(paths: readonly string[]): SeenImage[] {
  return paths.map((p) => {
    const bytes = new Uint8Array(readFileSync(p));
    return detectFormat(bytes) === 'dicom' ? { dicom: parseDicom(bytes), frame: 0 } : null;
  });
}

/** --model is a folder, or the name/id of an installed model. */
async function resolveModelDir(value: string): Promise<string> {
  if (existsSync(value) && statSync(value).isDirectory()) return path.resolve(value);
  const installed = await findModel(value);
  if (installed) return installed.dir;
  throw new UsageError(`--model ${value}: no such folder or installed model`);
}

export const askCommand = defineCommand({
  path: ['ask'],
  usage:
    'ask --model DIR --image FILE... --question TEXT [--option LETTER=TEXT...] [--specialty S] [--perspective P] [--max-new-tokens N] [--sr-out FILE.dcm] [--json]',
  summary: 'run a model on images and a question; streams the text as it is generated',
  details:
    `  --image FILE   PNG, JPEG or DICOM; repeat for several images (at most ${MAX_IMAGES}); omit for text only\n` +
    '  --option B=TEXT   a multiple-choice option (letters A-E); repeat for each option\n' +
    '  --max-new-tokens N   upper bound on generated tokens (default 512)\n' +
    '  --specialty S  adult-medicine, pediatrics, brain-senses, oncology-surgery (default: routed from DICOM tags, age and question)\n' +
    '  --perspective P  differential, intuitive, analytical (default), bayesian, or all (one run each, plus a consensus)\n' +
    '  --sr-out FILE.dcm  also write the run as a DICOM Comprehensive SR in the study of the first DICOM image\n' +
    '                 (question, steps with their guideline citations, answer, model name and SHA-256,\n' +
    '                 the images seen); send it to a PACS with `mmx pacs store`\n' +
    '  --json         adds steps[{perspective,index,text,noGuidelineSupport,unknownCitations,\n' +
    '                 citations[{guideline,passage,excerpt,score,source,title,version,edition,reviewed,url}]}],\n' +
    '                 answerLetter, options {letter: text}, answerText (the chosen option), specialty, routing, consensus',
  options: {
    model: { type: 'string' },
    image: { type: 'string', multiple: true },
    question: { type: 'string' },
    option: { type: 'string', multiple: true },
    'max-new-tokens': { type: 'string' },
    specialty: { type: 'string' },
    perspective: { type: 'string' },
    'sr-out': { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
    const modelDir = await resolveModelDir(requireFlag(values.model, 'model'));
    const question = requireFlag(values.question, 'question');
    const maxNewTokens = numberFlag(values['max-new-tokens'], 'max-new-tokens', {
      min: 1,
      max: 32_768,
      integer: true,
      fallback: 512,
    });
    const images = values.image ?? [];
    if (images.length > MAX_IMAGES) throw new UsageError(`at most ${MAX_IMAGES} --image flags`);
    for (const image of images) {
      if (!existsSync(image) || !statSync(image).isFile())
        throw new UsageError(`--image ${image}: no such file`);
    }
    const srOut = values['sr-out'];
    if (srOut !== undefined) {
      if (srOut === '' || (existsSync(srOut) && statSync(srOut).isDirectory()))
        throw new UsageError(`--sr-out must name a file, got '${srOut}'`);
      if (!existsSync(path.dirname(path.resolve(srOut))))
        throw new UsageError(`--sr-out ${srOut}: the folder does not exist`);
    }
    // Parsed before the model starts, so an unreadable DICOM fails fast.
    const seen = srOut === undefined ? [] : seenImages(images);
    const flags = {
      question,
      images,
      specialty: values.specialty,
      perspective: values.perspective,
      options: values.option,
    };
    const packs = loadGuidelinePacks().map((l) => l.pack);
    // Validates the flags (and the specialty) before a model process starts.
    const plan = planReasoning(flags, packs);
    const runtime = new ModelRuntime();
    try {
      const identity = describeModel(modelDir);
      let current: string | null = null;
      const run = await runReasoning(
        runtime,
        plan,
        { modelDir, maxNewTokens },
        {
          signal: io.signal,
          onEvent: values.json
            ? undefined
            : (event) => {
                if (event.type !== 'text') return;
                if (plan.perspectives.length > 1 && event.perspective !== current) {
                  current = event.perspective;
                  io.stdout.write(`\n── ${current} ──\n`);
                }
                io.stdout.write(event.delta);
              },
        },
      );
      if (io.signal.aborted) throw io.signal.reason;
      const first = run.results[0] as GenerateResult;
      // Each citation names its guideline (title, version, edition, review
      // date, link) so the document stands on its own, as the app's export does.
      const lookup = guidelineLookup(packs.flatMap((p) => p.guidelines));
      if (srOut !== undefined) {
        const sr = buildReasoningSr(
          {
            question,
            steps: stepsWithGuidelineDetails(run.steps, lookup),
            answer: run.answer?.text ?? extractAnswer(first.text),
            model: await identity,
          },
          seen,
        );
        await writeAtomically(srOut, sr);
      }
      if (values.json) {
        const { texts: _texts, results: _results, cancelled: _cancelled, ...reasoning } = run;
        const options = parseOptions(values.option) ?? {};
        writeJson(io, {
          ...askJson(first, await identity),
          ...reasoning,
          steps: stepsWithGuidelineDetails(run.steps, lookup),
          perspectives: run.perspectives.map((p) => ({
            ...p,
            steps: stepsWithGuidelineDetails(p.steps, lookup),
          })),
          finishReason:
            run.results.find((r) => r.finishReason !== 'eos')?.finishReason ?? first.finishReason,
          // `answer` stays the answer text (as before); the option letter is separate.
          answer: run.answer?.text ?? extractAnswer(first.text),
          answerLetter: run.answer?.letter ?? null,
          options,
          answerText: optionText(run.answer, options),
          text: run.texts.map((t) => t.text).join('\n\n'),
        });
      } else io.stdout.write('\n');
    } catch (error) {
      // An AppError's message is "title: cause", which is the one line the user needs.
      if (error instanceof AppError) throw new CliError(error.message);
      throw error;
    } finally {
      await runtime.dispose();
    }
  },
});
