import { AppError } from '../common/appError';
import type { AskEvent, AskResult } from '../common/schemas/ask';
import type { askRequestSchema } from '../common/schemas/ask';
import type { z } from 'zod';
import {
  describeReceivedImages,
  describeReceivedPrompts,
} from '../../models/reasoning/describeReceived';
import {
  DEFAULT_MAX_NEW_TOKENS,
  planReasoning,
  runReasoning,
} from '../../models/reasoning/runReasoning';
import type { InferenceRuntime } from '../../models/runtime/InferenceRuntime';
import type { ModelRuntime } from '../../models/runtime/ModelRuntime';
import { OpenAiRuntime } from '../../models/runtime/openai/OpenAiRuntime';
import { resolveServer, type ResolvedServer } from './backendHandlers';
import type { GuidelineLibrary } from './guidelinesHandlers';
import { resolveActiveModel } from './modelsHandlers';
import type { CaseStoreHolder } from './casesHandlers';
import { readContextLength } from './readModelLimits';
import { caseModelOf, followUpHistory, saveAskedRun } from './saveAskedRun';
import type { SecretStore } from './secretStore';

type AskRequestParsed = z.output<typeof askRequestSchema>;

/** Who answers a question: the runtime, what it loads, and how the result names the model. */
interface AskTarget {
  runtime: InferenceRuntime;
  model: string;
  identity(answeredBy: string[]): AskResult['model'];
}

function serverTarget(server: ResolvedServer): AskTarget {
  return {
    runtime: new OpenAiRuntime(server.config),
    model: server.config.model,
    identity: (answeredBy) => ({
      id: `${server.host}/${server.config.model}`,
      name: answeredBy.join(', ') || server.config.model,
      sha256: '',
      demo: false,
      server: server.host,
    }),
  };
}

async function localTarget(home: string, runtime: ModelRuntime): Promise<AskTarget> {
  const model = await resolveActiveModel(home);
  const manifest = model?.manifest;
  if (!model || !manifest) {
    throw new AppError({
      code: 'no-model',
      title: 'No model is installed',
      suggestion: 'Open Models… to create the demo model or import a real one.',
    });
  }
  return {
    runtime,
    model: model.dir,
    identity: () => ({
      id: manifest.id,
      name: manifest.name,
      sha256: manifest.sha256,
      demo: manifest.demo,
    }),
  };
}

export interface AskDeps {
  home: string;
  runtime: ModelRuntime;
  library: GuidelineLibrary;
  secrets?: SecretStore;
  cases: CaseStoreHolder;
}

/**
 * The app's ask stream: the active model answers from the images as the
 * viewer rendered them; steps stream with their citations. Study context
 * routes the specialty and reaches the prompt only when the user allows it.
 */
export function createAskHandler({ home, runtime, library, secrets, cases }: AskDeps) {
  return async function ask(
    request: AskRequestParsed,
    emit: (event: AskEvent) => void,
    signal: AbortSignal,
  ): Promise<AskResult> {
    const server = await resolveServer({ home, secrets });
    // Privacy: nothing is sent to a server off this machine before the user agreed (README.md, "Privacy rule").
    if (server && !server.loopback && !server.consented) {
      throw new AppError({
        code: 'server-consent-needed',
        title: `Images and your question will be sent to ${server.host}`,
        cause: server.host,
        suggestion: 'Agree to send them, or switch back to the local model in Models….',
      });
    }
    const target = server ? serverTarget(server) : await localTarget(home, runtime);
    const context = request.context;
    const dicomTags =
      context?.includeInPrompt === true
        ? Object.fromEntries(
            Object.entries({
              Modality: context.modality,
              'Body Part Examined': context.bodyPart,
              'Study Description': context.studyDescription,
              "Patient's Age (years)": context.patientAgeYears?.toString(),
            }).filter(
              (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
            ),
          )
        : undefined;
    // The renderer's modelPixels output goes to the worker as it is, pixels
    // only: a file name may carry the patient's name, and the worker has no use for it.
    const images = request.images.map(({ width, height, rgb }) => ({
      rgb: { width, height, data: rgb },
    }));
    // A follow-up: the model gets the thread's earlier questions and final answers (checked before it runs).
    const history = request.saveTo ? await followUpHistory(cases, request.saveTo) : [];
    const plan = planReasoning(library.packs, {
      history,
      question: request.question,
      images,
      routing: {
        modality: context?.modality,
        bodyPart: context?.bodyPart,
        studyDescription: context?.studyDescription,
        patientAge: context?.patientAgeYears,
      },
      specialty: request.specialty,
      perspective: request.perspective,
      options: request.options,
      dicomTags,
      imageOrigins: request.images.map(({ origin }) =>
        origin ? { toSource: origin.toSource, frame: origin.frame } : null,
      ),
    });
    const maxNewTokens = request.maxNewTokens ?? DEFAULT_MAX_NEW_TOKENS;
    const run = await runReasoning(
      target.runtime,
      plan,
      {
        modelDir: target.model,
        maxNewTokens,
        sampling: request.sampling,
        imagePixels: request.imagePixels,
      },
      { signal, onEvent: emit },
    );
    const model = target.identity(run.answeredBy);
    const saved =
      request.saveTo && !run.cancelled
        ? await saveAskedRun(cases, request, run, {
            model: caseModelOf(model),
            packs: library.packs,
          })
        : {};
    return {
      ...saved,
      steps: run.steps,
      answer: run.answer,
      answerProbabilities: run.answerProbabilities ?? null,
      specialty: run.specialty,
      routing: run.routing,
      consensus: run.consensus,
      perspectives: run.perspectives,
      unplaced: run.unplaced,
      guidelineChecks: run.guidelineChecks,
      texts: run.texts,
      usage: run.usage,
      timings: run.timings,
      cancelled: run.cancelled,
      model,
      packVersions: library.packs.map((p) => ({ id: p.id, version: p.version })),
      received: {
        // The perspectives that were asked (a stopped run leaves the rest out).
        prompts: describeReceivedPrompts(
          run.texts.map(({ perspective }) => ({
            perspective,
            messages: plan.messages(perspective),
          })),
        ).map((prompt, i) => ({
          ...prompt,
          promptTokens: run.results[i]?.usage.promptTokens,
        })),
        images: describeReceivedImages(images).map((image, i) => {
          const tokens = run.results[0]?.imageTokens?.[i];
          const modelSize = run.images[i]?.modelSize;
          return {
            ...image,
            ...(tokens !== undefined && { tokens }),
            ...(modelSize && { modelSize }),
          };
        }),
        parameters: {
          maxNewTokens,
          decoding:
            run.results[0]?.sampling?.decoding ??
            ((request.sampling?.temperature ?? 0) > 0 ? 'sampling' : 'greedy'),
          ...(run.results[0]?.sampling ? { sampling: run.results[0].sampling } : {}),
          ...(request.imagePixels ? { imagePixels: request.imagePixels } : {}),
          specialty: plan.routing.specialty,
          perspective: request.perspective,
          // A server's context length is not in any file here.
          contextLength: server ? undefined : await readContextLength(target.model),
        },
      },
    };
  };
}
