import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { MAX_ASK_IMAGES, tooManyImagesMessage } from '../../electron/common/schemas/ask';
import { SPECIALTIES } from '../../electron/common/schemas/specialties';
import type { InferenceRuntime } from '../runtime/InferenceRuntime';
import { ModelRuntime } from '../runtime/ModelRuntime';
import { OpenAiRuntime } from '../runtime/openai/OpenAiRuntime';
import { identifyModel } from '../runtime/manager/identifyModel';
import { findModel } from '../runtime/manager/installedModels';
import type { GenerateResult } from '../runtime/protocol';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import { optionText } from '../reasoning/answerLine';
import { guidelineLookup, stepsWithGuidelineDetails } from '../reasoning/citationDetails';
import { parseAnswer, replyText } from '../reasoning/parseAnswer';
import { PERSPECTIVES } from '../reasoning/perspectives';
import { runReasoning } from '../reasoning/runReasoning';
import { caseRunFromReasoning } from '../cases/caseRunFromReasoning';
import { caseTarget, prepareCaseSave, saveAskRun } from './askCaseSave';
import { detectFormat } from '../dicom/detectFormat';
import { parseDicom } from '../dicom/parseDicom';
import { buildReasoningSr, type SeenImage } from '../dicom/sr/buildReasoningSr';
import { parseOptions, planAsk, routingFromImages } from './askReasoning';
import { writeAtomically } from './writeAtomically';
import { UsageError, defineCommand, numberFlag, requireFlag, writeJson } from './command';
import { serverFlagsHelp, serverFromFlags, serverOptions } from './serverFlags';
import {
  generationFlagsHelp,
  generationOptions,
  imagePixelsFromFlags,
  samplingFromFlags,
} from './generationFlags';

/** `answer` of `mmx ask --json`: the answer parseAnswer reads, else the reply as written (outside <think>). */
export function answerText(text: string): string {
  return parseAnswer(text)?.text ?? replyText(text);
}

