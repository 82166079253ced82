import { totalmem } from 'node:os';
import { AppError } from '../common/appError';
import type { ModelList } from '../common/schemas/models';
import { ensureDemoModel } from '../../models/runtime/manager/ensureDemoModel';
import { estimateRamFit } from '../../models/runtime/manager/estimateRamFit';
import {
  importModel,
  listModels,
  removeModel,
  type InstalledModel,
} from '../../models/runtime/manager/installedModels';
import { verifyModelFolder } from '../../models/runtime/verifyModelFolder';
import { readGenerationDefaults, readImageBounds } from '../../models/runtime/generationDefaults';
import { readModelLimits } from './readModelLimits';
import { readAppSettings, writeAppSettings } from './appSettings';

export interface ModelsDeps {
  /** App data folder (models, settings). */
  home: string;
  /** Called after a model folder was removed: a loaded session of it must not be reused. */
  onModelRemoved?: () => Promise<void>;
}

/** The installed model the user selected, or the first usable one. */
export async function resolveActiveModel(home: string): Promise<InstalledModel | undefined> {
  const installed = (await listModels({ home })).filter((m) => m.manifest);
  const { activeModelId } = await readAppSettings(home);
  return installed.find((m) => m.id === activeModelId) ?? installed[0];
}

/** Installed models, the active one and this machine's memory, as the UI shows them. */
export async function modelList(home: string): Promise<ModelList> {
  const installed = await listModels({ home });
  const active = await resolveActiveModel(home);
  const total = totalmem();
  const limits = await Promise.all(installed.map((m) => readModelLimits(m.dir)));
  return {
    models: installed.flatMap(({ manifest: m, dir }, i) =>
      m
        ? [
            {
              id: m.id,
              name: m.name,
              demo: m.demo,
              modelType: m.modelType,
              dtypes: m.dtypes,
              parameterCount: m.parameterCount,
              estimatedRamBytes: m.estimatedRamBytes,
              totalBytes: m.totalBytes,
              sha256: m.sha256,
              source: m.source.kind,
              fit: estimateRamFit(m, total),
              imageBounds: readImageBounds(dir),
              generationDefaults: readGenerationDefaults(dir),
              limits: limits[i],
            },
          ]
        : [],
    ),
    broken: installed.flatMap((m) =>
      m.manifest ? [] : [{ id: m.id, problem: m.problem ?? 'unreadable manifest' }],
    ),
    activeId: active?.id ?? null,
    totalMemoryBytes: total,
  };
}

/** Wraps a manager error (plain Error with a clear message) as data for the UI. */
async function guard<T>(title: string, work: () => Promise<T>, suggestion?: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError({
      code: 'model-manager',
      title,
      cause: error instanceof Error ? error.message : String(error),
      suggestion,
    });
  }
}

export function createModelsHandlers({ home, onModelRemoved }: ModelsDeps) {
  // Model-folder changes run one after another: two windows (or a double
  // click) must not race to create or remove the same folder.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    listModels: () => modelList(home),

    async setActiveModel({ id }: { id: string }) {
      const installed = await listModels({ home });
      if (!installed.some((m) => m.id === id && m.manifest)) {
        throw new AppError({
          code: 'model-not-found',
          title: `No usable model '${id}' is installed`,
        });
      }
      await writeAppSettings(home, { ...(await readAppSettings(home)), activeModelId: id });
      return modelList(home);
    },

    ensureDemoModel: () =>
      serial(() =>
        guard('Could not create the demo model', async () => {
          const demo = await ensureDemoModel({ home });
          const settings = await readAppSettings(home);
          if (!settings.activeModelId)
            await writeAppSettings(home, { ...settings, activeModelId: demo.id });
          return modelList(home);
        }),
      ),

    async verifyModelFolder({ path }: { path: string }) {
      const report = verifyModelFolder(path);
      return {
        ok: report.ok,
        problems: report.problems.map((p) => ({ file: p.file, message: p.message })),
      };
    },

    importModel: ({ path, name }: { path: string; name?: string }) =>
      serial(() =>
        guard(
          'Could not import the model',
          async () => {
            const report = verifyModelFolder(path);
            if (!report.ok) {
              throw new AppError({
                code: 'model-invalid',
                title: 'The folder does not follow the model contract',
                cause: report.problems
                  .map((p) => `${p.file ? `${p.file}: ` : ''}${p.message}`)
                  .join('; '),
                suggestion:
                  'Fix the listed problems (the model folder contract, docs/MODEL-CONTRACT.md, is shown under "Import a model folder") and import again.',
              });
            }
            const model = await importModel(path, { name, home });
            await writeAppSettings(home, {
              ...(await readAppSettings(home)),
              activeModelId: model.id,
            });
            return modelList(home);
          },
          'Check the folder path; nothing was installed.',
        ),
      ),

    removeModel: ({ id }: { id: string }) =>
      serial(() =>
        guard('Could not remove the model', async () => {
          await removeModel(id, { home });
          await onModelRemoved?.();
          return modelList(home);
        }),
      ),
  };
}
