import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../electron/common/appError';
import type { InferenceRuntime } from '../runtime/InferenceRuntime';
import { ModelRuntime } from '../runtime/ModelRuntime';
import { OpenAiRuntime } from '../runtime/openai/OpenAiRuntime';
import { describeModel } from '../runtime/manager/describeModel';
import { findModel } from '../runtime/manager/installedModels';
import type { GenerateResult } from '../runtime/protocol';
import { MAX_IMAGES } from '../runtime/protocol';
import { loadGuidelinePacks } from '../guidelines/loadGuidelinePacks';
import { runReasoning } from '../reasoning/runReasoning';
import { planReasoning } from './askReasoning';
import { CliError, UsageError, defineCommand, numberFlag, requireFlag, writeJson } from './command';
import { serverFlagsHelp, serverFromFlags, serverOptions } from './serverFlags';

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
export function askJson(
  result: GenerateResult,
  /** A local model's name and hash; a server's model name, its base URL and no hash. */
  model: { name: string; sha256: string } | { name: string; sha256: null; server: string },
) {
  return {
    answer: extractAnswer(result.text),
    text: result.text,
    usage: result.usage,
    timings: result.timings,
    finishReason: result.finishReason,
    model,
  };
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
    'ask --model DIR|--server URL [--server-model NAME] [--api-key-env VAR] [--expert SPECIALTY=MODEL ...] [--allow-remote] --image FILE... --question TEXT [--specialty S] [--perspective P] [--max-new-tokens N] [--json]',
  summary: 'run a model on images and a question; streams the text as it is generated',
  details:
    '  --model DIR    a model folder or the name/id of an installed model (the local runtime)\n' +
    `${serverFlagsHelp}\n` +
    `  --image FILE   PNG, JPEG or DICOM; repeat for several images (at most ${MAX_IMAGES}); omit for text only\n` +
    '  --max-new-tokens N   upper bound on generated tokens (default 512)\n' +
    '  --specialty S  adult-medicine, pediatrics, brain-senses, oncology-surgery (default: routed from DICOM tags, age and question)\n' +
    '  --perspective P  differential, intuitive, analytical (default), bayesian, or all (one run each, plus a consensus)\n' +
    '  --json         adds steps[{perspective,index,text,citations[{guideline,passage,excerpt,score}]}], answerLetter, specialty, routing, consensus',
  options: {
    model: { type: 'string' },
    ...serverOptions,
    image: { type: 'string', multiple: true },
    question: { type: 'string' },
    'max-new-tokens': { type: 'string' },
    specialty: { type: 'string' },
    perspective: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }, io) {
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
    };
    // Validates the flags (and the specialty) before a model process starts.
    const plan = planReasoning(flags, packs);
    const runtime: InferenceRuntime = server ? new OpenAiRuntime(server) : new ModelRuntime();
    try {
      const identity = server ? undefined : describeModel(modelDir);
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
      if (values.json) {
        const {
          texts: _texts,
          results: _results,
          cancelled: _cancelled,
          answeredBy: _answeredBy,
          ...reasoning
        } = run;
        writeJson(io, {
          ...askJson(
            first,
            server
              ? {
                  name: run.answeredBy.join(', ') || server.model,
                  sha256: null,
                  server: server.baseUrl,
                }
              : await (identity as ReturnType<typeof describeModel>),
          ),
          ...reasoning,
          finishReason:
            run.results.find((r) => r.finishReason !== 'eos')?.finishReason ?? first.finishReason,
          // `answer` stays the answer text (as before); the option letter is separate.
          answer: run.answer?.text ?? extractAnswer(first.text),
          answerLetter: run.answer?.letter ?? null,
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
