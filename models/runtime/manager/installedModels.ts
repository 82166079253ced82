import { randomBytes } from 'node:crypto';
import { cp, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  createManifest,
  readManifest,
  writeManifest,
  type ModelManifest,
  type ModelSource,
} from './modelManifest';
import { modelId, modelsDir } from './modelsDir';

export interface InstalledModel {
  id: string;
  dir: string;
  manifest?: ModelManifest;
  /** Why the folder is not usable (no or bad manifest). */
  problem?: string;
}

/** Models in the app data folder; folders starting with '.' are staging areas and never listed. */
export async function listModels({ home }: { home?: string } = {}): Promise<InstalledModel[]> {
  const root = modelsDir(home);
  if (!existsSync(root)) return [];
  const out: InstalledModel[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dir = path.join(root, entry.name);
    try {
      out.push({ id: entry.name, dir, manifest: await readManifest(dir) });
    } catch (error) {
      out.push({ id: entry.name, dir, problem: (error as Error).message });
    }
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/** A fresh staging folder next to the installed models (same file system, so rename is atomic). */
export async function stagingDir(home: string | undefined, label: string): Promise<string> {
  const root = modelsDir(home);
  await mkdir(root, { recursive: true });
  return path.join(root, `.${label}-${randomBytes(4).toString('hex')}`);
}

/**
 * Writes the manifest into a finished staging folder and renames it into
 * place, so a model appears installed all at once or not at all.
 */
export async function placeModel(
  staged: string,
  { home, name, source }: { home?: string; name: string; source: ModelSource },
): Promise<InstalledModel> {
  const id = modelId(name);
  const target = path.join(modelsDir(home), id);
  if (existsSync(target))
    throw new Error(
      `a model with the folder name '${id}' is already installed; remove it or pick another --name`,
    );
  const manifest = await createManifest(staged, { id, name, source });
  await writeManifest(staged, manifest);
  await rename(staged, target);
  return { id, dir: target, manifest };
}

/** Copies a model folder into the app data folder after checking it, and writes its manifest. */
export async function importModel(
  sourceDir: string,
  { name, home }: { name?: string; home?: string } = {},
): Promise<InstalledModel> {
  const from = path.resolve(sourceDir);
  if (!existsSync(from)) throw new Error(`importModel: ${from} does not exist`);
  const staged = await stagingDir(home, 'import');
  try {
    await cp(from, staged, { recursive: true, errorOnExist: true, force: false });
    await rm(path.join(staged, 'mmx-manifest.json'), { force: true });
    return await placeModel(staged, {
      home,
      name: name ?? path.basename(from),
      source: { kind: 'import', path: from },
    });
  } finally {
    await rm(staged, { recursive: true, force: true });
  }
}

/** Finds an installed model by id or exact name. */
export async function findModel(
  nameOrId: string,
  { home }: { home?: string } = {},
): Promise<InstalledModel | undefined> {
  const models = await listModels({ home });
  return models.find((m) => m.id === nameOrId || m.manifest?.name === nameOrId);
}

/** Removes an installed model: renamed out of the listing first, then deleted. */
export async function removeModel(
  nameOrId: string,
  { home }: { home?: string } = {},
): Promise<InstalledModel> {
  const model = await findModel(nameOrId, { home });
  if (!model) throw new Error(`removeModel: no installed model is named '${nameOrId}'`);
  const trash = await stagingDir(home, 'removing');
  await rename(model.dir, trash);
  await rm(trash, { recursive: true, force: true });
  return model;
}