/** The base of the `--json` document; run() adds the reasoning fields (steps, specialty, consensus). */
export function askJson(
  result: GenerateResult,
  /** A local model's name and hash; a server's model name, its base URL and no hash. */
  model: { name: string; sha256: string } | { name: string; sha256: null; server: string },
) {
  return {
    answer: answerText(result.text),
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
    'ask --model DIR|--server URL [--server-model NAME] [--api-key-env VAR] [--expert SPECIALTY=MODEL ...] [--allow-remote] --image FILE... --question TEXT [--option LETTER=TEXT...] [--specialty S] [--perspective P] [--max-new-tokens N] [--temperature T] [--top-p P] [--top-k K] [--repetition-penalty R] [--seed N] [--image-detail low|auto|high] [--min-pixels N] [--max-pixels N] [--sr-out FILE.dcm] [--json] [--save-case [--case ID | --case-title TEXT] [--no-originals]]',
  summary: 'run a model on images and a question; streams the text as it is generated',
  details:
    '  --model DIR    a model folder or the name/id of an installed model (the local runtime)\n' +
    `${serverFlagsHelp}\n` +
    `  --image FILE   PNG, JPEG or DICOM; repeat for several images (at most ${MAX_ASK_IMAGES}); omit for text only\n` +
    '  --option B=TEXT   a multiple-choice option (letters A-E); repeat for each option\n' +
    '  --max-new-tokens N   upper bound on generated tokens (default 512)\n' +
    `${generationFlagsHelp}\n` +
    `  --specialty S  ${SPECIALTIES.join(', ')} (default: routed from DICOM tags, age and question)\n` +
    `  --perspective P  ${PERSPECTIVES.map((p) => (p === 'analytical' ? `${p} (default)` : p)).join(', ')}, or all (one run each, plus a consensus)\n` +
    '  --sr-out FILE.dcm  also write the run as a DICOM Comprehensive SR in the study of the first DICOM image\n' +
    '                 (question, steps with their guideline citations, answer, model name and SHA-256\n' +
    '                 or server, the images seen); send it to a PACS with `mmx pacs store`\n' +
    '  --json         adds steps[{perspective,index,text,noGuidelineSupport,unknownCitations,\n' +
    '                 citations[{guideline,passage,excerpt,score,source,confidence,title,version,edition,reviewed,url}]\n' +
    "                 (confidence: the citation judge's probability, on linker citations it chose),\n" +
    '                 regions[{label,image,frame,box:[x1,y1,x2,y2],point?,imageBox}]}] (boxes the model drew:\n' +
    '                 box in source-image pixels, imageBox in the pixels sent), images[{image,size,\n' +
    '                 modelSize:[width,height],frame}] (modelSize: the pixel size the model saw),\n' +
    '                 answerLetter, options {letter: text}, answerText (the chosen option), specialty, routing, consensus,\n' +
    "                 answerProbabilities {letter: p} (with --option: each option letter's probability at the\n" +
    '                 token where the model wrote its answer letter, summing to 1; with --perspective all the\n' +
    "                 mean of the perspectives', each one's in perspectives[]; null when the question has no\n" +
    '                 options, the backend gives no logits, or the answer is not written as a letter),\n' +
    '                 parameters {maxNewTokens, decoding, temperature, topP, topK, repetitionPenalty, seed,\n' +
    '                 imagePixels, imageTokens[]} (what the model ran with)\n' +
    '  --save-case    save the run to a case in $MMX_HOME (a new one unless --case ID; --case-title names it),\n' +
    '                 with the images as sent to the model and the original files unless --no-originals;\n' +
    '                 --json then adds caseId',
  options: {
    model: { type: 'string' },
    ...serverOptions,
    image: { type: 'string', multiple: true },
    question: { type: 'string' },
    option: { type: 'string', multiple: true },
    'max-new-tokens': { type: 'string' },
    ...generationOptions,
    specialty: { type: 'string' },
    perspective: { type: 'string' },
    'sr-out': { type: 'string' },
    json: { type: 'boolean' },
    'save-case': { type: 'boolean' },
    case: { type: 'string' },
    'case-title': { type: 'string' },
    'no-originals': { type: 'boolean' },
  },
  async run({ values }, io) {
    const question = requireFlag(values.question, 'question');
    const maxNewTokens = numberFlag(values['max-new-tokens'], 'max-new-tokens', {
      min: 1,
      max: 32_768,
      integer: true,
      fallback: 512,
    });
    const sampling = samplingFromFlags(values);
    const imagePixels = imagePixelsFromFlags(values);
    const images = values.image ?? [];
    if (images.length > MAX_ASK_IMAGES) throw new UsageError(tooManyImagesMessage(images.length));
    for (const image of images) {
      if (!existsSync(image) || !statSync(image).isFile())
        throw new UsageError(`--image ${image}: no such file`);
    }
    const target = caseTarget(values);
    const srOut = values['sr-out'];
    if (srOut !== undefined) {
      if (srOut === '' || (existsSync(srOut) && statSync(srOut).isDirectory()))
        throw new UsageError(`--sr-out must name a file, got '${srOut}'`);
      if (!existsSync(path.dirname(path.resolve(srOut))))
        throw new UsageError(`--sr-out ${srOut}: the folder does not exist`);
    }
    // Parsed before the model starts, so an unreadable DICOM fails fast.
    const seen = srOut === undefined ? [] : seenImages(images);
    const packs = loadGuidelinePacks().map((l) => l.pack);
    const server = await serverFromFlags(values, {
      specialties: [...new Set(packs.flatMap((p) => p.specialties))],
      io,
    });
    const modelDir = server
      ? server.model
      : await resolveModelDir(requireFlag(values.model, 'model (or --server URL)'));
    const flags = {
      question,
      images,
      specialty: values.specialty,
      perspective: values.perspective,
      options: values.option,
    };
    // Validates the flags (and the specialty) before a model process starts.
    planAsk(flags, packs);
    // The store and the case are checked before the model runs, and the model
    // gets the pixels the case keeps (modelPixels' RGB, stored as PNG).
    const saving = target ? await prepareCaseSave(target, images) : null;
    const plan = planAsk(saving ? { ...flags, imageSources: saving.sources } : flags, packs);
    const runtime: InferenceRuntime = server ? new OpenAiRuntime(server) : new ModelRuntime();
    try {
      const identity = server ? undefined : identifyModel(modelDir);
      let current: string | null = null;
      const run = await runReasoning(
        runtime,
        plan,
        { modelDir, maxNewTokens, sampling, imagePixels },
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
      const options = parseOptions(values.option) ?? {};
      const model = server
        ? { name: run.answeredBy.join(', ') || server.model, sha256: null, server: server.baseUrl }
        : await (identity as ReturnType<typeof identifyModel>);
      const caseId =
        target && saving
          ? saveAskRun(
              target,
              saving,
              caseRunFromReasoning(run, {
                question,
                options,
                perspective:
                  plan.perspectives.length > 1 ? 'all' : (plan.perspectives[0] ?? 'analytical'),
                model:
                  model.sha256 === null
                    ? { kind: 'server', name: model.name, server: model.server }
                    : { kind: 'local', name: model.name, sha256: model.sha256 },
                packs,
                answerText: run.answer?.text ?? answerText(first.text),
              }),
              routingFromImages(images),
            )
          : undefined;
      if (srOut !== undefined) {
        const sr = buildReasoningSr(
          {
            question,
            steps: stepsWithGuidelineDetails(run.steps, lookup),
            answer: run.answer?.text ?? answerText(first.text),
            model,
          },
          seen,
        );
        await writeAtomically(srOut, sr);
      }
      if (!values.json && caseId) io.stderr.write(`saved to case ${caseId}\n`);
      if (values.json) {
        const {
          texts: _texts,
          results: _results,
          cancelled: _cancelled,
          answeredBy: _answeredBy,
          images: seenImages,
          ...reasoning
        } = run;
        writeJson(io, {
          ...askJson(first, model),
          ...reasoning,
          steps: stepsWithGuidelineDetails(run.steps, lookup),
          perspectives: run.perspectives.map((p) => ({
            ...p,
            steps: stepsWithGuidelineDetails(p.steps, lookup),
          })),
          finishReason:
            run.results.find((r) => r.finishReason !== 'eos')?.finishReason ?? first.finishReason,
          // `answer` stays the answer text (as before); the option letter is separate.
          answer: run.answer?.text ?? answerText(first.text),
          answerLetter: run.answer?.letter ?? null,
          options,
          answerText: optionText(run.answer, options),
          answerProbabilities: run.answerProbabilities ?? null,
          text: run.texts.map((t) => t.text).join('\n\n'),
          parameters: {
            maxNewTokens,
            // The runtime's report (a server's: only what was sent), else what was asked.
            ...(first.sampling ?? sampling),
            ...(imagePixels ? { imagePixels } : {}),
            imageTokens: first.imageTokens ?? null,
          },
          // What each image was for the model: the pixels sent and the size it
          // was resized to (a step's regions are in the source's pixels).
          images: seenImages.map((seen, i) => ({
            image: i + 1,
            ...(seen ? { size: seen.size, modelSize: seen.modelSize, frame: seen.frame } : {}),
          })),
          ...(caseId ? { caseId } : {}),
        });
      } else io.stdout.write('\n');
    } finally {
      await runtime.dispose();
    }
  },
});
